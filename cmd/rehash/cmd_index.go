package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/dedup"
	"github.com/rehashdev/rehash/index"
	"github.com/rehashdev/rehash/ingest"
	"github.com/spf13/cobra"
)

// indexOpts are the flags shared by the index subcommands.
type indexOpts struct {
	dir  string
	open index.Options
	inputFlags
	// server and tokenFile send queries to a running server instead.
	server, tokenFile string
}

func (o *indexOpts) openIndex() (*index.Index, error) {
	if o.dir == "" {
		return nil, usageError{errors.New("--index is required")}
	}
	ix, err := index.Open(o.dir, &o.open)
	if err == nil {
		// What recovery dropped is said once, at open, by every command.
		for _, w := range ix.Warnings() {
			fmt.Fprintf(os.Stderr, "rehash: warning: %s: %s\n", o.dir, w)
		}
	}
	return ix, err
}

func newIndexCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	c := &cobra.Command{
		Use:   "index",
		Short: "Build and query a persistent, incremental index of documents",
		Long: `An index on disk that grows and shrinks one document at a time and answers
"have we seen this text before?" with the same normalization, shingles,
signatures and exact verification as rehash dedup. See docs/index.md.`,
	}
	c.AddCommand(newIndexAddCmd(stdin, stderr), newIndexQueryCmd(stdin, stdout),
		newIndexStatsCmd(stdout), newIndexDeleteCmd(stderr), newIndexSettleCmd(stdout),
		newIndexCheckCmd(stdout), newIndexRepairCmd(stdout), newIndexGetCmd(stdout, stderr))
	return c
}

// indexFlags binds --index and the index's own flags (index.Options.Flags).
func indexFlags(c *cobra.Command, o *indexOpts, groups index.FlagGroups) {
	c.Flags().StringVar(&o.dir, "index", "", "index directory (required)")
	libFlags(c.Flags(), func(fs *flag.FlagSet) { o.open.Flags(fs, groups) })
}

// indexAddOpts configure `rehash index add`.
type indexAddOpts struct {
	indexOpts
	load  index.LoadOptions
	quiet bool
}

func newIndexAddCmd(stdin io.Reader, stderr io.Writer) *cobra.Command {
	o := &indexAddOpts{}
	c := &cobra.Command{
		Use:   "add --index DIR [flags] PATH...",
		Short: "Add documents to an index, creating it if needed",
		Long: `Reads every format rehash dedup reads and adds each document. A document
whose id is stored with the same text is left unchanged; with another text,
it is replaced. Documents without words are skipped and counted; a record
that cannot be decoded stops the run (--on-error fail, the default) or is
skipped and counted (--on-error skip). Each batch is synced before the next is
read, so an interrupted run keeps what it reported.`,
		Example: `  rehash index add --index news.idx corpus.jsonl.gz
  rehash index add --index news.idx --threshold 0.7 examples/news`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return runIndexAdd(c.Context(), o, args, stdin, stderr)
		},
	}
	indexFlags(c, &o.indexOpts, index.ParamFlags|index.NoSyncFlag)
	libFlags(c.Flags(), o.load.Flags)
	o.bind(c.Flags())
	c.Flags().BoolVarP(&o.quiet, "quiet", "q", false, "no progress and no summary")
	return c
}

// addCounts tally `rehash index add`.
type addCounts struct {
	read, added, replaced, unchanged, bad int64
	empty                                 int64
}

func (a *addCounts) String() string {
	return fmt.Sprintf("read %s, added %d, replaced %d, unchanged %d, skipped %d (%d empty, %s)",
		count(a.read, "document"), a.added, a.replaced, a.unchanged, a.empty+a.bad, a.empty, count(a.bad, "bad record"))
}

func runIndexAdd(ctx context.Context, o *indexAddOpts, paths []string, stdin io.Reader, stderr io.Writer) error {
	if o.load.Batch < 1 || o.load.Jobs < 1 {
		return usageError{errors.New("--batch and --jobs must be at least 1")}
	}
	in, err := o.input(stdin)
	if err != nil {
		return err
	}
	ix, err := o.openIndex()
	if err != nil {
		return err
	}
	defer ix.Close()
	start := time.Now()
	counts := &addCounts{}
	var prog *progress
	pr := &dedup.Progress{}
	if !o.quiet && isTerminal(stderr) {
		o.ingest.BytesRead = &pr.Bytes
		prog = startProgress(stderr, totalSize(paths), pr)
	}
	loader := ix.NewLoader(ctx, &o.load)
	readErr := ingest.Read(ctx, paths, in, func(r *ingest.Record) error {
		counts.read++
		d, err := r.Document()
		if err == nil {
			// An id the index cannot store is this record's problem, not
			// the batch's: skipped and named like any bad record.
			if ierr := index.ValidID(d.ID); ierr != nil {
				// (%v, not %w: a bad record, exit 3, not a usage error)
				err = &rehash.RecordError{Source: r.Source, Reason: rehash.SkipBadID, Err: fmt.Errorf("%v", ierr)}
			}
		}
		if err != nil {
			var rerr *rehash.RecordError
			if o.onError != ingest.Skip || !errors.As(err, &rerr) {
				return err
			}
			counts.bad++
			if !o.quiet {
				fmt.Fprintf(stderr, "rehash: skipped %v\n", err)
			}
			return nil
		}
		return loader.Add(index.Doc{ID: d.ID, Text: d.Text, Meta: d.Meta})
	})
	// What was read before an input error is added all the same: the
	// summary then counts it, and the error says where reading stopped.
	lc, addErr := loader.Finish()
	counts.added, counts.replaced, counts.unchanged, counts.empty = lc.Added, lc.Replaced, lc.Unchanged, lc.Empty
	prog.stop()
	if !o.quiet {
		stopped := ""
		if readErr != nil || addErr != nil {
			stopped = " (stopped early by the error below)"
		}
		fmt.Fprintf(stderr, "%v in %.1fs%s\n", counts, time.Since(start).Seconds(), stopped)
	}
	if addErr != nil && !errors.Is(addErr, context.Canceled) {
		return addErr
	}
	if readErr != nil {
		return readErr
	}
	return addErr
}

func newIndexQueryCmd(stdin io.Reader, stdout io.Writer) *cobra.Command {
	o := &indexOpts{}
	q := &index.QueryOptions{}
	c := &cobra.Command{
		Use:   "query --index DIR [flags] FILE|-",
		Short: "Find the stored documents similar to each input document",
		Long: `Reads documents as rehash index add does (a text file is one document;
JSON Lines give one each) and writes one JSON line per match: the query
document's id, the match's id and metadata, and exact scores. With --reuse
it also writes one line per reuse link, {"query": ID, "link": {...}}: a
stored document sharing passages with the query at any similarity, with
the relation, scores and passages (spans into the query's text and the
stored text). Nothing is added to the index.`,
		Example: `  rehash index query --index news.idx draft.txt
  cat draft.txt | rehash index query --index news.idx -`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return runIndexQuery(c.Context(), o, q, args, stdin, stdout)
		},
	}
	indexFlags(c, o, 0)
	o.bind(c.Flags())
	c.Flags().Float64VarP(&q.Threshold, "threshold", "t", 0, "least Jaccard similarity reported (0: the index's)")
	c.Flags().IntVar(&q.Limit, "limit", 0, "matches (and links) per document, best first (0: all)")
	c.Flags().BoolVar(&q.Reuse, "reuse", false, "also write reuse links: stored documents sharing passages at any similarity")
	o.serverFlags(c)
	return c
}

// queryLine is a match line of `rehash index query`.
type queryLine struct {
	Query string `json:"query"`
	index.Match
}

// linkLine is a reuse link line of `rehash index query --reuse`.
type linkLine struct {
	Query string      `json:"query"`
	Link  *index.Link `json:"link"`
}

func runIndexQuery(ctx context.Context, o *indexOpts, q *index.QueryOptions, paths []string, stdin io.Reader, stdout io.Writer) error {
	in, err := o.input(stdin)
	if err != nil {
		return err
	}
	if o.server != "" {
		return runRemoteQuery(ctx, o, q, in, paths, stdout)
	}
	o.open.ReadOnly = true
	ix, err := o.openIndex()
	if err != nil {
		return err
	}
	defer ix.Close()
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	return ingest.Read(ctx, paths, in, func(r *ingest.Record) error {
		d, err := r.Document()
		if err != nil {
			if _, ok := o.onError.Skips(err); ok {
				return nil
			}
			return err
		}
		qo := *q
		qo.ID = d.ID
		res, err := ix.Search(ctx, d.Text, &qo)
		if err != nil {
			return err
		}
		for _, m := range res.Matches {
			if err := enc.Encode(queryLine{Query: d.ID, Match: m}); err != nil {
				return err
			}
		}
		for i := range res.Links {
			if err := enc.Encode(linkLine{Query: d.ID, Link: &res.Links[i]}); err != nil {
				return err
			}
		}
		return nil
	})
}

func newIndexStatsCmd(stdout io.Writer) *cobra.Command {
	o := &indexOpts{}
	check := false
	c := &cobra.Command{
		Use:   "stats --index DIR",
		Short: "Print an index's document count, disk use and parameters as JSON",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			o.open.ReadOnly = true
			ix, err := o.openIndex()
			if err != nil {
				return err
			}
			defer ix.Close()
			if check {
				if err := ix.Check(c.Context()); err != nil {
					return err
				}
			}
			st, err := ix.Stats()
			if err != nil {
				return err
			}
			return writeStats(stdout, st)
		},
	}
	indexFlags(c, o, 0)
	c.Flags().BoolVar(&check, "check", false, "also verify that every entry is consistent (reads the whole index)")
	return c
}

func writeStats(w io.Writer, st index.Stats) error {
	p := st.Params
	return json.NewEncoder(w).Encode(map[string]any{
		"docs": st.Docs, "disk_bytes": st.DiskBytes, "format": p.Format,
		"params":          map[string]any{"threshold": p.Threshold, "shingle": p.Shingle, "slots": p.Slots, "seed": p.Seed, "bands": p.Bands, "rows": p.Rows},
		"l0_files":        st.L0Files,
		"l0_sublevels":    st.L0Sublevels,
		"read_amp":        st.ReadAmp,
		"compaction_debt": st.CompactionDebt,
	})
}

func newIndexSettleCmd(stdout io.Writer) *cobra.Command {
	o := &indexOpts{}
	timeout := time.Duration(0)
	c := &cobra.Command{
		Use:   "settle --index DIR",
		Short: "Wait for the compactions a bulk load left behind, then print stats",
		Long: `A bulk load leaves the store's top level with many overlapping files that
every query must consult until background compactions merge them. settle
opens the index, waits until the compactions have no debt left (or
--timeout passes), and prints the stats. Run it before measuring queries.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			ix, err := o.openIndex()
			if err != nil {
				return err
			}
			defer ix.Close()
			ctx := c.Context()
			if timeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, timeout)
				defer cancel()
			}
			if err := ix.Settle(ctx, 0); err != nil && !errors.Is(err, context.DeadlineExceeded) {
				return err
			}
			st, err := ix.Stats()
			if err != nil {
				return err
			}
			return writeStats(stdout, st)
		},
	}
	indexFlags(c, o, 0)
	c.Flags().DurationVar(&timeout, "timeout", 0, "give up waiting after this long (0: no limit)")
	return c
}

func newIndexDeleteCmd(stderr io.Writer) *cobra.Command {
	o := &indexOpts{}
	c := &cobra.Command{
		Use:   "delete --index DIR ID...",
		Short: "Delete documents from an index by id",
		Long:  `Deletes every id given; ids not in the index are named and make the exit status 1.`,
		Args:  cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, ids []string) error {
			ix, err := o.openIndex()
			if err != nil {
				return err
			}
			defer ix.Close()
			missing := 0
			for _, id := range ids {
				err := ix.Delete(c.Context(), id)
				if errors.Is(err, index.ErrNotFound) {
					fmt.Fprintf(stderr, "rehash: not in the index: %s\n", id)
					missing++
					continue
				}
				if err != nil {
					return err
				}
			}
			if missing > 0 {
				return fmt.Errorf("%d of %d ids not found", missing, len(ids))
			}
			return nil
		},
	}
	indexFlags(c, o, 0)
	return c
}

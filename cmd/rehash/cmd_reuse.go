package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/evidence"
	"github.com/rehashdev/rehash/ingest"
	"github.com/rehashdev/rehash/internal/output"
	"github.com/rehashdev/rehash/reuse"
	"github.com/spf13/cobra"
)

type reuseOpts struct {
	output string
	quiet  bool
	run    reuse.Options
	ingest ingest.Options
}

func newReuseCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	o := &reuseOpts{}
	c := &cobra.Command{
		Use:   "reuse [flags] PATH...",
		Short: "Find every pair of documents that share passages, with the evidence",
		Long: `Reads files and directories (any format dedup reads; not standard input,
which cannot be read twice) and writes one JSON line per pair of documents
that share at least one passage of --min-words words: a rehash.Link with the
relation (exact, near-duplicate, contains, contained-in, partial-reuse,
excerpt), the scores, the likely source and the passages with byte ranges
in both raw inputs. Text shared by more than --max-df documents is treated
as boilerplate. Output is ordered by the input positions of a, then b, and
does not depend on -j.`,
		Example: `  rehash reuse examples/news
  rehash reuse corpus.jsonl.gz -o links.jsonl --min-words 10`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return runReuse(c.Context(), o, args, stdout, stderr)
		},
	}
	f := c.Flags()
	f.StringVarP(&o.output, "output", "o", "-", "links output, one JSON line per pair (- for standard output; .gz/.zst compress)")
	f.IntVar(&o.run.Align.MinWords, "min-words", 8, "shortest shared passage, in words")
	f.BoolVar(&o.run.Align.Quotes, "text", false, "put each passage's text on both sides in the link (quote_a, quote_b)")
	f.IntVar(&o.run.MaxDF, "max-df", 20, "text in more documents than this is boilerplate and links nothing")
	f.Float64Var(&o.run.Rarity, "rarity", 3.25, "bits of information per word (of max(--min-words, 8)) a shared passage must carry, a word in df of N documents carrying log2(N/df); negative: off")
	f.IntVarP(&o.run.Workers, "jobs", "j", 0, "worker goroutines (0: all cores); output does not depend on it")
	f.StringVar(&o.ingest.Format, "format", "", "input format, instead of detecting it: "+fmt.Sprint(ingest.FormatNames()))
	f.StringVar(&o.ingest.IDField, "id-field", "id", "JSON field or CSV column holding the id")
	f.StringVar(&o.ingest.TextField, "text-field", "text", "JSON field or CSV column holding the text")
	addReadFlags(f, &o.ingest)
	f.BoolVar(&o.ingest.KeepMail, "keep-mail", false, "keep mail/news headers and \"-- \" signatures in the text (default: headers become title and date, signatures are dropped)")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "no summary")
	return c
}

func runReuse(ctx context.Context, o *reuseOpts, paths []string, stdout, stderr io.Writer) error {
	o.run.Ingest = &o.ingest
	if err := output.Check(paths, []string{o.output}, nil, stdout); err != nil {
		return err
	}
	out, err := output.Create(o.output, stdout)
	if err != nil {
		return err
	}
	defer out.Abort()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	counts := map[rehash.Relation]int{}
	st, err := reuse.Run(ctx, paths, &o.run, func(l rehash.Link) error {
		counts[l.Relation]++
		return enc.Encode(l)
	})
	switch {
	case errors.Is(err, evidence.ErrOptions), errors.Is(err, reuse.ErrStdin):
		return usageError{err}
	case err != nil:
		return err
	}
	if err := out.Commit(); err != nil {
		return err
	}
	if !o.quiet {
		var skipped int64
		for _, n := range st.Skipped {
			skipped += n
		}
		var rels []string
		for r, n := range counts {
			rels = append(rels, fmt.Sprintf("%s %d", r, n))
		}
		sort.Strings(rels)
		fmt.Fprintf(stderr, "rehash: %d read, %d documents, %d skipped, %d exact repeats; %d fingerprints (%d boilerplate), %d candidate pairs; %d links (%s); %.2fs\n",
			st.Read, st.Docs, skipped, st.Exact, st.Postings, st.Boiler, st.Candidates, st.Links, strings.Join(rels, ", "), st.Seconds)
	}
	return nil
}

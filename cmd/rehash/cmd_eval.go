package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/rehashdev/rehash/dedup"
	"github.com/rehashdev/rehash/ingest"
	"github.com/rehashdev/rehash/join/eval"
	"github.com/spf13/cobra"
)

type evalOpts struct {
	onError string
	json    bool
	missed  int
	run     dedup.Options
	ingest  ingest.Options
}

func newEvalCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	c := &cobra.Command{
		Use:   "eval",
		Short: "Measure deduplication quality against ground truth",
	}
	c.AddCommand(newEvalExactCmd(stdout))
	return c
}

func newEvalExactCmd(stdout io.Writer) *cobra.Command {
	o := &evalOpts{}
	c := &cobra.Command{
		Use:   "exact [flags] PATH...",
		Short: "Compare dedup with an exact all-pairs similarity join",
		Long: `Runs dedup with the given parameters, then finds every pair of distinct
texts whose exact Jaccard similarity reaches the threshold with an exact
set-similarity join over the same shingle sets, and reports recall and
precision of dedup's near-duplicate pairs, recall by Jaccard band, the pairs
missed, cluster agreement, and the time of each. Exact duplicates (same
normalized text) are counted separately. The inputs are read twice, so
standard input is not accepted. See docs/eval.md.`,
		Example: `  rehash eval exact corpus.jsonl.gz
  rehash eval exact -t 0.5 --json corpus.jsonl.gz > eval.json
  rehash eval exact --bands 16 --rows 8 corpus.jsonl.gz`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return runEvalExact(c.Context(), o, args, stdout)
		},
	}
	f := c.Flags()
	f.Float64VarP(&o.run.Threshold, "threshold", "t", 0.8, "Jaccard similarity at or above which documents are near-duplicates")
	f.IntVarP(&o.run.K, "shingle", "k", 5, "words per shingle")
	f.IntVar(&o.run.Size, "slots", 128, "signature slots (MinHash size)")
	f.IntVar(&o.run.Bands, "bands", 0, "LSH bands (0: chosen from the threshold)")
	f.IntVar(&o.run.Rows, "rows", 0, "LSH rows per band (0: chosen from the threshold)")
	f.Uint64Var(&o.run.Seed, "seed", dedup.DefaultSeed, "hash seed")
	f.IntVarP(&o.run.Workers, "jobs", "j", 0, "worker goroutines (0: all cores); output does not depend on it")
	f.StringVar(&o.onError, "on-error", "fail", "on a bad record: fail (stop, naming it) or skip (count it and go on)")
	f.StringVar(&o.ingest.Format, "format", "", "input format, instead of detecting it: "+fmt.Sprint(ingest.FormatNames()))
	f.StringVar(&o.ingest.IDField, "id-field", "id", "JSON field or CSV column holding the id")
	f.StringVar(&o.ingest.TextField, "text-field", "text", "JSON field or CSV column holding the text")
	f.BoolVar(&o.json, "json", false, "write the report as JSON")
	f.IntVar(&o.missed, "missed", eval.DefaultMissed, "how many missed pairs to list (highest Jaccard first)")
	return c
}

func runEvalExact(ctx context.Context, o *evalOpts, paths []string, stdout io.Writer) error {
	o.run.OnError = dedup.OnError(o.onError)
	o.run.Ingest = &o.ingest
	missed := o.missed
	if missed == 0 {
		missed = -1
	}
	rep, err := eval.Exact(ctx, paths, &eval.Options{Dedup: &o.run, Missed: missed})
	if errors.Is(err, eval.ErrStdin) {
		return usageError{err}
	}
	if err != nil {
		return err
	}
	if o.json {
		return rep.WriteJSON(stdout)
	}
	return rep.WriteText(stdout)
}

package main

import (
	"context"
	"io"

	"github.com/rehashdev/rehash/dedup"
	"github.com/rehashdev/rehash/join/eval"
	"github.com/spf13/cobra"
)

type evalOpts struct {
	runFlags
	json   bool
	missed int
}

func newEvalCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	c := &cobra.Command{
		Use:   "eval",
		Short: "Measure deduplication quality against ground truth",
	}
	c.AddCommand(newEvalExactCmd(stdout))
	c.AddCommand(newEvalStoriesCmd(stdout, stderr))
	c.AddCommand(newEvalReuseCmd(stdout))
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
	o.register(f, dedup.FlagSignature)
	f.BoolVar(&o.json, "json", false, "write the report as JSON")
	f.IntVar(&o.missed, "missed", eval.DefaultMissed, "how many missed pairs to list (highest Jaccard first)")
	return c
}

func runEvalExact(ctx context.Context, o *evalOpts, paths []string, stdout io.Writer) error {
	if _, err := o.options(nil); err != nil {
		return err
	}
	missed := o.missed
	if missed == 0 {
		missed = -1
	}
	rep, err := eval.Exact(ctx, paths, &eval.Options{Dedup: &o.run, Missed: missed})
	if err != nil {
		return err
	}
	if o.json {
		return rep.WriteJSON(stdout)
	}
	return rep.WriteText(stdout)
}

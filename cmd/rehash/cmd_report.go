package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/rehashdev/rehash/dedup"
	"github.com/rehashdev/rehash/internal/output"
	"github.com/rehashdev/rehash/report"
	"github.com/spf13/cobra"
)

type reportOpts struct {
	runFlags
	report report.Options
	output string
	csv    string
	quiet  bool
}

func newReportCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	o := &reportOpts{}
	c := &cobra.Command{
		Use:   "report [flags] PATH...",
		Short: "Write a self-contained HTML report of clusters and reuse links",
		Long: `Finds the clusters of near-duplicates in the inputs (as rehash dedup does)
and writes one HTML file that lists them with the pairs of documents that
share text; each pair opens side by side with the shared passages
highlighted and linked. The file needs no network and no other file.

The pairs are those a reuse search finds (as rehash reuse does: every pair
sharing a passage of --min-words words, with its relation and passages),
together with dedup's verified near-duplicates. --no-reuse skips the search
and lists dedup's pairs alone, without passages. --links adds links from a
JSON Lines file, such as the output of an earlier rehash reuse; they take
the place of the search's links for the same pairs.

The inputs are read once and held in memory (standard input included).`,
		Example: `  rehash report examples/news -o report.html
  rehash report corpus.jsonl -o report.html --title "Wire archive" --min-words 10
  rehash report corpus.jsonl --no-reuse --links links.jsonl -o report.html
  rehash report corpus.jsonl -o report.html --csv links.csv`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return runReport(c.Context(), o, args, stdin, stdout, stderr)
		},
	}
	f := c.Flags()
	f.StringVarP(&o.output, "output", "o", "-", "the HTML report (- for standard output)")
	f.StringVar(&o.csv, "csv", "", "also write the links table as CSV to this `file` (- for standard output), as the page's Export CSV does")
	libFlags(f, o.report.Flags)
	o.register(f, dedup.FlagKeep)
	libFlags(f, o.report.Reuse.Flags)
	f.BoolVarP(&o.quiet, "quiet", "q", false, "no summary")
	return c
}

func runReport(ctx context.Context, o *reportOpts, paths []string, stdin io.Reader, stdout, stderr io.Writer) error {
	run, err := o.options(stdin)
	if err != nil {
		return err
	}
	ro := &o.report
	ro.Dedup, ro.Ingest, ro.OnError = *run, &o.ingest, o.onError
	ro.Reuse.Workers = run.Workers
	if err := ro.Validate(); err != nil {
		return err
	}
	inputs := paths
	if ro.Links != "" {
		inputs = append(inputs[:len(inputs):len(inputs)], ro.Links)
	}
	if o.csv == "-" && o.output == "-" {
		return usageError{errors.New("only one of -o and --csv can be standard output (-)")}
	}
	if err := output.Check(inputs, []string{o.output, o.csv}, stdin, stdout); err != nil {
		return err
	}
	in, err := report.Run(ctx, paths, ro)
	if err != nil {
		return err
	}
	out, err := output.Create(o.output, stdout)
	if err != nil {
		return err
	}
	defer out.Abort()
	var csv *output.File
	if o.csv != "" {
		if csv, err = output.Create(o.csv, stdout); err != nil {
			return err
		}
		defer csv.Abort()
	}
	err = output.WriteAll(
		output.Job{File: out, Write: func(w io.Writer) error { return report.Write(w, in) }},
		output.Job{File: csv, Write: func(w io.Writer) error { return report.WriteCSV(w, in) }},
	)
	if err != nil {
		return err
	}
	if !o.quiet {
		fmt.Fprintf(stderr, "rehash: report of %s, %s, %s written to %s\n",
			count(len(in.Docs), "document"), count(len(in.Clusters), "cluster"), count(len(in.Links), "link"), o.output)
	}
	return nil
}

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/klauspost/compress/gzip"
	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/dedup"
	"github.com/rehashdev/rehash/internal/output"
	"github.com/rehashdev/rehash/report"
	"github.com/rehashdev/rehash/reuse"
	"github.com/spf13/cobra"
)

type reportOpts struct {
	runFlags
	output, links, title string
	maxText              int
	quiet, noReuse       bool
	reuse                reuse.Options
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
the place of the search's links for the same pairs.`,
		Example: `  rehash report examples/news -o report.html
  rehash report corpus.jsonl -o report.html --title "Wire archive" --min-words 10
  rehash report corpus.jsonl --no-reuse --links links.jsonl -o report.html`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return runReport(c.Context(), o, args, stdin, stdout, stderr)
		},
	}
	f := c.Flags()
	f.StringVarP(&o.output, "output", "o", "-", "the HTML report (- for standard output)")
	f.StringVar(&o.links, "links", "", "add the links in this JSON Lines file (one link with its passages per line; .gz read as gzip)")
	f.StringVar(&o.title, "title", "", "the report's title (default: the inputs)")
	f.BoolVar(&o.noReuse, "no-reuse", false, "skip the reuse search: list dedup's verified pairs (and --links) only")
	f.IntVar(&o.maxText, "max-text", report.DefaultMaxText, "show at most this many bytes of each text (-1: all)")
	o.register(f, dedup.FlagKeep)
	libFlags(f, o.reuse.Flags)
	f.BoolVarP(&o.quiet, "quiet", "q", false, "no summary")
	return c
}

func runReport(ctx context.Context, o *reportOpts, paths []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if _, err := o.options(stdin); err != nil {
		return err
	}
	o.reuse.Workers, o.reuse.Ingest, o.reuse.OnError = o.run.Workers, &o.ingest, o.onError
	if err := o.reuse.Validate(); err != nil {
		return err
	}
	keep := o.run.Keep
	if o.maxText == 0 {
		return usageError{errors.New("--max-text must not be 0 (use -1 for no cap)")}
	}
	for _, p := range paths {
		if p == "-" {
			// The texts are read a second time, which standard input
			// cannot do.
			return usageError{errors.New("report reads its inputs twice and cannot read standard input; give files")}
		}
	}
	inputs := paths
	if o.links != "" {
		inputs = append(inputs[:len(inputs):len(inputs)], o.links)
	}
	if err := output.Check(inputs, []string{o.output}, nil, stdout); err != nil {
		return err
	}
	var fromFile []rehash.Link
	if o.links != "" {
		var err error
		if fromFile, err = readLinks(o.links); err != nil {
			return err
		}
	}
	out, err := output.Create(o.output, stdout)
	if err != nil {
		return err
	}
	defer out.Abort()

	res, err := dedup.Run(ctx, paths, &o.run)
	if err != nil {
		return err
	}
	defer res.Close()

	in := &report.Input{Title: o.title, MaxText: o.maxText}
	if in.Title == "" {
		in.Title = "rehash report: " + strings.Join(paths, ", ")
	}
	// Links from the file come first so that they win over the search's.
	extra := fromFile
	if !o.noReuse {
		_, err := reuse.Run(ctx, paths, &o.reuse, func(l rehash.Link) error {
			extra = append(extra, l)
			return nil
		})
		if err != nil {
			return err
		}
	}
	in.Clusters = report.Clusters(res)
	in.Links = report.Links(res, extra)
	if in.Docs, err = report.LoadDocs(ctx, paths, &o.ingest, res, in.Clusters, in.Links); err != nil {
		return err
	}
	in.Notes = []string{fmt.Sprintf("%d documents read; near-duplicates at Jaccard ≥ %.2f over %d-word shingles, keep %s.",
		len(res.Docs), o.run.Threshold, o.run.Shingle, keep)}
	if !o.noReuse {
		in.Notes = append(in.Notes, fmt.Sprintf("Reuse search: shared passages of at least %d words; text in more than %d documents is boilerplate.",
			o.reuse.Align.MinWords, o.reuse.MaxDF))
	}
	if o.links != "" {
		in.Notes = append(in.Notes, fmt.Sprintf("%d links read from %s.", len(fromFile), o.links))
	}
	if err := output.WriteAll(output.Job{File: out, Write: func(w io.Writer) error { return report.Write(w, in) }}); err != nil {
		return err
	}
	if !o.quiet {
		fmt.Fprintf(stderr, "rehash: report of %s, %s, %s written to %s\n",
			count(len(in.Docs), "document"), count(len(in.Clusters), "cluster"), count(len(in.Links), "link"), o.output)
	}
	return nil
}

// readLinks reads a JSON Lines file of rehash.Link (gzip-compressed if it
// starts like gzip).
func readLinks(name string) ([]rehash.Link, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<16)
	var r io.Reader = br
	if head, _ := br.Peek(2); len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		defer zr.Close()
		r = zr
	}
	dec := json.NewDecoder(r)
	var links []rehash.Link
	for n := 1; ; n++ {
		var l rehash.Link
		if err := dec.Decode(&l); err == io.EOF {
			return links, nil
		} else if err != nil {
			return nil, fmt.Errorf("%s: link %d: %w", name, n, err)
		}
		if l.A == "" || l.B == "" {
			return nil, fmt.Errorf("%s: link %d: no a or b id", name, n)
		}
		links = append(links, l)
	}
}

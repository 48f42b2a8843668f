package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/rehashdev/rehash/dedup"
	"github.com/rehashdev/rehash/internal/output"
	"github.com/spf13/cobra"
)

type dedupOpts struct {
	runFlags
	output, pairs, dedupOut string
	quiet                   bool
	templatesSet            bool // --templates given
}

func newDedupCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	o := &dedupOpts{}
	c := &cobra.Command{
		Use:   "dedup [flags] PATH...",
		Short: "Find exact and near-duplicate documents and group them into clusters",
		Long: `Reads files, directories (walked recursively) or - for standard input,
in any of these formats, detected from the name or the content or given
with --format: text and HTML files (one document each), JSON Lines, JSON
arrays, CSV and TSV (one row each), WARC, Parquet, tar and zip archives
(each member by its own format); compressed with gzip, zstd or bzip2 or
not. Writes one JSON line per document (id, cluster, keep,
duplicate_of, similarity) to -o, verified pairs to --pairs, the kept
records byte for byte to --dedup-out, and a summary to standard error.`,
		Example: `  rehash dedup examples/news
  rehash dedup corpus.jsonl.gz -o clusters.jsonl --pairs pairs.jsonl
  rehash dedup corpus.jsonl --dedup-out clean.jsonl
  cat corpus.jsonl | rehash dedup - --threshold 0.7`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.templatesSet = c.Flags().Changed("templates")
			return runDedup(c.Context(), o, args, stdin, stdout, stderr)
		},
	}
	f := c.Flags()
	f.StringVarP(&o.output, "output", "o", "-", "clusters output, one JSON line per document (- for standard output; .gz/.zst compress)")
	f.StringVar(&o.pairs, "pairs", "", "write verified pairs as JSON Lines to this file")
	f.StringVar(&o.dedupOut, "dedup-out", "", "write the kept input records, byte for byte and in input order, to this file")
	o.register(f, dedup.FlagSignature|dedup.FlagKeep|dedup.FlagTwoPass|dedup.FlagMemory|dedup.FlagTemplates)
	f.BoolVarP(&o.quiet, "quiet", "q", false, "no progress bar and no summary")
	return c
}

func runDedup(ctx context.Context, o *dedupOpts, paths []string, stdin io.Reader, stdout, stderr io.Writer) error {
	// Everything that can be checked before reading is checked before any
	// output is created: flags, then the inputs, then the outputs.
	o.run.KeepRaw = o.dedupOut != ""
	o.templatesDefault(paths, stderr)
	if _, err := o.options(stdin); err != nil {
		return err
	}
	if o.run.Memory > 0 {
		// The budget covers the whole process: let the garbage collector
		// hold the heap to it rather than to twice the live data.
		debug.SetMemoryLimit(o.run.Memory)
	}
	o.run.Progress = &dedup.Progress{}

	// Two streams on standard output would interleave mid-line.
	onStdout := 0
	for _, name := range []string{o.output, o.pairs, o.dedupOut} {
		if name == "-" {
			onStdout++
		}
	}
	if onStdout > 1 {
		return usageError{errors.New("only one of -o, --pairs and --dedup-out can be standard output (-)")}
	}
	if strings.HasSuffix(o.dedupOut, ".parquet") {
		if err := oneParquetInput(paths, o.dedupOut); err != nil {
			return err
		}
	}
	if err := output.Check(paths, []string{o.output, o.pairs, o.dedupOut}, stdin, stdout); err != nil {
		return err
	}
	// Create the outputs (temporary files beside them) before the work: a
	// typo in a directory fails now, not after an hour of reading.
	out, err := output.Create(o.output, stdout)
	if err != nil {
		return err
	}
	defer out.Abort()
	var pairs, kept *output.File
	if o.pairs != "" {
		if pairs, err = output.Create(o.pairs, stdout); err != nil {
			return err
		}
		defer pairs.Abort()
	}
	if o.dedupOut != "" {
		if kept, err = output.Create(o.dedupOut, stdout); err != nil {
			return err
		}
		defer kept.Abort()
	}

	var bar *progress
	if !o.quiet && isTerminal(stderr) {
		bar = startProgress(stderr, totalSize(paths), o.run.Progress)
	}
	start := time.Now()
	res, err := dedup.Run(ctx, paths, &o.run)
	bar.stop()
	if err != nil {
		if o.run.SpillDir != "" && !errors.Is(err, dedup.ErrOptions) && !errors.Is(err, dedup.ErrSpillDir) {
			fmt.Fprintf(stderr, "rehash: the run's files are kept in %s: run the same command again to resume\n", o.run.SpillDir)
		}
		return err
	}
	defer res.Close()

	err = output.WriteAll(
		output.Job{File: out, Write: res.WriteClusters},
		output.Job{File: pairs, Write: res.WritePairs},
		output.Job{File: kept, Write: func(w io.Writer) error { return writeKept(res, w, o.dedupOut) }},
	)
	if err != nil {
		return err
	}
	res.Stats.Seconds = time.Since(start).Seconds()
	if !o.quiet {
		res.Stats.Summary(stderr)
		if kept != nil {
			n := 0
			for i := range res.Docs {
				if res.Kept(i) {
					n++
				}
			}
			fmt.Fprintf(stderr, "rehash: %s to %s (the deduplicated dataset)\n", count(n, "kept record"), o.dedupOut)
		}
		fmt.Fprintf(stderr, "rehash: LSH %s over %d slots, threshold %.2f, %d-word shingles\n",
			res.Params.Banding(), res.Params.Slots, res.Params.Threshold, res.Params.Shingle)
	}
	return nil
}

// templatesDefault turns the template check off where its default
// (merge: mark in the pairs, cluster as before) would show nothing (no
// --pairs) or cannot run (standard input, --memory): the check reads the
// pairs' documents again. Given explicitly, --templates is kept and such
// a run is refused.
func (o *dedupOpts) templatesDefault(paths []string, stderr io.Writer) {
	if o.templatesSet || o.run.Templates != dedup.TemplatesMerge {
		return
	}
	switch {
	case o.pairs == "":
		o.run.Templates = dedup.TemplatesOff
	case slices.Contains(paths, "-") || o.run.Memory > 0:
		o.run.Templates = dedup.TemplatesOff
		if !o.quiet {
			fmt.Fprintln(stderr, "rehash: templates are not marked in --pairs: the check reads the pairs' documents again, which standard input and --memory runs cannot")
		}
	}
}

// oneParquetInput checks, before the run, what Parquet output needs: one
// input, a file that is not standard input. Its format is checked again
// once read.
func oneParquetInput(paths []string, name string) error {
	if len(paths) != 1 || paths[0] == "-" {
		return usageError{fmt.Errorf("--dedup-out %s: Parquet output needs exactly one Parquet input file", name)}
	}
	if fi, err := os.Stat(paths[0]); err == nil && fi.IsDir() {
		return usageError{fmt.Errorf("--dedup-out %s: Parquet output needs exactly one Parquet input file, not the directory %s", name, paths[0])}
	}
	return nil
}

// writeKept writes the deduplicated dataset: Parquet when the name ends
// in .parquet, else the records in the input's own framing.
func writeKept(res *dedup.Result, out io.Writer, name string) error {
	if strings.HasSuffix(name, ".parquet") {
		return res.WriteKeptParquet(out)
	}
	return res.WriteKept(out)
}

// totalSize adds up the sizes of the inputs for the progress bar; -1 when
// unknown (standard input).
func totalSize(paths []string) int64 {
	var total int64
	for _, p := range paths {
		if p == "-" {
			return -1
		}
		filepath.Walk(p, func(_ string, fi os.FileInfo, err error) error {
			if err == nil && fi.Mode().IsRegular() {
				total += fi.Size()
			}
			return nil
		})
	}
	return total
}

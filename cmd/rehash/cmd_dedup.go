package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rehashdev/rehash/dedup"
	"github.com/rehashdev/rehash/ingest"
	"github.com/spf13/cobra"
)

type dedupOpts struct {
	runFlags
	output, pairs, dedupOut string
	quiet                   bool
}

func newDedupCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	o := &dedupOpts{}
	c := &cobra.Command{
		Use:   "dedup [flags] PATH...",
		Short: "Find exact and near-duplicate documents and group them into clusters",
		Long: `Reads files, directories (walked recursively) or - for standard input:
text files (one document each), JSON Lines, compressed with gzip, zstd or
bzip2 or not. Writes one JSON line per document (id, cluster, keep,
duplicate_of, similarity) to -o, verified pairs to --pairs, the kept
records byte for byte to --dedup-out, and a summary to standard error.`,
		Example: `  rehash dedup examples/news
  rehash dedup corpus.jsonl.gz -o clusters.jsonl --pairs pairs.jsonl
  rehash dedup corpus.jsonl --dedup-out clean.jsonl
  cat corpus.jsonl | rehash dedup - --threshold 0.7`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.ingest.Stdin = stdin
			return runDedup(c.Context(), o, args, stdout, stderr)
		},
	}
	f := c.Flags()
	f.StringVarP(&o.output, "output", "o", "-", "clusters output, one JSON line per document (- for standard output; .gz/.zst compress)")
	f.StringVar(&o.pairs, "pairs", "", "write verified pairs as JSON Lines to this file")
	f.StringVar(&o.dedupOut, "dedup-out", "", "write the kept input records, byte for byte and in input order, to this file")
	o.register(f, withSignature|withKeep)
	f.BoolVar(&o.run.TwoPass, "two-pass", false, "hold only band keys while reading and read the inputs again for the candidates' shingles: for corpora whose shingles (8 bytes a word) do not fit in memory; not for standard input")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "no progress bar and no summary")
	return c
}

func runDedup(ctx context.Context, o *dedupOpts, paths []string, stdout, stderr io.Writer) error {
	if _, err := o.options(); err != nil {
		return err
	}
	o.run.KeepRaw = o.dedupOut != ""
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
	// Open the outputs first: a typo in a path should fail before an hour
	// of work, not after.
	out, err := createOutput(o.output, stdout)
	if err != nil {
		return err
	}
	defer out.Close()
	var pairs, kept *output
	if o.pairs != "" {
		if pairs, err = createOutput(o.pairs, stdout); err != nil {
			return err
		}
		defer pairs.Close()
	}
	if o.dedupOut != "" {
		if kept, err = createOutput(o.dedupOut, stdout); err != nil {
			return err
		}
		defer kept.Close()
	}

	var bar *progress
	if !o.quiet && isTerminal(stderr) {
		bar = startProgress(stderr, totalSize(paths), o.run.Progress)
	}
	start := time.Now()
	res, err := dedup.Run(ctx, paths, &o.run)
	bar.stop()
	if err != nil {
		return err
	}
	defer res.Close()

	if err := res.WriteClusters(out); err != nil {
		return err
	}
	if pairs != nil {
		if err := res.WritePairs(pairs); err != nil {
			return err
		}
	}
	if kept != nil {
		if err := writeKept(res, kept, o.dedupOut); err != nil {
			return err
		}
	}
	for _, f := range []*output{out, pairs, kept} {
		if err := f.Close(); err != nil {
			return err
		}
	}
	res.Stats.Seconds = time.Since(start).Seconds()
	if !o.quiet {
		res.Stats.Summary(stderr)
		fmt.Fprintf(stderr, "rehash: LSH %s over %d slots, threshold %.2f, %d-word shingles\n",
			res.Params.Banding(), res.Params.Slots, res.Params.Threshold, res.Params.Shingle)
	}
	return nil
}

// writeKept writes the deduplicated dataset. A name ending in .parquet
// asks for Parquet, which is written by copying the kept rows of the one
// Parquet input with its schema; anything else is written by
// dedup.Result.WriteKept in the input's own framing.
func writeKept(res *dedup.Result, out *output, name string) error {
	if !strings.HasSuffix(name, ".parquet") {
		return res.WriteKept(out)
	}
	src := ""
	keep := map[int64]bool{}
	for i, d := range res.Docs {
		if d.Source.Format != "parquet" || (src != "" && d.Source.Path != src) {
			return usageError{fmt.Errorf("--dedup-out %s: Parquet output needs exactly one Parquet input (found %s)", name, d.Source.Path)}
		}
		src = d.Source.Path
		if res.Kept(i) {
			keep[int64(d.Source.Line-1)] = true
		}
	}
	if src == "" {
		return usageError{fmt.Errorf("--dedup-out %s: no Parquet input", name)}
	}
	return ingest.WriteParquetSubset(out, src, func(row int64) bool { return keep[row] })
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

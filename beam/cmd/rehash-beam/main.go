// Command rehash-beam runs rehash's deduplication as an Apache Beam
// pipeline, on the runner --runner names: prism (in-process, the default),
// flink or spark (through a portable job server, --endpoint), dataflow, or
// universal. It gives the clusters, pairs and kept records `rehash dedup`
// gives on the same inputs and options; docs/scale.md has the commands for
// each runner and the measured costs.
//
//	rehash-beam --output out/ -o clusters.jsonl corpus/*.jsonl.gz
//
// Flags come before the input patterns (Go's flag package stops at the
// first argument that is not a flag).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"
	"github.com/rehashdev/rehash/beam/pipeline"
	"github.com/rehashdev/rehash/cluster"
	"github.com/rehashdev/rehash/dedup"
	"github.com/rehashdev/rehash/ingest"

	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/s3"
)

func main() {
	var (
		o                     pipeline.Options
		d                     dedup.Options
		in                    ingest.Options
		clusters, pairs, kept string
	)
	f := flag.CommandLine
	f.StringVar(&o.Output, "output", "", "directory for the sharded outputs (required; local, gs:// or s3://)")
	f.StringVar(&clusters, "o", "", "also merge the clusters shards into this local file, the file `rehash dedup -o` writes")
	f.StringVar(&pairs, "pairs", "", "also merge the pairs shards into this local file, the file `rehash dedup --pairs` writes")
	f.StringVar(&kept, "dedup-out", "", "write the kept records as dedup-FILE.jsonl shards (JSON Lines inputs) or dedup-FILE.parquet shards (Parquet inputs, rows with the input's schema) and merge them into this local file (a name ending in .parquet takes the one Parquet shard, as rehash dedup)")
	// The run and input flags are the libraries' own, as in `rehash
	// dedup`, with their names, defaults and help. (--jobs is bound with
	// them but has no effect here: the runner decides parallelism.)
	d.Flags(f, dedup.FlagSignature|dedup.FlagKeep|dedup.FlagTemplates)
	in.Flags(f)
	d.OnError.Flag(f)
	f.IntVar(&o.MaxBucket, "max-bucket", 0, "pair each member of an LSH bucket with at most this many-1 members after it (0: no cap, as rehash dedup)")
	f.BoolVar(&o.SecondRead, "second-read", false, "verify candidates on shingle sets rebuilt by reading their input files again, instead of shuffling every document's set (less shuffle, a second read; same output)")
	f.IntVar(&o.Rounds, "cc-rounds", 8, "large-star/small-star rounds for the connected components; the job fails if they do not converge")
	f.Usage = func() {
		fmt.Fprintf(f.Output(), "usage: rehash-beam [flags] PATTERN...\n\nDeduplicates the files the patterns match, on a Beam runner (--runner, default prism).\n\n")
		f.PrintDefaults()
	}
	flag.Parse()
	beam.Init()
	if flag.NArg() == 0 || o.Output == "" {
		f.Usage()
		os.Exit(2)
	}
	d.Ingest = &in
	o.Dedup, o.Inputs, o.DedupOut = &d, flag.Args(), kept != ""
	if err := run(context.Background(), &o, clusters, pairs, kept, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "rehash-beam:", err)
		if errors.Is(err, pipeline.ErrOptions) || errors.Is(err, dedup.ErrOptions) || errors.Is(err, cluster.ErrPolicy) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

func run(ctx context.Context, o *pipeline.Options, clusters, pairs, kept string, stderr io.Writer) error {
	p, s := beam.NewPipelineWithRoot()
	if err := pipeline.Build(s, o); err != nil {
		return err
	}
	start := time.Now()
	res, err := beamx.RunWithMetrics(ctx, p)
	if err != nil {
		return err
	}
	wall := time.Since(start)
	for _, m := range []struct{ kind, file string }{
		{pipeline.KindClusters, clusters}, {pipeline.KindPairs, pairs}, {pipeline.KindDedup, kept},
	} {
		if m.file == "" {
			continue
		}
		if err := merge(ctx, o.Output, m.kind, m.file); err != nil {
			return err
		}
	}
	if res != nil {
		summary(stderr, res, wall)
	}
	return nil
}

// merge writes a kind's shards into one file, through a temporary name so
// that a failed merge leaves no half file under the name asked for.
func merge(ctx context.Context, dir, kind, name string) error {
	tmp := name + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if kind == pipeline.KindDedup && strings.HasSuffix(name, ".parquet") {
		err = pipeline.CopyParquet(ctx, dir, f)
	} else {
		_, err = pipeline.Merge(ctx, dir, kind, f)
	}
	if err == nil {
		err = f.Close()
	} else {
		f.Close()
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, name)
}

// summary prints the job's counters and the per-document figures the cost
// model in docs/scale.md is built from. Runners that report no metrics
// print none.
func summary(w io.Writer, res beam.PipelineResult, wall time.Duration) {
	c := map[string]int64{}
	for _, r := range res.Metrics().AllMetrics().Counters() {
		if r.Namespace() == "rehash" {
			c[r.Name()] += r.Result()
		}
	}
	names := make([]string, 0, len(c))
	var shuffle int64
	for n, v := range c {
		names = append(names, n)
		if strings.HasPrefix(n, "shuffle_bytes_") {
			shuffle += v
		}
	}
	slices.Sort(names)
	for _, n := range names {
		fmt.Fprintf(w, "rehash-beam: %-34s %d\n", n, c[n])
	}
	fmt.Fprintf(w, "rehash-beam: wall time %.1fs\n", wall.Seconds())
	if docs := c["docs"]; docs > 0 {
		per := func(v int64) float64 { return float64(v) / float64(docs) }
		fmt.Fprintf(w, "rehash-beam: per document: shuffle %.0f bytes (band keys %.0f, candidate pairs %.1f, sets %.0f, second-read routing %.1f, pair sides %.0f), candidate pairs %.3f, verified pairs %.3f\n",
			per(shuffle), per(c["shuffle_bytes_bands"]), per(c["shuffle_bytes_bucket_pairs"]+c["shuffle_bytes_endpoints"]),
			per(c["shuffle_bytes_sets"]+c["shuffle_bytes_reread_sets"]), per(c["shuffle_bytes_need"]), per(c["shuffle_bytes_verify_sides"]+c["shuffle_bytes_similarity_sides"]),
			per(c["candidate_pairs"]), per(c["verified_pairs"]))
	}
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"time"

	"github.com/rehashdev/rehash/index"
)

// runDirect times Index.Search in process: one query at a time, so the
// figures are the index's own latency, without HTTP, JSON or a load
// generator competing for the cores.
func runDirect(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("direct", flag.ContinueOnError)
	dir := fs.String("index", "", "index directory (required; not in use by a server)")
	cacheMB := fs.Int64("cache-mb", 0, "block cache in MiB (0: the index package's default)")
	n := fs.Int("n", 5000, "queries (at most 1,000,000)")
	warm := fs.Int("warmup", 500, "unmeasured queries first")
	reuse := fs.Bool("reuse", false, "ask for reuse links too")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the measured queries here")
	o := loadOpts{seed: 1, corpusDocs: 5000}
	fs.StringVar(&o.corpus, "corpus", "", "JSONL (or any rehash input) whose texts are queried; default generated texts")
	fs.IntVar(&o.corpusDocs, "corpus-docs", 5000, "texts to take from --corpus")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" || *n <= 0 || *n > 1_000_000 {
		return errors.New("--index is required and -n must be in (0, 1000000]")
	}
	texts, err := loadTexts(o)
	if err != nil {
		return err
	}
	ix, err := index.Open(*dir, &index.Options{ReadOnly: true, CacheBytes: *cacheMB << 20})
	if err != nil {
		return err
	}
	defer ix.Close()
	ctx := context.Background()
	q := &index.QueryOptions{Reuse: *reuse}
	matches := 0
	for i := range *warm {
		if _, err := ix.Search(ctx, []byte(texts[i%len(texts)]), q); err != nil {
			return err
		}
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	lat := make([]time.Duration, 0, *n)
	start := time.Now()
	for i := range *n {
		t0 := time.Now()
		r, err := ix.Search(ctx, []byte(texts[(i+*warm)%len(texts)]), q)
		if err != nil {
			return err
		}
		lat = append(lat, time.Since(t0))
		matches += len(r.Matches) + len(r.Links)
	}
	el := time.Since(start)
	fmt.Fprintf(stdout, "%d queries in %.1fs (%.0f/s), %d matches+links: p50 %s, p99 %s, p99.9 %s, max %s\n",
		len(lat), el.Seconds(), float64(len(lat))/el.Seconds(), matches,
		ms(lat, 0.50), ms(lat, 0.99), ms(lat, 0.999), ms(lat, 1))
	return nil
}

package reuse

import (
	"context"
	"os"
	"testing"

	"github.com/rehashdev/rehash"
)

// corpora are the shared evaluation corpora beside the repository.
const corpora = "../../shared/corpora/"

// BenchmarkCorpus searches the Reuters, 20 Newsgroups and BBC corpora
// (REHASH_BENCH_CORPUS may name others, one path); it skips when they are
// absent.
func BenchmarkCorpus(b *testing.B) {
	paths := []string{corpora + "reuters21578.jsonl.gz", corpora + "20newsgroups.jsonl.gz", corpora + "bbc-news.jsonl.gz"}
	if p := os.Getenv("REHASH_BENCH_CORPUS"); p != "" {
		paths = []string{p}
	}
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			b.Skipf("corpus not found: %s", p)
		}
	}
	for b.Loop() {
		st, err := Run(context.Background(), paths, nil, func(rehash.Link) error { return nil })
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(st.Links), "links")
	}
}

package reuse

import (
	"context"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/ingest"
)

func run(t *testing.T, paths []string, o *Options) []rehash.Link {
	t.Helper()
	var links []rehash.Link
	if _, err := Run(context.Background(), paths, o, func(l rehash.Link) error {
		links = append(links, l)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return links
}

// TestSeeds: the corpus search finds the seed relations that compare
// finds, without being told which pairs to look at, and 002 links to
// nothing.
func TestSeeds(t *testing.T) {
	const dir = "../../shared/seeds"
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("seed articles not found at %s", dir)
	}
	got := map[string]rehash.Relation{}
	for _, l := range run(t, []string{dir}, nil) {
		got[l.A[:3]+"-"+l.B[:3]] = l.Relation
	}
	want := map[string][]rehash.Relation{
		"000-004": {rehash.NearDuplicate},
		"000-001": {rehash.ContainedIn, rehash.PartialReuse},
		"001-004": {rehash.Contains, rehash.PartialReuse},
		"001-003": {rehash.Excerpt},
		"000-003": {rehash.Excerpt},
		"003-004": {rehash.Excerpt},
	}
	for pair, rels := range want {
		if !slices.Contains(rels, got[pair]) {
			t.Errorf("%s: %q, want one of %v", pair, got[pair], rels)
		}
	}
	for pair := range got {
		if strings.Contains(pair, "002") {
			t.Errorf("002 linked: %s %s", pair, got[pair])
		}
	}
}

// TestWorkers: output does not depend on the number of workers.
func TestWorkers(t *testing.T) {
	one := run(t, []string{"../examples/news"}, &Options{Workers: 1})
	four := run(t, []string{"../examples/news"}, &Options{Workers: 4})
	if len(one) != 6 || !reflect.DeepEqual(one, four) {
		t.Errorf("-j 1 gave %d links, -j 4 %d, or they differ", len(one), len(four))
	}
}

func TestSortParallel(t *testing.T) {
	keys := make([]uint64, 1<<17)
	x := uint64(1)
	for i := range keys {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		keys[i] = x
	}
	want := slices.Sorted(slices.Values(keys))
	got := sortParallel(slices.Clone(keys), 4, 64, func(k uint64) int { return int(k >> 58) })
	if !slices.Equal(got, want) {
		t.Error("parallel sort differs from slices.Sort")
	}
}

// TestRunDocuments: the same documents in memory give the same links as
// read from their files, passages' byte spans included.
func TestRunDocuments(t *testing.T) {
	var docs []rehash.Document
	err := ingest.Read(context.Background(), []string{"../examples/news"}, nil, func(r *ingest.Record) error {
		d, err := r.Document()
		if err == nil {
			docs = append(docs, *d)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	want := run(t, []string{"../examples/news"}, nil)
	var got []rehash.Link
	if _, err := RunDocuments(context.Background(), docs, nil, func(l rehash.Link) error {
		got = append(got, l)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 || !slices.EqualFunc(got, want, func(x, y rehash.Link) bool {
		return x.A == y.A && x.B == y.B && x.Relation == y.Relation && x.Jaccard == y.Jaccard && reflect.DeepEqual(x.Passages, y.Passages)
	}) {
		t.Errorf("in memory %d links, from files %d, or they differ", len(got), len(want))
	}
}

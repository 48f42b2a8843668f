package dedup

import (
	"context"
	"iter"
	"reflect"
	"slices"
	"testing"

	"github.com/rehashdev/rehash"
)

// Documents in memory deduplicate as the same documents read from a file:
// same clusters, same pairs, same scores, one pass or two.
func TestRunDocumentsLikeRun(t *testing.T) {
	c := plantedCorpus(12, 150, 250)
	path := c.writeJSONL(t, identity(len(c.ids)))
	docs := make([]rehash.Document, len(c.ids))
	for i := range docs {
		docs[i] = rehash.Document{ID: c.ids[i], Text: []byte(c.texts[i])}
	}
	ctx := context.Background()
	want, err := Run(ctx, []string{path}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := RunDocuments(ctx, docs, nil)
	if err != nil {
		t.Fatal(err)
	}
	passes := 0
	seq := iter.Seq[rehash.Document](func(yield func(rehash.Document) bool) {
		passes++
		for _, d := range docs {
			if !yield(d) {
				return
			}
		}
	})
	two, err := RunSeq(ctx, seq, &Options{TwoPass: true})
	if err != nil {
		t.Fatal(err)
	}
	if passes != 2 {
		t.Errorf("two-pass ranged over the documents %d times", passes)
	}
	if len(want.Pairs) == 0 {
		t.Fatal("no pairs: the corpus plants none")
	}
	for name, r := range map[string]*Result{"RunDocuments": got, "RunSeq two-pass": two} {
		if !slices.Equal(partition(r), partition(want)) {
			t.Errorf("%s: clusters differ from Run's", name)
		}
		if !reflect.DeepEqual(r.Pairs, want.Pairs) {
			t.Errorf("%s: %d pairs, Run %d, or they differ", name, len(r.Pairs), len(want.Pairs))
		}
		if r.Docs[3].Source.Format != "memory" {
			t.Errorf("%s: source format %q", name, r.Docs[3].Source.Format)
		}
	}
}

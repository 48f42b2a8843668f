package index

import (
	"context"
	"strconv"
	"testing"
)

// TestLoader: two jobs, small batches, a repeated and an empty document;
// the counts add up, Finish is safe twice, and the index holds them all.
func TestLoader(t *testing.T) {
	ix, err := Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	l := ix.NewLoader(context.Background(), &LoadOptions{Batch: 7, Jobs: 2})
	for i := range 100 {
		if err := l.Add(Doc{ID: "d" + strconv.Itoa(i), Text: []byte(docText(i))}); err != nil {
			t.Fatal(err)
		}
	}
	l.Add(Doc{ID: "d3", Text: []byte(docText(3))}) // the same again: unchanged
	l.Add(Doc{ID: "blank", Text: []byte("  ... ")})
	c, err := l.Finish()
	if err != nil {
		t.Fatal(err)
	}
	if c2, err2 := l.Finish(); c2 != c || err2 != nil {
		t.Fatalf("second Finish: %v %v", c2, err2)
	}
	// d3 twice may land in one batch (the later kept, "unchanged" is not
	// guaranteed then) or two; either way 100 documents are stored.
	if c.Added != 100 || c.Empty != 1 || c.Added+c.Replaced+c.Unchanged+c.Empty != 102 {
		t.Fatalf("counts %+v", c)
	}
	if st, _ := ix.Stats(); st.Docs != 100 {
		t.Fatalf("%d documents", st.Docs)
	}
	if err := ix.Check(context.Background()); err != nil {
		t.Fatal(err)
	}
}

package index

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/signature"
)

const (
	ferry  = "The ferry to the northern islands will run twice a day from Monday, the harbour office said, after a winter of single sailings caused by the repairs to the old pier."
	ferry2 = "The ferry to the northern islands will run twice a day from Monday, the harbour office said, after a winter of single sailings caused by repairs to the pier."
	oaks   = "Volunteers planted four hundred oak saplings along the river path on Saturday, the first stage of a plan to restore the flood meadow."
)

func openTemp(t *testing.T, o *Options) (*Index, string) {
	t.Helper()
	dir := t.TempDir()
	ix, err := Open(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix, dir
}

func TestAddQueryGetDelete(t *testing.T) {
	ctx := context.Background()
	ix, _ := openTemp(t, &Options{Params: signature.Params{Threshold: 0.5}})
	res, err := ix.Add(ctx,
		Doc{ID: "ferry", Text: []byte(ferry), Meta: rehash.Meta{Title: "Ferry"}},
		Doc{ID: "oaks", Text: []byte(oaks)},
		Doc{ID: "blank", Text: []byte(" ,, ")})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Status != Added || res[1].Status != Added || res[2].Status != Empty {
		t.Fatalf("statuses %+v", res)
	}
	ms, err := ix.Query(ctx, []byte(ferry2), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 || ms[0].ID != "ferry" || ms[0].Jaccard < 0.5 || ms[0].Exact || ms[0].Meta.Title != "Ferry" {
		t.Fatalf("query: %+v", ms)
	}
	ms, _ = ix.Query(ctx, []byte("  THE ferry to the northern islands will run twice a day from Monday, the harbour office said, after a winter of single sailings caused by the repairs to the old pier."), nil)
	if len(ms) != 1 || !ms[0].Exact || ms[0].Jaccard != 1 {
		t.Fatalf("exact query: %+v", ms)
	}
	e, err := ix.Get("oaks")
	if err != nil || e.ID != "oaks" || e.Shingles == 0 || e.TextBytes != len(oaks) {
		t.Fatalf("get: %+v %v", e, err)
	}
	if _, err := ix.Get("nope"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("get unknown: %v", err)
	}
	// Same text again: nothing written. New text: replaced, old postings gone.
	res, _ = ix.Add(ctx, Doc{ID: "oaks", Text: []byte(oaks)})
	if res[0].Status != Unchanged {
		t.Fatalf("re-add: %+v", res)
	}
	res, _ = ix.Add(ctx, Doc{ID: "oaks", Text: []byte(ferry2)})
	if res[0].Status != Replaced {
		t.Fatalf("replace: %+v", res)
	}
	if ms, _ := ix.Query(ctx, []byte(oaks), nil); len(ms) != 0 {
		t.Fatalf("old text still matches: %+v", ms)
	}
	if ms, _ := ix.Matches(ctx, "oaks", nil); len(ms) != 1 || ms[0].ID != "ferry" {
		t.Fatalf("matches: %+v", ms)
	}
	c, err := ix.Cluster(ctx, "oaks", 0)
	if err != nil || c.Rep != "ferry" || len(c.Members) != 2 {
		t.Fatalf("cluster: %+v %v", c, err)
	}
	if err := ix.Delete(ctx, "ferry"); err != nil {
		t.Fatal(err)
	}
	if err := ix.Delete(ctx, "ferry"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second delete: %v", err)
	}
	st, _ := ix.Stats()
	if st.Docs != 1 {
		t.Fatalf("stats: %+v", st)
	}
	if err := ix.Check(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Add(ctx, Doc{ID: ""}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("empty id: %v", err)
	}
}

func TestParamsStoredAndChecked(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(dir, &Options{Params: signature.Params{Threshold: 0.7, Shingle: 4}})
	if err != nil {
		t.Fatal(err)
	}
	p := ix.Params()
	ix.Close()
	// Zero options take the stored parameters.
	ix, err = Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if ix.Params() != p || p.Shingle != 4 || p.Bands == 0 {
		t.Fatalf("params %+v, stored %+v", ix.Params(), p)
	}
	ix.Close()
	for _, o := range []signature.Params{{Threshold: 0.8}, {Shingle: 5}, {Slots: 64}, {Seed: 1}, {Bands: 3, Rows: 2}} {
		if _, err := Open(dir, &Options{Params: o}); !errors.Is(err, ErrParams) {
			t.Errorf("open with %+v: %v, want ErrParams", o, err)
		}
	}
	if _, err := Open(t.TempDir(), &Options{Params: signature.Params{Shingle: 100}}); !errors.Is(err, ErrInvalid) {
		t.Errorf("bad k: %v", err)
	}
}

func TestFormatVersionChecked(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	b := []byte(`{"format":99,"threshold":0.8,"k":5,"slots":128,"seed":1,"bands":17,"rows":7}`)
	if err := ix.db.Set(keyParams, b, nil); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if _, err := Open(dir, nil); !errors.Is(err, ErrFormat) {
		t.Fatalf("open: %v, want ErrFormat", err)
	}
}

func TestMaxAge(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	ix, _ := openTemp(t, &Options{MaxAge: time.Hour, Now: clock})
	ix.Add(ctx, Doc{ID: "old", Text: []byte(ferry)})
	now = now.Add(50 * time.Minute)
	ix.Add(ctx, Doc{ID: "new", Text: []byte(ferry)})
	now = now.Add(20 * time.Minute)
	ms, _ := ix.Query(ctx, []byte(ferry), nil)
	if len(ms) != 1 || ms[0].ID != "new" {
		t.Fatalf("expired document served: %+v", ms)
	}
	if _, err := ix.Get("old"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("get expired: %v", err)
	}
	n, err := ix.Evict(ctx)
	if err != nil || n != 1 {
		t.Fatalf("evict: %d %v", n, err)
	}
	if st, _ := ix.Stats(); st.Docs != 1 {
		t.Fatalf("after eviction: %+v", st)
	}
	if err := ix.Check(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestConcurrent runs writers (adds, replaces, deletes of overlapping ids)
// and readers together; run it with -race. The index must end consistent.
func TestConcurrent(t *testing.T) {
	ctx := context.Background()
	ix, _ := openTemp(t, &Options{NoSync: true})
	docs := generate(7, 200)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, d := range docs {
				id := fmt.Sprintf("x%d", (i+w)%50)
				if i%7 == w {
					ix.Delete(ctx, id)
					continue
				}
				if _, err := ix.Add(ctx, Doc{ID: id, Text: []byte(d.Text)}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, d := range docs[w*20 : w*20+40] {
				if _, err := ix.Query(ctx, []byte(d.Text), nil); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := ix.Check(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestClosed(t *testing.T) {
	ix, _ := openTemp(t, nil)
	ix.Close()
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Query(context.Background(), []byte(ferry), nil); !errors.Is(err, ErrClosed) {
		t.Fatalf("query after close: %v", err)
	}
}

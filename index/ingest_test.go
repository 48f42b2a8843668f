package index

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/rehashdev/rehash"
)

// TestIngestSameAsAdd loads the same documents into two indexes, one
// through synced batches (Add) and one through sorted tables (Ingest, in
// chunks, with a small tail through Add), then loads a second round that
// replaces a third of them, leaves a third unchanged and adds new ones. The
// two indexes must hold the same documents in the same order, with the
// same counts, and answer every query identically; both pass Check.
func TestIngestSameAsAdd(t *testing.T) {
	ctx := context.Background()
	clock := time.Unix(1_700_000_000, 0)
	now := func() time.Time { return clock }
	docs := generate(11, 600)
	var round1, round2 []Doc
	for i, d := range docs {
		round1 = append(round1, Doc{ID: d.ID, Text: []byte(d.Text), Meta: rehash.Meta{Title: fmt.Sprint(i)}})
		switch i % 3 {
		case 0: // replaced by another document's text
			round2 = append(round2, Doc{ID: d.ID, Text: []byte(docs[(i+1)%len(docs)].Text)})
		case 1: // unchanged
			round2 = append(round2, round1[i])
		}
		if i%5 == 0 {
			round2 = append(round2, Doc{ID: "new-" + d.ID, Text: []byte(d.Text + " and a tail")})
		}
	}
	round2 = append(round2, Doc{ID: "empty", Text: []byte(" -- ")})

	load := func(dir string, o *LoadOptions) (*Index, []LoadCounts) {
		ix, err := Open(dir, &Options{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		var counts []LoadCounts
		for _, round := range [][]Doc{round1, round2} {
			l := ix.NewLoader(ctx, o)
			for _, d := range round {
				if err := l.Add(d); err != nil {
					t.Fatal(err)
				}
			}
			c, err := l.Finish()
			if err != nil {
				t.Fatal(err)
			}
			counts = append(counts, c)
		}
		if err := ix.Check(ctx); err != nil {
			t.Fatal(err)
		}
		return ix, counts
	}
	base, wantCounts := load(t.TempDir(), &LoadOptions{IngestBytes: -1, Batch: 50})
	defer base.Close()
	dir := t.TempDir()
	ing, gotCounts := load(dir, &LoadOptions{IngestBytes: 40 << 10, Jobs: 3})
	defer ing.Close()
	if !reflect.DeepEqual(gotCounts, wantCounts) {
		t.Fatalf("ingest counts %+v, batches %+v", gotCounts, wantCounts)
	}
	if wantCounts[1].Replaced == 0 || wantCounts[1].Unchanged == 0 || wantCounts[1].Empty != 1 {
		t.Fatalf("the second round should replace, keep and skip: %+v", wantCounts[1])
	}
	if m := ing.db.Metrics(); m.Ingest.Count == 0 {
		t.Fatal("nothing was ingested as tables")
	}
	sb, _ := base.Stats()
	si, _ := ing.Stats()
	if sb.Docs != si.Docs {
		t.Fatalf("%d documents, batches %d", si.Docs, sb.Docs)
	}
	ids := map[string]bool{}
	for _, round := range [][]Doc{round1, round2} {
		for _, d := range round {
			ids[d.ID] = true
		}
	}
	for id := range ids {
		eb, errB := base.Get(id)
		ei, errI := ing.Get(id)
		if (errB == nil) != (errI == nil) || (errB == nil && !reflect.DeepEqual(eb, ei)) {
			t.Fatalf("%s: ingest %+v %v, batches %+v %v", id, ei, errI, eb, errB)
		}
		if errB != nil {
			continue
		}
		mb, err := base.Matches(ctx, id, nil)
		if err != nil {
			t.Fatal(err)
		}
		mi, err := ing.Matches(ctx, id, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(mb, mi) {
			t.Fatalf("%s: ingest matches %+v, batches %+v", id, mi, mb)
		}
	}
	if ents, err := os.ReadDir(filepath.Join(dir, ingestDirName)); err == nil && len(ents) > 0 {
		t.Fatalf("%d tables left in %s", len(ents), ingestDirName)
	}
}

// TestIngestLeftoversRemoved: a table an interrupted Ingest left behind is
// removed at the next read-write open; other files are not touched.
func TestIngestLeftoversRemoved(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	tmp := filepath.Join(dir, ingestDirName)
	os.MkdirAll(tmp, 0o755)
	os.WriteFile(filepath.Join(tmp, "ingest-123.sst"), []byte("half a table"), 0o644)
	os.WriteFile(filepath.Join(tmp, "notes.txt"), []byte("mine"), 0o644)
	ix, err = Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if _, err := os.Stat(filepath.Join(tmp, "ingest-123.sst")); !os.IsNotExist(err) {
		t.Fatalf("leftover table: %v", err)
	}
	if _, err := os.Stat(filepath.Join(tmp, "notes.txt")); err != nil {
		t.Fatalf("a foreign file was touched: %v", err)
	}
}

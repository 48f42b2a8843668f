package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// garbleTable overwrites bytes inside the first data block of the largest
// table, and returns its name.
func garbleTable(t *testing.T, dir string) string {
	t.Helper()
	ssts, _ := filepath.Glob(filepath.Join(dir, "*.sst"))
	if len(ssts) == 0 {
		t.Fatal("no tables")
	}
	var big string
	var size int64
	for _, s := range ssts {
		if fi, _ := os.Stat(s); fi.Size() > size {
			big, size = s, fi.Size()
		}
	}
	f, err := os.OpenFile(big, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// Data blocks come first; their default size is 4 KiB. Garbling bytes
	// in blocks past the first two (which hold the parameters) breaks
	// their checksums.
	for off := int64(8192 + 100); off < size/2; off += 4096 {
		f.WriteAt([]byte("GARBLED!GARBLED!"), off)
	}
	return filepath.Base(big)
}

// TestCorruptTableIsAnError: with garbled data blocks, reads that meet
// them fail with ErrCorrupt and the process goes on; the index turns
// unhealthy and names the file, and Check names it too.
func TestCorruptTableIsAnError(t *testing.T) {
	dir := t.TempDir()
	const n = 300
	buildIndex(t, dir, n, true)
	name := garbleTable(t, dir)

	ix, err := Open(dir, nil)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer ix.Close()
	if !ix.Healthy() {
		t.Fatal("unhealthy before any read")
	}
	bad := 0
	for i := range n {
		id := "d" + strconv.Itoa(i)
		_, err := ix.Get(id)
		// A search that meets damage is slow (Pebble spends about half a
		// second building the error), so only the first few search.
		if err == nil && i < 10 {
			_, err = ix.Search(context.Background(), []byte(docText(i)), nil)
		}
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("%s: %v, want ErrCorrupt", id, err)
			}
			bad++
		}
	}
	if bad == 0 {
		t.Fatal("no read met the damage: the test proves nothing")
	}
	if ix.Healthy() || ix.Corruptions() == 0 {
		t.Fatal("still healthy after corruption")
	}
	if d := strings.Join(ix.Damage(), "\n"); !strings.Contains(d, name) {
		t.Fatalf("damage %q does not name %s", d, name)
	}
	err = ix.Check(context.Background())
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), name) {
		t.Fatalf("check: %v, want ErrCorrupt naming %s", err, name)
	}
	t.Logf("%d of %d documents unreadable; check: %v", bad, n, err)
}

// TestTruncatedWALIsReported: a write-ahead log cut inside a record opens
// with fewer documents, as Pebble must, but Warnings says so.
func TestTruncatedWALIsReported(t *testing.T) {
	dir := t.TempDir()
	buildIndex(t, dir, 40, false) // no flush: the documents are in the log
	logs, _ := filepath.Glob(filepath.Join(dir, "*.log"))
	var big string
	var size int64
	for _, l := range logs {
		if fi, _ := os.Stat(l); fi.Size() > size {
			big, size = l, fi.Size()
		}
	}
	if size < 1000 {
		t.Fatalf("log of %d bytes", size)
	}
	if err := os.Truncate(big, size-300); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir, &Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	w := strings.Join(ix.Warnings(), "\n")
	if !strings.Contains(w, filepath.Base(big)) || !strings.Contains(w, "dropped") {
		t.Fatalf("warnings %q do not report the cut log", w)
	}
	st, _ := ix.Stats()
	if st.Docs >= 40 {
		t.Fatalf("%d documents: the cut dropped nothing, the test proves nothing", st.Docs)
	}
	t.Logf("%d documents left; %s", st.Docs, w)
}

// TestCleanOpenHasNoWarnings: an index closed normally, and one killed
// between synced adds (TestCrashDurability's children), reopen without
// warnings; here the first.
func TestCleanOpenHasNoWarnings(t *testing.T) {
	dir := t.TempDir()
	buildIndex(t, dir, 40, false)
	buildIndex(t, dir, 40, true)
	ix, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if w := ix.Warnings(); len(w) != 0 {
		t.Fatalf("warnings on a clean index: %q", w)
	}
}

// TestRepair rebuilds a damaged index from its stored texts into a new
// directory that passes Check; the damaged one is left as it was.
func TestRepair(t *testing.T) {
	dir := t.TempDir()
	const n = 300
	buildIndex(t, dir, n, true)
	garbleTable(t, dir)
	before := listDir(t, dir)
	dst := filepath.Join(t.TempDir(), "repaired")
	rep, err := Repair(context.Background(), dir, dst)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Recovered+rep.LostCount == 0 || rep.Recovered < n/2 {
		t.Fatalf("recovered %d, lost %d of %d", rep.Recovered, rep.LostCount, n)
	}
	ix, err := Open(dst, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Check(context.Background()); err != nil {
		t.Fatalf("repaired index fails check: %v", err)
	}
	st, _ := ix.Stats()
	if st.Docs != int64(rep.Recovered) {
		t.Fatalf("%d documents, %d recovered", st.Docs, rep.Recovered)
	}
	// A recovered document is found by its own text.
	ms, err := ix.Query(context.Background(), []byte(docText(n-1)), nil)
	if err != nil || len(ms) == 0 || ms[0].ID != "d"+strconv.Itoa(n-1) {
		t.Fatalf("query after repair: %v %v", ms, err)
	}
	if after := listDir(t, dir); strings.Join(before, ",") != strings.Join(after, ",") {
		t.Fatalf("repair changed the damaged index: %v -> %v", before, after)
	}
	t.Logf("recovered %d, lost %d, skipped %q", rep.Recovered, rep.LostCount, rep.Skipped)
}

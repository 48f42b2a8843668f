package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// noTablesFS refuses to create tables, so that no flush succeeds and
// every write-ahead log stays live: the state of a store killed while
// several memtables were waiting to be flushed.
type noTablesFS struct{ vfs.FS }

func (f noTablesFS) Create(name string, c vfs.DiskWriteCategory) (vfs.File, error) {
	if strings.HasSuffix(name, ".sst") {
		return nil, errors.New("test: no tables")
	}
	return f.FS.Create(name, c)
}

// TestDeletedMiddleWALIsReported: an index whose writes sit in three
// write-ahead logs (flushes failing) is copied as a crash would leave it,
// the middle log is deleted from the copy, and the copy is opened. Pebble
// replays the two logs it finds and would serve the rest silently; Open
// must report the hole in the sequence numbers, naming both logs, and the
// documents of the deleted log are indeed gone while the others remain.
func TestDeletedMiddleWALIsReported(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ix, err := Open(dir, &Options{fs: noTablesFS{vfs.Default}})
	if err != nil {
		t.Fatal(err)
	}
	for round := range 3 {
		for i := range 5 {
			id := fmt.Sprintf("r%d-%d", round, i)
			if _, err := ix.Add(ctx, Doc{ID: id, Text: []byte(docText(round*10 + i))}); err != nil {
				t.Fatal(err)
			}
		}
		ix.db.AsyncFlush() // a new memtable and log; the flush fails
	}
	// Copy the directory while the writes are synced and unflushed.
	crashed := t.TempDir()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var logs []string
	for _, e := range ents {
		if e.IsDir() || e.Name() == lockName {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(crashed, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(e.Name(), ".log") && len(b) > 0 {
			logs = append(logs, e.Name())
		}
	}
	ix.Close()
	slices.Sort(logs)
	if len(logs) < 3 {
		t.Fatalf("want at least 3 non-empty logs, have %v", logs)
	}
	middle := logs[1]
	if err := os.Remove(filepath.Join(crashed, middle)); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(crashed, nil)
	if err != nil {
		t.Fatalf("open after deleting %s: %v", middle, err)
	}
	defer ix.Close()
	w := strings.Join(ix.Warnings(), "\n")
	if !strings.Contains(w, "are missing (a log deleted?)") || !strings.Contains(w, logs[0]) || !strings.Contains(w, logs[2]) {
		t.Fatalf("warnings %q do not report the deletion of %s between %s and %s", w, middle, logs[0], logs[2])
	}
	if _, err := ix.Get("r0-0"); err != nil {
		t.Fatalf("a document of the first log: %v", err)
	}
	t.Logf("logs %v, %s deleted: %s", logs, middle, w)
}

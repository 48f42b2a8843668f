package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// listDir returns the names and sizes in dir, to show nothing changed.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		fi, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s %d", e.Name(), fi.Size()))
	}
	return out
}

// buildIndex writes n documents and closes the index, with its tables
// flushed when flush is set.
func buildIndex(t *testing.T, dir string, n int, flush bool) {
	t.Helper()
	ix, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if _, err := ix.Add(context.Background(), Doc{ID: "d" + strconv.Itoa(i), Text: []byte(docText(i))}); err != nil {
			t.Fatal(err)
		}
	}
	if flush {
		if err := ix.db.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
}

func docText(i int) string {
	var b strings.Builder
	for w := range 60 {
		fmt.Fprintf(&b, "w%d ", (i*7919+w*104729)%5003)
	}
	return b.String()
}

// TestOpenForeignDirectory: a directory that is not an index, even one
// holding a file named like a Pebble table, is refused untouched.
func TestOpenForeignDirectory(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "000001.sst"), []byte("my own data, not a table"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := listDir(t, dir)
	for _, ro := range []bool{false, true} {
		_, err := Open(dir, &Options{ReadOnly: ro})
		if !errors.Is(err, ErrNotIndex) || !strings.Contains(err.Error(), "000001.sst") {
			t.Fatalf("read-only %v: %v, want ErrNotIndex naming the file", ro, err)
		}
	}
	if after := listDir(t, dir); !slices.Equal(before, after) {
		t.Fatalf("directory changed: %v -> %v", before, after)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "000001.sst"))
	if string(b) != "my own data, not a table" {
		t.Fatal("the file was changed")
	}
}

// TestOpenMissingManifestMarker: an index whose Pebble marker files were
// deleted used to be re-created empty, deleting every table. Now it is an
// error and nothing is deleted.
func TestOpenMissingManifestMarker(t *testing.T) {
	dir := t.TempDir()
	buildIndex(t, dir, 50, true)
	ms, _ := filepath.Glob(filepath.Join(dir, "marker.*"))
	if len(ms) == 0 {
		t.Fatal("no marker files to delete: the test proves nothing")
	}
	for _, m := range ms {
		os.Remove(m)
	}
	before := listDir(t, dir)
	if !slices.ContainsFunc(before, func(s string) bool { return strings.Contains(s, ".sst") }) {
		t.Fatal("no tables: the test proves nothing")
	}
	for _, ro := range []bool{false, true} {
		_, err := Open(dir, &Options{ReadOnly: ro})
		if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "refusing") {
			t.Fatalf("read-only %v: %v, want ErrCorrupt", ro, err)
		}
	}
	if after := listDir(t, dir); !slices.Equal(before, after) {
		t.Fatalf("directory changed: %v -> %v", before, after)
	}
}

// TestOpenLegacyIndex: an index written before REHASH-INDEX existed opens
// and gains the file; without its parameters record, it would be refused.
func TestOpenLegacyIndex(t *testing.T) {
	dir := t.TempDir()
	buildIndex(t, dir, 5, false)
	if err := os.Remove(filepath.Join(dir, dirMarkerName)); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir, &Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if _, err := os.Stat(filepath.Join(dir, dirMarkerName)); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("a read-only open wrote the format record")
	}
	ix, err = Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := ix.Stats(); st.Docs != 5 {
		t.Fatalf("%d documents", st.Docs)
	}
	ix.Close()
	if _, err := os.Stat(filepath.Join(dir, dirMarkerName)); err != nil {
		t.Fatal("read-write open did not add the format record")
	}
}

// TestOpenForeignFormatRecord: a REHASH-INDEX of another format is refused.
func TestOpenForeignFormatRecord(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, dirMarkerName), []byte("rehash index\nformat 99\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "OPTIONS-000001"), nil, 0o644)
	if _, err := Open(dir, nil); !errors.Is(err, ErrFormat) {
		t.Fatalf("%v, want ErrFormat", err)
	}
}

// TestLocks: a writer names its process to others; read-only opens share.
func TestLocks(t *testing.T) {
	dir := t.TempDir()
	w, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, ro := range []bool{false, true} {
		_, err := Open(dir, &Options{ReadOnly: ro})
		if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "process "+strconv.Itoa(os.Getpid())) {
			t.Fatalf("read-only %v while a writer holds it: %v", ro, err)
		}
	}
	w.Close()
	r1, err := Open(dir, &Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	r2, err := Open(dir, &Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("second read-only open: %v", err)
	}
	if _, err := Open(dir, nil); !errors.Is(err, ErrLocked) {
		t.Fatalf("writer while readers hold it: %v", err)
	}
	r1.Close()
	r2.Close()
	w, err = Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
}

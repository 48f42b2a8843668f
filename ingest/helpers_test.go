package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/rehashdev/rehash"
)

// result is one record read back: a document or a record error.
type result struct {
	doc *rehash.Document
	err *rehash.RecordError
}

// readFiles writes files into a temporary directory and reads the named
// one (or the directory, for name "") with opts.
func readFiles(t *testing.T, files map[string][]byte, name string, opts *Options) ([]result, error) {
	t.Helper()
	dir := t.TempDir()
	for n, b := range files {
		p := filepath.Join(dir, n)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return readPath(t, filepath.Join(dir, name), opts)
}

func readPath(t *testing.T, path string, opts *Options) ([]result, error) {
	t.Helper()
	var out []result
	err := Read(context.Background(), []string{path}, opts, func(r *Record) error {
		out = append(out, decodeRecord(t, r))
		return nil
	})
	return out, err
}

// decodeRecord decodes r and checks the contract every decoder keeps: a
// document or a *rehash.RecordError, never both, never neither.
func decodeRecord(t testing.TB, r *Record) result {
	doc, err := r.Document()
	if err != nil {
		var re *rehash.RecordError
		if !errors.As(err, &re) {
			t.Fatalf("%s: error %v (%T) is not a *rehash.RecordError", r.Source, err, err)
		}
		if doc != nil {
			t.Fatalf("%s: both a document and an error", r.Source)
		}
		return result{err: re}
	}
	if doc == nil {
		t.Fatalf("%s: neither a document nor an error", r.Source)
	}
	checkLocation(t, doc)
	return result{doc: doc}
}

// checkLocation checks that Text is where Offsets or TextStart say it is
// in Raw, when it stands there verbatim.
func checkLocation(t testing.TB, d *rehash.Document) {
	if d.Offsets == nil {
		if d.TextStart < 0 || d.TextStart > len(d.Raw) {
			t.Fatalf("%s: TextStart %d outside Raw of %d bytes", d.ID, d.TextStart, len(d.Raw))
		}
		return
	}
	s := d.Offsets.Source(rehash.Span{Start: 0, End: len(d.Text)})
	if len(d.Text) > 0 && (s.Start < 0 || s.End > len(d.Raw) || s.Start > s.End) {
		t.Fatalf("%s: offsets map text to %v outside Raw of %d bytes", d.ID, s, len(d.Raw))
	}
}

// summary renders results compactly for table tests: "id=text" for a
// document, "!reason" for a failure.
func summary(rs []result) []string {
	var out []string
	for _, r := range rs {
		if r.err != nil {
			out = append(out, "!"+string(r.err.Reason))
			continue
		}
		out = append(out, r.doc.ID+"="+string(r.doc.Text))
	}
	return out
}

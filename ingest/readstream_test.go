package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestReadStream: a file's bytes handed to ReadStream under the file's
// name read as Read reads the file: compression and format from the name,
// the same sources and ids.
func TestReadStream(t *testing.T) {
	dir := t.TempDir()
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("{\"text\": \"the first record\"}\n{\"text\": \"the second one\"}\n"))
	zw.Close()
	files := map[string][]byte{"a.jsonl.gz": gz.Bytes(), "b.txt": []byte("one plain text file")}
	for name, data := range files {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		want, err := readPath(t, path, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got []result
		err = ReadStream(context.Background(), bytes.NewReader(data), path, path, nil, func(r *Record) error {
			got = append(got, decodeRecord(t, r))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) || len(got) == 0 {
			t.Fatalf("%s: %d records, want %d", name, len(got), len(want))
		}
		for i := range got {
			g, w := got[i].doc, want[i].doc
			if g == nil || w == nil || g.ID != w.ID || string(g.Text) != string(w.Text) || g.Source != w.Source {
				t.Errorf("%s record %d: got %+v, want %+v", name, i, g, w)
			}
		}
	}
}

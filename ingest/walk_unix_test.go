//go:build unix

package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/rehashdev/rehash"
)

// TestWalkLinksAndSpecialFiles checks that a walk follows symbolic links
// to files and directories, reads each under the link's name, counts a
// link back to an ancestor as a loop and a dangling link as unreadable,
// and counts a named pipe as a special file instead of blocking on it.
func TestWalkLinksAndSpecialFiles(t *testing.T) {
	root := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Skipf("cannot set up the walk here: %v", err)
		}
	}
	must(os.MkdirAll(filepath.Join(root, "d", "sub"), 0o755))
	must(os.WriteFile(filepath.Join(root, "d", "sub", "s.txt"), []byte("in sub"), 0o644))
	must(os.WriteFile(filepath.Join(root, "outside.txt"), []byte("outside"), 0o644))
	must(os.Symlink(filepath.Join(root, "outside.txt"), filepath.Join(root, "d", "file-link.txt")))
	must(os.Symlink(filepath.Join(root, "d"), filepath.Join(root, "d", "sub", "loop")))
	must(os.Symlink(filepath.Join(root, "d", "sub"), filepath.Join(root, "d", "sub-link")))
	must(os.Symlink(filepath.Join(root, "nowhere"), filepath.Join(root, "d", "dangling")))
	must(syscall.Mkfifo(filepath.Join(root, "d", "pipe"), 0o644))

	rs, err := readPath(t, filepath.Join(root, "d"), nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rs {
		if r.err != nil {
			got = append(got, filepath.Base(r.err.Source.Path)+"!"+string(r.err.Reason))
			continue
		}
		got = append(got, r.doc.ID+"="+string(r.doc.Text))
	}
	want := []string{
		"dangling!unreadable",
		"file-link.txt=outside",
		"pipe!special-file",
		"loop!symlink-loop",
		"sub/s.txt=in sub",
		"loop!symlink-loop", // under sub-link, d/sub/loop is again a link to d
		"sub-link/s.txt=in sub",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got  %q\nwant %q", got, want)
	}

	// Walk and ReadFile, file by file, give what Read gives: the same
	// records in the same order, with the same ids and problems.
	var split []string
	problem := func(r *Record) error {
		_, err := r.Document()
		var re *rehash.RecordError
		if !errors.As(err, &re) {
			t.Fatalf("walk problem %s: %v is not a record error", r.Source, err)
		}
		split = append(split, filepath.Base(re.Source.Path)+"!"+string(re.Reason))
		return nil
	}
	file := func(path, id string) error {
		return ReadFile(context.Background(), path, id, nil, func(r *Record) error {
			res := decodeRecord(t, r)
			if res.err != nil {
				return problem(r)
			}
			split = append(split, res.doc.ID+"="+string(res.doc.Text))
			return nil
		})
	}
	if err := Walk(context.Background(), []string{filepath.Join(root, "d")}, file, problem); err != nil {
		t.Fatal(err)
	}
	if strings.Join(split, "|") != strings.Join(want, "|") {
		t.Errorf("Walk and ReadFile: got  %q\nwant %q", split, want)
	}
}

package output

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/klauspost/compress/gzip"
)

func write(t *testing.T, name, s string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// entries lists dir, to see that no temporary file is left behind.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, de := range des {
		names = append(names, de.Name())
	}
	return names
}

func TestCommitReplaces(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "out.jsonl")
	write(t, name, "old\n")
	os.Chmod(name, 0o640)
	f, err := Create(name, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(f, "new\n")
	if got := read(t, name); got != "old\n" {
		t.Fatalf("destination changed before Commit: %q", got)
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := read(t, name); got != "new\n" {
		t.Fatalf("after Commit: %q", got)
	}
	if fi, _ := os.Stat(name); fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want the replaced file's 0640", fi.Mode().Perm())
	}
	if got := entries(t, dir); len(got) != 1 {
		t.Errorf("left in the directory: %v", got)
	}
	f.Abort() // after Commit: nothing happens
	if got := read(t, name); got != "new\n" {
		t.Fatalf("Abort after Commit changed the file: %q", got)
	}
}

func TestAbortKeepsOld(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "out.jsonl")
	write(t, name, "old\n")
	f, err := Create(name, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(f, "half")
	f.Abort()
	f.Abort()
	if got := read(t, name); got != "old\n" {
		t.Fatalf("after Abort: %q", got)
	}
	if got := entries(t, dir); len(got) != 1 {
		t.Errorf("left in the directory: %v", got)
	}
	var nilFile *File
	nilFile.Abort()
	if err := nilFile.Commit(); err != nil {
		t.Error(err)
	}
}

func TestRemoveTemps(t *testing.T) {
	dir := t.TempDir()
	f, err := Create(filepath.Join(dir, "a.jsonl"), nil)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(f, "x")
	if got := entries(t, dir); len(got) != 1 || !strings.HasPrefix(got[0], ".a.jsonl.tmp-") {
		t.Fatalf("temporary file: %v", got)
	}
	RemoveTemps()
	if got := entries(t, dir); len(got) != 0 {
		t.Errorf("left after RemoveTemps: %v", got)
	}
}

func TestCreateMissingDir(t *testing.T) {
	_, err := Create(filepath.Join(t.TempDir(), "no", "out.jsonl"), nil)
	if !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("err = %v, want not exist", err)
	}
}

func TestSymlinkStaysSymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target.jsonl")
	link := filepath.Join(dir, "link.jsonl")
	write(t, target, "old\n")
	if err := os.Symlink("target.jsonl", link); err != nil {
		t.Skip(err)
	}
	f, err := Create(link, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(f, "new\n")
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the symlink was replaced by a file")
	}
	if got := read(t, target); got != "new\n" {
		t.Errorf("target: %q", got)
	}
}

func TestGzip(t *testing.T) {
	name := filepath.Join(t.TempDir(), "out.jsonl.gz")
	f, err := Create(name, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(f, "compressed\n")
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(strings.NewReader(read(t, name)))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil || string(b) != "compressed\n" {
		t.Fatalf("got %q, %v", b, err)
	}
}

// epipe is a standard output whose reader has gone.
type epipe struct{}

func (epipe) Write([]byte) (int, error) { return 0, syscall.EPIPE }

func TestWriteAllFilesBeforeStdout(t *testing.T) {
	dir := t.TempDir()
	side := filepath.Join(dir, "pairs.jsonl")
	out, err := Create(Stdout, epipe{})
	if err != nil {
		t.Fatal(err)
	}
	pairs, err := Create(side, nil)
	if err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("line\n", 1<<16) // more than the buffer
	err = WriteAll(
		Job{out, func(w io.Writer) error { _, err := io.WriteString(w, big); return err }},
		Job{nil, nil},
		Job{pairs, func(w io.Writer) error { _, err := io.WriteString(w, big); return err }},
	)
	if !errors.Is(err, ErrClosedPipe) {
		t.Fatalf("err = %v, want ErrClosedPipe", err)
	}
	if got := read(t, side); got != big {
		t.Errorf("side output has %d bytes, want %d", len(got), len(big))
	}
}

func TestWriteAllFailureKeepsEveryOutput(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	write(t, a, "old a\n")
	write(t, b, "old b\n")
	fa, _ := Create(a, nil)
	fb, _ := Create(b, nil)
	var stdout bytes.Buffer
	fs, _ := Create(Stdout, &stdout)
	boom := errors.New("boom")
	err := WriteAll(
		Job{fa, func(w io.Writer) error { _, err := io.WriteString(w, "new a\n"); return err }},
		Job{fs, func(w io.Writer) error { _, err := io.WriteString(w, "to stdout\n"); return err }},
		Job{fb, func(w io.Writer) error { io.WriteString(w, "half of b"); return boom }},
	)
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if read(t, a) != "old a\n" || read(t, b) != "old b\n" {
		t.Errorf("an output changed: a %q, b %q", read(t, a), read(t, b))
	}
	if stdout.Len() != 0 {
		t.Errorf("standard output written before the files were: %q", stdout.String())
	}
	if got := entries(t, dir); len(got) != 2 {
		t.Errorf("left in the directory: %v", got)
	}
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	write(t, in, "{}\n")
	corpus := filepath.Join(dir, "corpus")
	os.MkdirAll(filepath.Join(corpus, "sub"), 0o755)
	os.Symlink("in.jsonl", filepath.Join(dir, "link.jsonl"))
	os.Link(in, filepath.Join(dir, "hard.jsonl"))
	os.Symlink("corpus", filepath.Join(dir, "corpus-link"))
	other := filepath.Join(dir, "other")
	os.Mkdir(other, 0o755)
	redirected, err := os.Open(in)
	if err != nil {
		t.Fatal(err)
	}
	defer redirected.Close()

	for _, tc := range []struct {
		name    string
		inputs  []string
		outputs []string
		stdin   any
		stdout  any
		want    error
	}{
		{"different", []string{in}, []string{filepath.Join(dir, "out.jsonl")}, nil, nil, nil},
		{"same path", []string{in}, []string{in}, nil, nil, ErrSameFile},
		{"other spelling", []string{in}, []string{filepath.Join(corpus, "..", "in.jsonl")}, nil, nil, ErrSameFile},
		{"symlink", []string{in}, []string{filepath.Join(dir, "link.jsonl")}, nil, nil, ErrSameFile},
		{"hard link", []string{filepath.Join(dir, "hard.jsonl")}, []string{in}, nil, nil, ErrSameFile},
		{"second output", []string{in}, []string{"", filepath.Join(dir, "x"), filepath.Join(dir, "x")}, nil, nil, ErrSameFile},
		{"inside walked dir", []string{corpus}, []string{filepath.Join(corpus, "sub", "out.jsonl")}, nil, nil, ErrInsideInput},
		{"inside through a symlink", []string{filepath.Join(dir, "corpus-link")}, []string{filepath.Join(corpus, "out.jsonl")}, nil, nil, ErrInsideInput},
		{"dot dir inside is not walked", []string{corpus}, []string{filepath.Join(corpus, ".rehash", "out.jsonl")}, nil, nil, nil},
		{"beside the walked dir", []string{corpus}, []string{filepath.Join(dir, "corpus.jsonl")}, nil, nil, nil},
		{"stdin is the output", []string{"-"}, []string{in}, redirected, nil, ErrSameFile},
		{"stdout is the input", []string{in}, []string{"-"}, nil, redirected, ErrSameFile},
		{"stdout a pipe", []string{in}, []string{"-"}, nil, &bytes.Buffer{}, nil},
		{"missing input", []string{filepath.Join(dir, "missing")}, nil, nil, nil, os.ErrNotExist},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Check(tc.inputs, tc.outputs, tc.stdin, tc.stdout)
			if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("Check = %v, want %v", err, tc.want)
			}
		})
	}
	if got := read(t, in); got != "{}\n" {
		t.Errorf("Check changed the input: %q", got)
	}
}

// A device keeps no earlier output and cannot be renamed over: -o /dev/null
// is written to directly, and may be named by several outputs.
func TestDevice(t *testing.T) {
	const null = "/dev/null"
	if _, err := os.Stat(null); err != nil {
		t.Skip("no /dev/null here")
	}
	if err := Check(nil, []string{null, null}, nil, nil); err != nil {
		t.Fatalf("Check(two outputs to %s) = %v, want nil", null, err)
	}
	f, err := Create(null, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Abort()
	if _, err := f.Write([]byte("discarded\n")); err != nil {
		t.Fatal(err)
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(null); err != nil || fi.Mode()&os.ModeDevice == 0 {
		t.Fatalf("%s is no longer a device after Commit: %v %v", null, fi.Mode(), err)
	}
	if _, err := Create(t.TempDir(), nil); err == nil {
		t.Fatal("Create(a directory) succeeded, want an error")
	}
}

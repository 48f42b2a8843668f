package dedup

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rehashdev/rehash/signature"
)

var errKilled = errors.New("killed")

// killAt returns an interrupt hook that stops the run the first time it
// reaches stage with at least docs documents read.
func killAt(stage string, docs int) func(string, int) error {
	return func(s string, n int) error {
		if s == stage && n >= docs {
			return errKilled
		}
		return nil
	}
}

// spillFiles returns the files of dir with what identifies each on disk.
func spillFiles(t *testing.T, dir string) map[string]os.FileInfo {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]os.FileInfo{}
	for _, e := range entries {
		fi, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = fi
	}
	return out
}

// TestExternalResume: an out-of-core run in a spill directory, stopped at
// every kind of point (before its first checkpoint, between checkpoints of
// the read, after the read, after the candidates, after the shingle sets,
// and twice in a row), then run again, gives the uninterrupted in-memory
// output byte for byte; the rerun reads only the records after the last
// checkpoint, and the spill files of the checkpoint are the very files
// the first run wrote (same file, not rewritten), not rebuilt.
func TestExternalResume(t *testing.T) {
	c := plantedCorpus(17, 150, 250)
	path := c.writeJSONL(t, identity(len(c.ids)))
	base := Options{Params: signature.Params{Threshold: 0.7}, OnError: Skip, Workers: 2}
	wantC, wantP, want := runBytes(t, []string{path}, &base)
	want.Close()
	total := int(want.Stats.Written)
	if want.Stats.Duplicates == 0 {
		t.Fatal("the corpus has no duplicates: the comparison shows nothing")
	}

	for _, tc := range []struct {
		name  string
		kills []func(string, int) error
		stage string // where the last rerun resumes
		fresh bool   // the rerun reads everything again
	}{
		{"before the first checkpoint", []func(string, int) error{killAt("document", 10)}, stageReading, true},
		{"mid-read", []func(string, int) error{killAt("document", 200)}, stageReading, false},
		{"at a checkpoint", []func(string, int) error{killAt("checkpoint", 150)}, stageReading, false},
		{"twice mid-read", []func(string, int) error{killAt("document", 90), killAt("document", 300)}, stageReading, false},
		{"after the read", []func(string, int) error{killAt(stageRead, 0)}, stageRead, false},
		{"after the candidates", []func(string, int) error{killAt(stageCandidates, 0)}, stageCandidates, false},
		{"after the sets", []func(string, int) error{killAt(stageSets, 0)}, stageSets, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "spill")
			ext := base
			ext.Memory, ext.SpillDir = MinMemory, dir
			// 40 documents' band keys a run: many checkpoints.
			p, err := ext.Params.Resolved()
			if err != nil {
				t.Fatal(err)
			}
			ext.runRecords = 40 * p.Banding().Bands
			for _, kill := range tc.kills {
				o := ext
				o.interrupt = kill
				if _, err := Run(context.Background(), []string{path}, &o); !errors.Is(err, errKilled) {
					t.Fatalf("interrupted run: err = %v", err)
				}
			}
			before := spillFiles(t, dir)
			if _, ok := before[manifestName]; !ok {
				t.Fatal("no manifest after the interruption")
			}

			// The rerun: count the documents it analyzes, and check at its
			// first step that the checkpoint's files are the ones the
			// interrupted run wrote.
			o := ext
			analyzed, checked := 0, false
			o.interrupt = func(stage string, _ int) error {
				if stage == "document" {
					analyzed++
				}
				if !checked {
					checked = true
					now := spillFiles(t, dir)
					for name, fi := range before {
						if !strings.HasSuffix(name, ".run") && name != "sets" && name != "cands" {
							continue
						}
						if g, ok := now[name]; ok && (!os.SameFile(fi, g) || !g.ModTime().Equal(fi.ModTime()) || g.Size() != fi.Size()) {
							t.Errorf("spill file %s was rewritten", name)
						}
					}
				}
				return nil
			}
			gotC, gotP, got := runBytes(t, []string{path}, &o)
			if !bytes.Equal(gotC, wantC) || !bytes.Equal(gotP, wantP) {
				t.Errorf("resumed output differs from the uninterrupted run's")
			}
			s := got.Stats
			if s.ResumedFrom != tc.stage {
				t.Errorf("resumed at stage %q, want %q", s.ResumedFrom, tc.stage)
			}
			if tc.fresh != (s.ResumedDocs == 0) {
				t.Errorf("resumed with %d documents already read", s.ResumedDocs)
			}
			if wantRead := total - s.ResumedDocs; s.ResumedFrom == stageReading && analyzed != wantRead {
				t.Errorf("rerun analyzed %d documents, want the %d after the checkpoint", analyzed, wantRead)
			}
			if s.ResumedFrom != stageReading && analyzed != 0 {
				t.Errorf("rerun after the read analyzed %d documents again", analyzed)
			}
			if s.Written != want.Stats.Written || s.Read != want.Stats.Read || s.Candidates != want.Stats.Candidates ||
				s.Verified != want.Stats.Verified || fmt.Sprint(s.Skipped) != fmt.Sprint(want.Stats.Skipped) {
				t.Errorf("stats differ: resumed %+v, uninterrupted %+v", s, want.Stats)
			}
			if err := got.Close(); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("the spill directory the run made is still there after Close: %v", err)
			}
		})
	}
}

// A spill directory that holds anything but this run's files is refused
// and left as it was.
func TestSpillDirRefused(t *testing.T) {
	c := plantedCorpus(5, 20, 20)
	path := c.writeJSONL(t, identity(len(c.ids)))
	ctx := context.Background()

	foreign := t.TempDir()
	os.WriteFile(filepath.Join(foreign, "notes.txt"), []byte("mine"), 0o644)
	o := Options{Memory: MinMemory, SpillDir: foreign}
	if _, err := Run(ctx, []string{path}, &o); !errors.Is(err, ErrSpillDir) {
		t.Errorf("directory of other files: err = %v, want ErrSpillDir", err)
	}
	if b, err := os.ReadFile(filepath.Join(foreign, "notes.txt")); err != nil || string(b) != "mine" {
		t.Errorf("the foreign file was touched: %q, %v", b, err)
	}

	// A run interrupted on one input is not resumed on another.
	dir := filepath.Join(t.TempDir(), "spill")
	o = Options{Memory: MinMemory, SpillDir: dir, interrupt: killAt("document", 5)}
	if _, err := Run(ctx, []string{path}, &o); !errors.Is(err, errKilled) {
		t.Fatal(err)
	}
	other := plantedCorpus(6, 20, 20).writeJSONL(t, identity(40))
	o.interrupt = nil
	if _, err := Run(ctx, []string{other}, &o); !errors.Is(err, ErrSpillDir) {
		t.Errorf("other input: err = %v, want ErrSpillDir", err)
	}
	o.Threshold = 0.5
	if _, err := Run(ctx, []string{path}, &o); !errors.Is(err, ErrSpillDir) {
		t.Errorf("other threshold: err = %v, want ErrSpillDir", err)
	}
	if _, err := os.Stat(filepath.Join(dir, manifestName)); err != nil {
		t.Errorf("the refused run's manifest is gone: %v", err)
	}

	for _, bad := range []Options{{SpillDir: dir}} {
		if _, err := Run(ctx, []string{path}, &bad); !errors.Is(err, ErrOptions) {
			t.Errorf("spill directory without a memory budget: err = %v, want ErrOptions", err)
		}
	}
}

package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/memfs"
	"github.com/rehashdev/rehash/dedup"
	"github.com/rehashdev/rehash/signature"
)

// tree lays the generated corpus out as a directory the CLI would be
// given: JSON Lines files at two depths, a hidden file (which a walk
// passes over: read, it would add exact duplicates), and a folder of
// plain-text files, one document each, some of them near-duplicates of
// each other, whose ids are their paths relative to the directory.
func tree(t *testing.T, seed uint64) string {
	t.Helper()
	parts := corpus(t, seed)
	root := t.TempDir()
	put := func(name string, data []byte) {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	read := func(p string) []byte {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	put("z-top.jsonl.zst", read(parts[0]))
	put("b/c.jsonl", read(parts[1]))
	put("b/d/e.jsonl.gz", read(parts[2]))
	put(".hidden/copy.jsonl", read(parts[1]))
	// A dangling link: a walk's problem, an unreadable record in the CLI.
	if err := os.Symlink(filepath.Join(root, "nowhere"), filepath.Join(root, "b", "dangling")); err != nil {
		t.Fatal(err)
	}
	words := strings.Fields("the harbour office posted the new ferry timetable on monday and the winter crossings " +
		"will leave an hour later than before while the night service stops until march said the port manager " +
		"who added that freight bookings are not affected by the change in any way at all this season")
	for i := range 6 {
		w := slices.Clone(words)
		if i%2 == 1 { // a near-duplicate of the one before: the last word changed
			w[len(w)-1] = "year"
		}
		if i >= 4 { // unrelated to the others: the words reversed
			slices.Reverse(w)
		}
		put(fmt.Sprintf("texts/note-%d.txt", i), []byte(strings.Join(w, " ")))
	}
	return root
}

// TestInputsAsCLI: a directory is walked as the CLI walks it (the same
// files, order and ids), and glob patterns give what the shell's expansion
// gives the CLI.
func TestInputsAsCLI(t *testing.T) {
	root := tree(t, 5)
	o := dedup.Options{Params: signature.Params{Threshold: 0.8}, OnError: dedup.Skip}
	for _, tc := range []struct {
		name       string
		cli, run   []string
		prefix     string // of the text files' ids
		secondRead bool
	}{
		{"directory", []string{root}, []string{root}, "texts/", false},
		// What a shell expands the patterns to for the CLI: a directory
		// among the matches is walked, and a file matched twice is read
		// twice (its records all exact duplicates the second time).
		{"globs", []string{
			filepath.Join(root, "b"), filepath.Join(root, "z-top.jsonl.zst"), filepath.Join(root, "texts"), filepath.Join(root, "b/d/e.jsonl.gz"),
		}, []string{filepath.Join(root, "[bz]*"), filepath.Join(root, "t*"), filepath.Join(root, "*/d/*.gz")}, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantC, wantP, _ := cli(t, tc.cli, o)
			got, counters := run(t, &Options{Inputs: tc.run, Output: t.TempDir(), Dedup: &o, SecondRead: tc.secondRead})
			compare(t, "clusters", got[KindClusters], wantC)
			compare(t, "pairs", got[KindPairs], wantP)
			// The text files are in, under their relative names, and
			// two of them pair; the hidden copy is not read.
			if !bytes.Contains(wantP, []byte(`note-0.txt","b":"`+tc.prefix+`note-1.txt"`)) {
				t.Errorf("the text files' pair is missing from the CLI's pairs:\n%s", wantP)
			}
			if counters["exact_duplicates"] == 0 || counters["docs"] != int64(bytes.Count(wantC, []byte("\n"))) || counters["skipped_unreadable"] != 1 {
				t.Errorf("counters %v", counters)
			}
		})
	}
	// A pattern that matches nothing is an error naming it, not an empty
	// run.
	p := filepath.Join(root, "nothing-*.jsonl")
	_, s := beam.NewPipelineWithRoot()
	if err := Build(s, &Options{Inputs: []string{p}, Output: t.TempDir()}); err == nil || !strings.Contains(err.Error(), "nothing-*.jsonl") {
		t.Errorf("got %v, want an error naming %s", err, p)
	}
}

// TestRemoteInputs runs the pipeline on inputs and outputs on a Beam
// filesystem other than the local one, the SDK's in-memory memfs://,
// which the pipeline reaches only through the SDK's filesystem registry
// (filesystem.New), as it reaches gs:// and s3:// on a cluster: no path
// exists on the local disk. The results are the CLI's on local copies.
func TestRemoteInputs(t *testing.T) {
	parts := corpus(t, 6)
	for _, p := range parts {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		memfs.Write("memfs://in/"+filepath.Base(p), data)
	}
	memfs.Write("memfs://elsewhere/part-9.jsonl", []byte(`{"id": "not-matched", "text": "a file the pattern does not match"}`+"\n"))
	o := dedup.Options{Params: signature.Params{Threshold: 0.8}, OnError: dedup.Skip}
	wantC, wantP, wantK := cli(t, parts, o)
	got, counters := run(t, &Options{Inputs: []string{"memfs://in/part-*"}, Output: "memfs://out", Dedup: &o, DedupOut: true, SecondRead: true})
	compare(t, "clusters", got[KindClusters], wantC)
	compare(t, "pairs", got[KindPairs], wantP)
	compare(t, "kept records", got[KindDedup], wantK)
	if !bytes.Contains(got[KindDeadLetter], []byte(`"source":"memfs://in/part-1.jsonl:`)) || counters["skipped_malformed"] != 1 {
		t.Errorf("dead letters should name the remote file:\n%s", got[KindDeadLetter])
	}
	if _, err := os.Stat("memfs:"); err == nil {
		t.Error("a local directory memfs: was created")
	}

	// A Parquet input on the remote filesystem, written back as Parquet.
	path, rows := parquetCorpus(t, 7)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	memfs.Write("memfs://pq/corpus.parquet", data)
	_, _, wantK = cliParquet(t, path, o)
	run(t, &Options{Inputs: []string{"memfs://pq/corpus.parquet"}, Output: "memfs://pq-out", Dedup: &o, DedupOut: true})
	var k bytes.Buffer
	if err := CopyParquet(context.Background(), "memfs://pq-out", &k); err != nil {
		t.Fatal(err)
	}
	checkParquetKept(t, k.Bytes(), wantK, len(rows))
}

package dedup

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/rehashdev/rehash/cluster"
	"github.com/rehashdev/rehash/signature"
)

// TestExternalMatchesInMemory: an out-of-core run gives the in-memory
// run's clusters and pairs byte for byte, with sorter buffers small enough
// that every sort spills many runs and merges them, under every keep
// policy (the policies read lengths and dates back from the documents
// file), at two thresholds, with exact duplicates and skipped records.
func TestExternalMatchesInMemory(t *testing.T) {
	c := plantedCorpus(13, 300, 500)
	for i := range 40 { // exact duplicates, some differing in case only
		c.ids = append(c.ids, "exact-"+c.ids[i*3])
		text := c.texts[i*3]
		if i%2 == 1 {
			text = strings.ToUpper(text)
		}
		c.texts = append(c.texts, text)
	}
	path := c.writeJSONL(t, identity(len(c.ids)))
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"id": "nothing", "text": " -- "}` + "\n")
	f.Close()

	for _, keep := range []cluster.Policy{cluster.KeepFirst, cluster.KeepLongest, cluster.KeepEarliest} {
		for _, th := range []float64{0.5, 0.8} {
			if keep != cluster.KeepFirst && th != 0.8 {
				continue // the policies differ only in clustering; one threshold shows it
			}
			base := Options{Params: signature.Params{Threshold: th}, Keep: keep, OnError: Skip, Workers: 2}
			c1, p1, r1 := runBytes(t, []string{path}, &base)
			ext := base
			ext.Memory, ext.runRecords, ext.TempDir = MinMemory, 100, t.TempDir()
			c2, p2, r2 := runBytes(t, []string{path}, &ext)
			if !bytes.Equal(c1, c2) || !bytes.Equal(p1, p2) {
				t.Fatalf("keep %s, threshold %v: out-of-core output differs from in-memory", keep, th)
			}
			s1, s2 := r1.Stats, r2.Stats
			if s1.Clusters != s2.Clusters || s1.Duplicates != s2.Duplicates || s1.Exact != s2.Exact ||
				s1.Candidates != s2.Candidates || s1.Verified != s2.Verified || s1.Written != s2.Written {
				t.Errorf("keep %s, threshold %v: stats differ: in memory %+v, out of core %+v", keep, th, s1, s2)
			}
			if s2.SpillBytes == 0 || r2.Docs != nil {
				t.Errorf("out-of-core run spilled %d bytes, kept %d docs in memory", s2.SpillBytes, len(r2.Docs))
			}
			if s1.Duplicates == 0 || s1.Exact == 0 {
				t.Fatalf("the corpus has no duplicates: the comparison shows nothing")
			}
			dir := ext.TempDir
			r1.Close()
			if err := r2.Close(); err != nil {
				t.Fatal(err)
			}
			if left, _ := os.ReadDir(dir); len(left) != 0 {
				t.Errorf("Close left %d files in the temporary directory", len(left))
			}
		}
	}
}

func TestExternalOptions(t *testing.T) {
	for _, o := range []Options{
		{Memory: -1},
		{Memory: 1 << 20},
		{Memory: MinMemory, KeepRaw: true},
	} {
		if _, err := Run(context.Background(), nil, &o); !errors.Is(err, ErrOptions) {
			t.Errorf("%+v: err = %v, want ErrOptions", o, err)
		}
	}
	if _, err := Run(context.Background(), []string{"-"}, &Options{Memory: MinMemory}); !errors.Is(err, ErrOptions) {
		t.Errorf("memory-bounded run on standard input: err = %v, want ErrOptions", err)
	}
}

package pipeline

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	"github.com/klauspost/compress/zstd"
	"github.com/rehashdev/rehash/cluster"
	"github.com/rehashdev/rehash/dedup"
	"github.com/rehashdev/rehash/signature"
)

func TestMain(m *testing.M) {
	beam.Init()
	os.Exit(m.Run())
}

// corpus writes generated JSON Lines inputs with exact duplicates,
// near-duplicates, chains of near-duplicates (a~b, b~c, a and c apart),
// containers, dates, and bad records of several kinds, and returns their
// paths.
func corpus(t *testing.T, seed uint64) []string {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 7))
	vocab := make([]string, 3000)
	for i := range vocab {
		var b strings.Builder
		for range 3 + r.IntN(6) {
			b.WriteByte(byte('a' + r.IntN(26)))
		}
		vocab[i] = b.String()
	}
	text := func(n int) []string {
		w := make([]string, n)
		for i := range w {
			w[i] = vocab[r.IntN(len(vocab))]
		}
		return w
	}
	mutate := func(w []string, frac float64) []string {
		c := append([]string(nil), w...)
		for i := range c {
			if r.Float64() < frac {
				c[i] = vocab[r.IntN(len(vocab))]
			}
		}
		return c
	}
	type rec struct {
		ID   string `json:"id"`
		Text string `json:"text"`
		Date string `json:"date,omitempty"`
	}
	var lines [][]byte
	n := 0
	add := func(w []string) {
		n++
		d := ""
		if r.IntN(3) > 0 {
			d = fmt.Sprintf("2024-%02d-%02d", 1+r.IntN(12), 1+r.IntN(28))
		}
		b, _ := json.Marshal(rec{ID: fmt.Sprintf("doc-%04d", n), Text: strings.Join(w, " "), Date: d})
		lines = append(lines, b)
	}
	var bases [][]string
	for range 120 {
		w := text(80 + r.IntN(300))
		bases = append(bases, w)
		add(w)
	}
	for range 150 {
		b := bases[r.IntN(len(bases))]
		switch r.IntN(5) {
		case 0: // exact duplicate
			add(b)
		case 4: // a container: the whole text plus a sixth of new words
			add(append(append([]string(nil), b...), text(len(b)/6)...))
		case 1: // near duplicate
			add(mutate(b, 0.02))
		case 2: // a chain: each step close, the ends further apart
			c := b
			for range 3 {
				c = mutate(c, 0.025)
				add(c)
			}
		default: // unrelated
			add(text(50 + r.IntN(200)))
		}
	}
	// Shuffle, then cut into three files, the first zstd-compressed and
	// the last gzipped, with bad
	// records (no text field, not JSON, no words) in the middle one.
	r.Shuffle(len(lines), func(i, j int) { lines[i], lines[j] = lines[j], lines[i] })
	dir := t.TempDir()
	third := len(lines) / 3
	parts := [][][]byte{lines[:third], lines[third : 2*third], lines[2*third:]}
	parts[1] = append(parts[1][:10:10], append([][]byte{
		[]byte(`{"id": "no-text"}`), []byte(`{"id": "broken", "text": `), []byte(`{"id": "empty", "text": " -- "}`),
	}, parts[1][10:]...)...)
	var paths []string
	for i, p := range parts {
		data := append(bytes.Join(p, []byte("\n")), '\n')
		name := filepath.Join(dir, fmt.Sprintf("part-%d.jsonl", i))
		switch i {
		case 0:
			var z bytes.Buffer
			zw, err := zstd.NewWriter(&z)
			if err != nil {
				t.Fatal(err)
			}
			zw.Write(data)
			zw.Close()
			data, name = z.Bytes(), name+".zst"
		case 2:
			var z bytes.Buffer
			zw := gzip.NewWriter(&z)
			zw.Write(data)
			zw.Close()
			data, name = z.Bytes(), name+".gz"
		}
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, name)
	}
	return paths
}

// cli runs the CLI's pipeline (package dedup) and returns its clusters,
// pairs and kept records as the CLI writes them.
func cli(t *testing.T, paths []string, o dedup.Options) (clusters, pairs, kept []byte) {
	t.Helper()
	o.KeepRaw = true
	return cliKept(t, paths, o, (*dedup.Result).WriteKept)
}

// cliKept is cli with the kept records written by writeKept.
func cliKept(t *testing.T, paths []string, o dedup.Options, writeKept func(*dedup.Result, io.Writer) error) (clusters, pairs, kept []byte) {
	t.Helper()
	res, err := dedup.Run(context.Background(), paths, &o)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Close()
	var c, p, k bytes.Buffer
	if err := res.WriteClusters(&c); err != nil {
		t.Fatal(err)
	}
	if err := res.WritePairs(&p); err != nil {
		t.Fatal(err)
	}
	if err := writeKept(res, &k); err != nil {
		t.Fatal(err)
	}
	return c.Bytes(), p.Bytes(), k.Bytes()
}

// run runs the pipeline on prism and returns the merged outputs and the
// counters.
func run(t *testing.T, o *Options) (out map[string][]byte, counters map[string]int64) {
	t.Helper()
	p, s := beam.NewPipelineWithRoot()
	if err := Build(s, o); err != nil {
		t.Fatal(err)
	}
	res, err := prism.Execute(context.Background(), p)
	for try := 1; err != nil && prismProgressCrash(err) && try <= 2; try++ {
		// A fault of prism v2.78.0, not of the pipeline: on a loaded
		// machine its progress ticker can fire on a runner-side stage
		// (a flatten), which has no worker, and dereference nil
		// (worker.(*W).NextInst from (*B).Progress). The job is run
		// again, from scratch; any other failure fails the test.
		t.Logf("prism crashed in its progress reporting (try %d), running the job again", try)
		res, err = prism.Execute(context.Background(), p)
	}
	if err != nil {
		t.Fatal(err)
	}
	counters = map[string]int64{}
	for _, c := range res.Metrics().AllMetrics().Counters() {
		if c.Namespace() == ns {
			counters[c.Name()] += c.Result()
		}
	}
	out = map[string][]byte{}
	for _, kind := range []string{KindClusters, KindPairs, KindDeadLetter, KindDedup} {
		var b bytes.Buffer
		if _, err := Merge(context.Background(), o.Output, kind, &b); err != nil {
			t.Fatal(err)
		}
		out[kind] = b.Bytes()
	}
	return out, counters
}

func TestSameAsCLI(t *testing.T) {
	paths := corpus(t, 1)
	for _, tc := range []struct {
		keep       cluster.Policy
		merge      bool
		secondRead bool
	}{
		{cluster.KeepFirst, false, false}, {cluster.KeepFirst, false, true}, {cluster.KeepLongest, false, true},
		{cluster.KeepEarliest, true, false}, {cluster.KeepLatest, false, true},
	} {
		keep := tc.keep
		t.Run(fmt.Sprintf("%s,merge-contained=%v,second-read=%v", keep, tc.merge, tc.secondRead), func(t *testing.T) {
			o := dedup.Options{Params: signature.Params{Threshold: 0.8}, Keep: keep, MergeContained: tc.merge, OnError: dedup.Skip}
			wantC, wantP, wantK := cli(t, paths, o)
			got, counters := run(t, &Options{Inputs: paths, Output: t.TempDir(), Dedup: &o, DedupOut: true, SecondRead: tc.secondRead})
			compare(t, "clusters", got[KindClusters], wantC)
			compare(t, "pairs", got[KindPairs], wantP)
			compare(t, "kept records", got[KindDedup], wantK)

			// The corpus is built to exercise every path: exact and
			// near-duplicates, and chains whose members are measured
			// against a representative they never paired with.
			var exact, near, chained int
			for _, l := range bytes.Split(bytes.TrimSpace(wantC), []byte("\n")) {
				var cl dedup.ClusterLine
				if err := json.Unmarshal(l, &cl); err != nil {
					t.Fatal(err)
				}
				switch {
				case cl.Keep:
				case cl.Exact:
					exact++
				case cl.Similarity >= 0.8:
					near++
				default:
					chained++
				}
			}
			if exact == 0 || near == 0 || chained == 0 {
				t.Errorf("generated corpus too easy: %d exact, %d near, %d chained duplicates", exact, near, chained)
			}
			t.Logf("%d exact, %d near, %d chained duplicates; %d pair lines; counters %v", exact, near, chained, bytes.Count(wantP, []byte("\n")), counters)
			if n := bytes.Count(got[KindDeadLetter], []byte("\n")); n != 3 {
				t.Errorf("dead letters: %d lines, want 3:\n%s", n, got[KindDeadLetter])
			}
			skipped := counters["skipped_malformed"] + counters["skipped_no-text"] + counters["skipped_empty"]
			if skipped != 3 || counters["records"] != counters["docs"]+3 {
				t.Errorf("counters: %v", counters)
			}
			if counters["candidate_pairs"] == 0 || counters["shuffle_bytes_bands"] == 0 || counters["contained_pairs"] == 0 {
				t.Errorf("counters: %v", counters)
			}
			// The second read shuffles the sets of candidate documents
			// only, and no set from the first read.
			if tc.secondRead {
				if counters["shuffle_bytes_sets"] != 0 || counters["reread_docs"] == 0 || counters["reread_docs"] >= counters["docs"] ||
					counters["shuffle_bytes_reread_sets"] == 0 || counters["shuffle_bytes_need"] != 32*counters["candidate_pairs"] {
					t.Errorf("second read counters: %v", counters)
				}
			} else if counters["reread_docs"] != 0 || counters["shuffle_bytes_sets"] == 0 {
				t.Errorf("counters: %v", counters)
			}
		})
	}
}

// TestFailOnBadRecord: under the default policy a bad record fails the job,
// as it fails `rehash dedup`.
func TestFailOnBadRecord(t *testing.T) {
	paths := corpus(t, 2)
	p, s := beam.NewPipelineWithRoot()
	if err := Build(s, &Options{Inputs: paths, Output: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	_, err := prism.Execute(context.Background(), p)
	if err == nil || !strings.Contains(err.Error(), "part-1.jsonl") {
		t.Fatalf("got %v, want a failure naming part-1.jsonl", err)
	}
}

func compare(t *testing.T, what string, got, want []byte) {
	t.Helper()
	if bytes.Equal(got, want) {
		return
	}
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < min(len(g), len(w)); i++ {
		if g[i] != w[i] {
			t.Errorf("%s differ at line %d:\n got %s\nwant %s", what, i+1, g[i], w[i])
			return
		}
	}
	t.Errorf("%s: %d lines, want %d", what, len(g), len(w))
}

// prismProgressCrash recognizes prism's nil-worker crash by its stack.
func prismProgressCrash(err error) bool {
	m := err.Error()
	return strings.Contains(m, "worker.(*W).NextInst") && strings.Contains(m, "worker.(*B).Progress")
}

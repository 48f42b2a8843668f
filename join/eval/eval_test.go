package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/rehashdev/rehash/signature"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rehashdev/rehash/dedup"
)

// corpus writes a generated JSON Lines corpus: base documents of random
// words, near-duplicates planted at known word-edit rates (some edited
// twice over), and exact copies that differ only in case and spacing. It
// returns the path and the number of exact copies.
func corpus(t *testing.T, seed uint64) (string, int) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 11))
	vocab := make([]string, 3000)
	for i := range vocab {
		w := make([]byte, 2+rng.IntN(8))
		for k := range w {
			w[k] = byte('a' + rng.IntN(26))
		}
		vocab[i] = fmt.Sprintf("%s%d", w, i) // unique
	}
	zipf := rand.NewZipf(rng, 1.05, 2, uint64(len(vocab)-1))
	word := func() string { return vocab[zipf.Uint64()] }

	var docs [][]string
	for range 200 {
		d := make([]string, 80+rng.IntN(320))
		for i := range d {
			d[i] = word()
		}
		docs = append(docs, d)
	}
	rates := []float64{0.001, 0.002, 0.004, 0.007, 0.01, 0.015, 0.02, 0.03, 0.05, 0.1}
	for range 250 {
		base := docs[rng.IntN(len(docs))]
		rate := rates[rng.IntN(len(rates))]
		var d []string
		for _, w := range base {
			if rng.Float64() >= rate {
				d = append(d, w)
				continue
			}
			switch rng.IntN(4) {
			case 0, 1: // substitute
				d = append(d, word())
			case 2: // delete
			case 3: // insert
				d = append(d, w, word())
			}
		}
		docs = append(docs, d)
	}
	texts := make([]string, len(docs))
	for i, d := range docs {
		texts[i] = strings.Join(d, " ")
	}
	const copies = 25
	for range copies {
		s := texts[rng.IntN(len(texts))]
		texts = append(texts, "  "+strings.ToUpper(s[:1])+strings.ReplaceAll(s[1:], " ", "\n "))
	}
	rng.Shuffle(len(texts), func(i, j int) { texts[i], texts[j] = texts[j], texts[i] })

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for i, s := range texts {
		if err := enc.Encode(map[string]string{"id": fmt.Sprintf("d%03d", i), "text": s}); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "corpus.jsonl")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, copies
}

func TestExact(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		path, copies := corpus(t, seed)
		for _, th := range []float64{0.8, 0.5, 0.9} {
			rep, err := Exact(context.Background(), []string{path}, &Options{Dedup: &dedup.Options{Params: signature.Params{Threshold: th}}})
			if err != nil {
				t.Fatal(err)
			}
			name := fmt.Sprintf("seed %d, threshold %v", seed, th)
			t.Logf("%s: %d true pairs, %d strong, recall %.4f, strong %.4f", name, rep.TruePairs, rep.StrongPairs, rep.Recall, rep.StrongRecall)
			if rep.StrongPairs < 20 {
				t.Errorf("%s: only %d pairs at J ≥ t+%v; the corpus tests little", name, rep.StrongPairs, Margin)
			}
			if rep.StrongRecall < 0.98 {
				var out bytes.Buffer
				rep.WriteText(&out)
				t.Errorf("%s: recall %.4f at J ≥ t+%v, want ≥ 0.98\n%s", name, rep.StrongRecall, Margin, out.String())
			}
			if rep.Precision != 1 || rep.ScoreMismatches != 0 {
				t.Errorf("%s: precision %v, %d score mismatches; dedup verifies exactly, so want 1 and 0",
					name, rep.Precision, rep.ScoreMismatches)
			}
			if rep.ExactDuplicates < copies || rep.ExactFound != rep.ExactDuplicates {
				t.Errorf("%s: %d exact duplicates (%d planted), %d found", name, rep.ExactDuplicates, copies, rep.ExactFound)
			}
			if rep.Clusters.PairPrecision != 1 {
				t.Errorf("%s: cluster pairwise precision %v, want 1", name, rep.Clusters.PairPrecision)
			}
			n := 0
			for _, b := range rep.Buckets {
				n += b.Pairs
			}
			if n != rep.TruePairs {
				t.Errorf("%s: buckets hold %d pairs, want %d", name, n, rep.TruePairs)
			}
		}
	}
}

func TestExactReport(t *testing.T) {
	path, _ := corpus(t, 4)
	rep, err := Exact(context.Background(), []string{path}, &Options{Missed: 3, Dedup: &dedup.Options{Params: signature.Params{Threshold: 0.5, Bands: 2, Rows: 16}}})
	if err != nil {
		t.Fatal(err)
	}
	// A strict banding must miss pairs, listed highest Jaccard first.
	if rep.Recall >= 1 || len(rep.Missed) != 3 {
		t.Fatalf("recall %v with %d missed listed; want misses with b=2 r=16", rep.Recall, len(rep.Missed))
	}
	for i := 1; i < len(rep.Missed); i++ {
		if rep.Missed[i].Jaccard > rep.Missed[i-1].Jaccard {
			t.Errorf("missed pairs out of order: %v", rep.Missed)
		}
	}
	var text, js bytes.Buffer
	if err := rep.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "missed") || !strings.Contains(text.String(), "b=2 r=16") {
		t.Errorf("text report lacks the misses or the banding:\n%s", text.String())
	}
	if err := rep.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(js.Bytes(), &back); err != nil || back.TruePairs != rep.TruePairs || len(back.Missed) != 3 {
		t.Errorf("JSON round trip: %v, %+v", err, back)
	}
}

func TestExactStdin(t *testing.T) {
	if _, err := Exact(context.Background(), []string{"-"}, nil); !errors.Is(err, ErrStdin) {
		t.Fatalf("err %v, want ErrStdin", err)
	}
}

func TestCompareClusters(t *testing.T) {
	for _, tc := range []struct {
		name         string
		truth, found []int
		want         Clusters
	}{
		{"equal", []int{0, 0, 2, 3, 3, 3}, []int{1, 1, 2, 5, 5, 5},
			Clusters{True: 2, Found: 2, Identical: 2, TruePairs: 4, FoundPairs: 4, Both: 4, PairRecall: 1, PairPrecision: 1}},
		{"split", []int{0, 0, 0, 0}, []int{0, 0, 2, 2},
			Clusters{True: 1, Found: 2, TruePairs: 6, FoundPairs: 2, Both: 2, PairRecall: 2.0 / 6, PairPrecision: 1}},
		{"merged", []int{0, 0, 2, 2}, []int{0, 0, 0, 0},
			Clusters{True: 2, Found: 1, TruePairs: 2, FoundPairs: 6, Both: 2, PairRecall: 1, PairPrecision: 2.0 / 6}},
		{"singletons", []int{0, 1, 2}, []int{0, 1, 2},
			Clusters{PairRecall: 1, PairPrecision: 1}},
	} {
		if got := compareClusters(tc.truth, tc.found); got != tc.want {
			t.Errorf("%s: got %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

func TestBuckets(t *testing.T) {
	for _, tc := range []struct {
		t    float64
		n    int
		j    float64
		want int
	}{
		{0.8, 5, 0.8, 0}, {0.8, 5, 0.85, 1}, {0.8, 5, 0.8499, 0}, {0.8, 5, 0.9999, 3}, {0.8, 5, 1, 4},
		{0.5, 11, 0.5, 0}, {0.5, 11, 0.95, 9}, {0.9, 3, 0.95, 1}, {1, 1, 1, 0},
	} {
		b := buckets(tc.t)
		if len(b) != tc.n {
			t.Errorf("buckets(%v): %d, want %d", tc.t, len(b), tc.n)
			continue
		}
		if got := bucketOf(tc.j, tc.t, len(b)); got != tc.want {
			t.Errorf("bucketOf(%v) at %v: %d, want %d", tc.j, tc.t, got, tc.want)
		}
	}
}

package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/rehashdev/rehash/dedup"
	"github.com/rehashdev/rehash/internal/testcorpus"
	"github.com/rehashdev/rehash/signature"
)

// corpus writes a generated JSON Lines corpus (package
// internal/testcorpus): base documents of Zipf-distributed words,
// near-duplicates planted at known word-edit rates, and exact copies that
// differ only in case and spacing, shuffled. It returns the path and the
// number of exact copies.
func corpus(t *testing.T, seed uint64) (string, int) {
	t.Helper()
	const copies = 25
	docs := testcorpus.Generate(testcorpus.Config{
		Seed: seed, Bases: 200, Copies: 250, Exact: copies,
		Rates:    []float64{0.001, 0.002, 0.004, 0.007, 0.01, 0.015, 0.02, 0.03, 0.05, 0.1},
		MinWords: 80, MaxWords: 399, NoShort: true, Zipf: true, Shuffle: true,
	})
	return testcorpus.WriteJSONL(t, docs), copies
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

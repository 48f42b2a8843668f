package evidence

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestScoresAfterAlign: the shingle scores taken from the seed index of
// the last Align equal those from sorted shingle sets, and AlignSeeds
// with precomputed seeds finds what Align finds.
func TestScoresAfterAlign(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	text := func(n int) []uint64 {
		w := make([]uint64, n)
		for i := range w {
			w[i] = uint64(rng.IntN(12)) // a small vocabulary: repeats
		}
		return w
	}
	al, _ := New(nil)
	for i := range 300 {
		a, b := text(5+rng.IntN(60)), text(5+rng.IntN(60))
		if i%3 == 0 {
			b = append(append(text(rng.IntN(10)), a[rng.IntN(len(a)):]...), text(rng.IntN(10))...)
		}
		if len(b) < 5 {
			continue // no seed: Align returns early
		}
		ta, tb := &Text{Words: a}, &Text{Words: b}
		slow := al.Scores(ta, tb, nil)
		ta.Shingles, _ = al.DistinctShingles(a, nil)
		want := slices.Clone(al.Align(a, b))
		// Seeds given or computed: the same matches.
		if got := al.AlignSeeds(a, b, al.Seeds(nil, a), al.Seeds(nil, b)); !slices.Equal(got, want) {
			t.Fatalf("case %d: AlignSeeds %v, Align %v", i, got, want)
		}
		if _, ok := al.alignedShared(ta, tb); !ok {
			t.Fatal("fast path not taken")
		}
		if fast := al.Scores(ta, tb, nil); fast != slow {
			t.Fatalf("case %d: fast %+v, slow %+v", i, fast, slow)
		}
	}
}

package verify

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func naive(a, b []uint64) int {
	set := map[uint64]bool{}
	for _, x := range a {
		set[x] = true
	}
	n := 0
	for _, x := range b {
		if set[x] {
			n++
		}
	}
	return n
}

func randSet(rng *rand.Rand, n, universe int) []uint64 {
	s := make([]uint64, n)
	for i := range s {
		s[i] = uint64(rng.IntN(universe))
	}
	slices.Sort(s)
	return slices.Compact(s)
}

// TestIntersectMatchesNaive checks the merge and the galloping paths against
// a map-based count on random sets of very different sizes.
func TestIntersectMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for trial := 0; trial < 500; trial++ {
		a := randSet(rng, rng.IntN(50), 2000)
		b := randSet(rng, rng.IntN(3000), 2000)
		if got, want := Intersect(a, b), naive(a, b); got != want {
			t.Fatalf("trial %d: Intersect = %d, want %d (|a|=%d |b|=%d)", trial, got, want, len(a), len(b))
		}
		if got, want := Intersect(b, a), naive(a, b); got != want {
			t.Fatalf("trial %d: Intersect(b, a) = %d, want %d", trial, got, want)
		}
	}
}

func TestScores(t *testing.T) {
	a := []uint64{1, 2, 3, 4}
	b := []uint64{3, 4, 5, 6, 7, 8}
	s := Compare(a, b)
	if s.Jaccard != 2.0/8 || s.AInB != 0.5 || s.BInA != 2.0/6 {
		t.Errorf("Compare = %+v", s)
	}
	if MaxJaccard(4, 6) < s.Jaccard {
		t.Error("size filter rejects a pair it must keep")
	}
	if Compare(nil, b) != (Score{}) {
		t.Error("empty set must score zero")
	}
}

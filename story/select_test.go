package story

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestHeaviestN holds the quickselect against a full sort, on weights
// with many ties.
func TestHeaviestN(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for trial := 0; trial < 500; trial++ {
		ws := make([]termWeight, r.IntN(60))
		for i := range ws {
			ws[i] = termWeight{uint64(r.IntN(40)), float64(r.IntN(8))}
		}
		n := r.IntN(30) + 1
		want := slices.Clone(ws)
		sortByWeight(want)
		if len(want) > n {
			want = want[:n]
		}
		got := heaviestN(slices.Clone(ws), n)
		if !slices.Equal(got, want) {
			t.Fatalf("heaviestN(%v, %d) = %v, want %v", ws, n, got, want)
		}
	}
}

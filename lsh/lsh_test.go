package lsh

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestParamsFor: the chosen banding fits the signature, and its collision
// curve is steep around the threshold: likely above, unlikely well below.
func TestParamsFor(t *testing.T) {
	for _, th := range []float64{0.5, 0.7, 0.8, 0.9, 0.95} {
		p := ParamsFor(th, 128, nil)
		if p.Bands*p.Rows > 128 || p.Bands < 1 || p.Rows < 1 {
			t.Fatalf("threshold %v: %v does not fit 128 slots", th, p)
		}
		// Recall is what the default weights buy: pairs at the threshold
		// are found with probability at least 0.995, pairs 0.05 above it
		// with at least 0.999.
		if c := p.Collision(th); c < 0.995 {
			t.Errorf("threshold %v: %v finds pairs at t with probability %.4f < 0.995", th, p, c)
		}
		if c := p.Collision(min(th+0.05, 1)); c < 0.999 {
			t.Errorf("threshold %v: %v finds pairs at t+0.05 with probability %.4f < 0.999", th, p, c)
		}
		// And the curve still falls: pairs far below are rarely candidates.
		if c := p.Collision(th - 0.4); c > 0.25 {
			t.Errorf("threshold %v: %v collides at t-0.4 with probability %.4f", th, p, c)
		}
		t.Logf("t=%.2f %v P(t)=%.4f P(t+.05)=%.4f P(t-.2)=%.4f", th, p, p.Collision(th), p.Collision(min(th+0.05, 1)), p.Collision(th-0.2))
	}
	// A weight on false positives alone picks the strictest banding.
	if p := ParamsFor(0.8, 128, &Weights{FalsePositive: 1}); p.Collision(0.5) > 1e-3 {
		t.Errorf("false-positive-only weights give %v", p)
	}
}

// TestCandidatesMatchBruteForce: Candidates returns exactly the pairs that
// share at least one band key.
func TestCandidatesMatchBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	const n, bands = 300, 4
	keys := make([]uint64, n*bands)
	for i := range keys {
		keys[i] = uint64(rng.IntN(200)) // small key space: many collisions
	}
	skip := func(d int) bool { return d%17 == 0 }
	got := Candidates(bands, keys, skip, 0, 3)
	var want []uint64
	for a := 0; a < n; a++ {
		for b := a + 1; b < n; b++ {
			if skip(a) || skip(b) {
				continue
			}
			for x := 0; x < bands; x++ {
				if keys[a*bands+x] == keys[b*bands+x] {
					want = append(want, PairKey(uint32(a), uint32(b)))
					break
				}
			}
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("Candidates: %d pairs, brute force %d", len(got), len(want))
	}
}

// Band keys depend on the band: equal rows in different bands must not
// make a candidate.
func TestKeysPerBand(t *testing.T) {
	p := Params{Bands: 2, Rows: 2}
	a := p.Keys(nil, []uint64{1, 2, 3, 4})
	b := p.Keys(nil, []uint64{3, 4, 1, 2})
	if a[0] == b[1] || a[1] == b[0] {
		t.Error("same rows in different bands give the same key")
	}
	if got := Candidates(2, append(a, b...), nil, 0, 1); len(got) != 0 {
		t.Errorf("candidates %v from rows in different bands", got)
	}
}

// radixSort orders by key and keeps equal keys in their input order, as
// the comparison sort by (key, document) it replaced did for tables built
// in document order.
func TestRadixSortStable(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 5))
	for _, n := range []int{0, 1, 2, 7, 1000, 5000} {
		a := make([]entry, n)
		for i := range a {
			// Few distinct keys, spread over all 64 bits, so that buckets
			// are large and every pass matters.
			a[i] = entry{key: r.Uint64N(50) * 0x9E3779B97F4A7C15, doc: uint32(i)}
		}
		want := slices.Clone(a)
		slices.SortFunc(want, func(x, y entry) int {
			if x.key != y.key {
				return cmp.Compare(x.key, y.key)
			}
			return cmp.Compare(x.doc, y.doc)
		})
		radixSort(a, make([]entry, n))
		if !slices.Equal(a, want) {
			t.Errorf("n=%d: radix order differs from the (key, doc) sort", n)
		}
	}
}

package rehash

import (
	"math/rand/v2"
	"testing"
)

// randomMap builds a map over a derived text of n bytes from random
// one-to-one runs and coarse segments (an entity, an expansion), returning
// it with the source length it covers.
func randomMap(rng *rand.Rand, n int) (*OffsetMap, int) {
	m := &OffsetMap{}
	dst, src := 0, 0
	for dst < n {
		l := 1 + rng.IntN(6)
		if dst+l > n {
			l = n - dst
		}
		if rng.IntN(3) == 0 { // coarse: l derived bytes from a source range of another length
			sl := 1 + rng.IntN(8)
			m.Add(dst, l, src, sl)
			src += sl
		} else {
			m.Add(dst, l, src, l)
			src += l
		}
		dst += l
		if rng.IntN(5) == 0 {
			src += rng.IntN(4) // skipped source bytes (markup)
		}
	}
	return m, src
}

// TestComposeAgreesPointwise: mapping a byte through the composed map
// covers what mapping it through the inner then the outer map gives, and is
// exact wherever both maps are exact.
func TestComposeAgreesPointwise(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 300; trial++ {
		outer, mid := randomMap(rng, 40+rng.IntN(60))
		_ = mid
		outerLen := 0
		for _, g := range outer.segs {
			outerLen = g.dst + g.dstLen
		}
		inner, innerSrc := randomMap(rng, 30)
		if innerSrc > outerLen {
			continue
		}
		c := inner.Compose(outer)
		for i := 0; i < 30; i++ {
			via := outer.Source(inner.Source(Span{i, i + 1}))
			got := c.Source(Span{i, i + 1})
			if got.Start > via.Start || got.End < via.End || got.Start < via.Start-8 || got.End > via.End+8 {
				t.Fatalf("trial %d byte %d: composed %v, through both %v", trial, i, got, via)
			}
		}
	}
	// One-to-one through one-to-one is exact.
	a, b := &OffsetMap{}, &OffsetMap{}
	a.Add(0, 10, 5, 10)
	b.Add(0, 8, 100, 8)
	b.Add(8, 2, 108, 1) // an expansion at bytes 8-9
	b.Add(10, 10, 109, 10)
	c := a.Compose(b)
	if got := c.Source(Span{0, 3}); got != (Span{105, 108}) {
		t.Errorf("exact run maps to %v, want {105 108}", got)
	}
	if got := c.Source(Span{3, 5}); got != (Span{108, 109}) {
		t.Errorf("expanded byte maps to %v, want {108 109}", got)
	}
}

// Package lsh finds candidate pairs of similar documents from their
// signatures by locality-sensitive hashing: the signature is cut into b
// bands of r rows, each band is hashed to a key, and two documents whose
// keys agree in any band become a candidate pair.
//
// Two documents of Jaccard similarity s collide in at least one band with
// probability 1 - (1 - s^r)^b. ParamsFor chooses b and r for a threshold by
// minimizing a weighted sum of the false-positive area (the probability mass
// of collisions below the threshold) and the false-negative area (of misses
// above it). Because every candidate is verified on exact shingle sets
// afterwards, a false positive costs only time while a false negative is a
// duplicate lost, so the default weights favour recall.
//
//	p := lsh.ParamsFor(0.8, 128, nil)
//	keys := p.Keys(nil, sig) // b band keys, stored per document
//	pairs := lsh.Candidates(p.Bands, allKeys, nil, 0, workers) // sorted, unique
package lsh

import (
	"fmt"
	"math"
	"slices"
	"sync"
)

// Params are the banding parameters.
type Params struct {
	Bands, Rows int
}

// Weights weigh false positives against false negatives in ParamsFor.
type Weights struct {
	FalsePositive, FalseNegative float64
}

// DefaultWeights favour recall: a missed duplicate cannot be recovered,
// while a false candidate costs one exact verification. At 128 slots they
// give b=21 r=6 at threshold 0.8, finding a pair of Jaccard 0.8 with
// probability 0.998 (0.02/0.98 gave b=17 r=7 and 0.982, which cost recall
// just above the threshold on real corpora: docs/eval.md).
var DefaultWeights = Weights{FalsePositive: 0.001, FalseNegative: 0.999}

// String renders "b=9 r=13".
func (p Params) String() string { return fmt.Sprintf("b=%d r=%d", p.Bands, p.Rows) }

// Collision returns the probability that two documents of Jaccard s share
// at least one band key.
func (p Params) Collision(s float64) float64 {
	return 1 - math.Pow(1-math.Pow(s, float64(p.Rows)), float64(p.Bands))
}

// ParamsFor chooses bands and rows with bands·rows ≤ size that minimize
// w.FalsePositive·∫₀ᵗ P(s)ds + w.FalseNegative·∫ₜ¹ (1-P(s))ds for the
// threshold t. Nil weights mean DefaultWeights. The choice depends only on
// its arguments, so it is the same on every run.
func ParamsFor(threshold float64, size int, w *Weights) Params {
	if w == nil {
		w = &DefaultWeights
	}
	best, bestCost := Params{Bands: 1, Rows: size}, math.Inf(1)
	for b := 1; b <= size; b++ {
		for r := 1; b*r <= size; r++ {
			p := Params{Bands: b, Rows: r}
			fp := integrate(p.Collision, 0, threshold)
			fn := integrate(func(s float64) float64 { return 1 - p.Collision(s) }, threshold, 1)
			if c := w.FalsePositive*fp + w.FalseNegative*fn; c < bestCost {
				best, bestCost = p, c
			}
		}
	}
	return best
}

// integrate is the trapezoid rule over 200 steps, ample for these smooth
// curves.
func integrate(f func(float64) float64, a, b float64) float64 {
	const n = 200
	h := (b - a) / n
	sum := (f(a) + f(b)) / 2
	for i := 1; i < n; i++ {
		sum += f(a + float64(i)*h)
	}
	return sum * h
}

// Keys appends the b band keys of sig to dst. Key i hashes rows
// [i·r, (i+1)·r) together with the band number, so equal rows in different
// bands do not collide.
func (p Params) Keys(dst []uint64, sig []uint64) []uint64 {
	for b := 0; b < p.Bands; b++ {
		h := uint64(b+1) * 0x9E3779B97F4A7C15
		for _, v := range sig[b*p.Rows : (b+1)*p.Rows] {
			h = (h<<29 | h>>35) ^ v
			h *= 0xBF58476D1CE4E5B9
		}
		h ^= h >> 31
		h *= 0x94D049BB133111EB
		h ^= h >> 29
		dst = append(dst, h)
	}
	return dst
}

// PairKey packs a pair of document numbers a < b into one sortable key.
func PairKey(a, b uint32) uint64 { return uint64(a)<<32 | uint64(b) }

// Unpack splits a pair key.
func Unpack(k uint64) (a, b uint32) { return uint32(k >> 32), uint32(k) }

// entry is one document's key in one band.
type entry struct {
	key uint64
	doc uint32
}

// Candidates returns every pair of documents that share a band key, as
// sorted, unique pair keys with a < b. keys holds the band keys of
// document i at keys[i·bands : (i+1)·bands]; a document is passed over when
// skip(i) is true. Bands are independent tables, so they are sorted and
// scanned on up to workers goroutines; the result does not depend on
// workers.
//
// Memory is 16 bytes per document and band for the tables plus 8 bytes a
// candidate. A bucket of m documents yields m(m-1)/2 pairs; buckets larger
// than maxBucket (if > 0) are cut to pairs within windows of maxBucket
// neighbours in document order, bounding the worst case (thousands of near
// identical template pages) while still chaining the bucket together.
func Candidates(bands int, keys []uint64, skip func(doc int) bool, maxBucket, workers int) []uint64 {
	n := len(keys) / bands
	var docs []uint32
	for d := 0; d < n; d++ {
		if skip == nil || !skip(d) {
			docs = append(docs, uint32(d))
		}
	}
	perBand := make([][]uint64, bands)
	next := make(chan int, bands)
	for b := 0; b < bands; b++ {
		next <- b
	}
	close(next)
	var wg sync.WaitGroup
	for w := 0; w < max(1, min(workers, bands)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			table := make([]entry, len(docs))
			tmp := make([]entry, len(docs))
			for b := range next {
				for i, d := range docs {
					table[i] = entry{keys[int(d)*bands+b], d}
				}
				perBand[b] = bandPairs(table, tmp, maxBucket)
			}
		}()
	}
	wg.Wait()
	var pairs []uint64
	for _, p := range perBand {
		pairs = append(pairs, p...)
	}
	slices.Sort(pairs)
	return slices.Compact(pairs)
}

// bandPairs sorts one band's table by key and returns the pairs of
// documents in every bucket of equal keys. The table comes in document
// order and the sort is stable, so each bucket lists its documents in
// order; tmp is scratch of the table's length.
func bandPairs(table, tmp []entry, maxBucket int) []uint64 {
	radixSort(table, tmp)
	var pairs []uint64
	for i := 0; i < len(table); {
		j := i + 1
		for j < len(table) && table[j].key == table[i].key {
			j++
		}
		bucket := table[i:j]
		for x := 0; x < len(bucket); x++ {
			end := len(bucket)
			if maxBucket > 0 && end > x+maxBucket {
				end = x + maxBucket
			}
			for y := x + 1; y < end; y++ {
				pairs = append(pairs, PairKey(bucket[x].doc, bucket[y].doc))
			}
		}
		i = j
	}
	return pairs
}

// radixSort sorts a by key, stably, with tmp (as long as a) as scratch:
// six passes of 11 bits, least significant first. Band keys are hashes,
// so every pass spreads evenly; it is several times faster than a
// comparison sort on the 21 tables of a run, which the candidate step
// spent most of its time in.
func radixSort(a, tmp []entry) {
	const bits = 11
	if len(a) < 2 {
		return
	}
	src, dst := a, tmp[:len(a)]
	var count [1 << bits]int
	for shift := 0; shift < 64; shift += bits {
		clear(count[:])
		for _, e := range src {
			count[(e.key>>shift)&(1<<bits-1)]++
		}
		sum := 0
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		for _, e := range src {
			d := (e.key >> shift) & (1<<bits - 1)
			dst[count[d]] = e
			count[d]++
		}
		src, dst = dst, src
	}
	// Six passes: the sorted table is back in a.
}

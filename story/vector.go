package story

import (
	"cmp"
	"math"
	"slices"
)

// DF counts in how many documents each term occurs: the document
// frequencies that idf is computed from. Not safe for concurrent use.
type DF struct {
	n  int
	df map[uint64]int32
}

// NewDF returns empty counts.
func NewDF() *DF { return &DF{df: map[uint64]int32{}} }

// Add counts one document.
func (d *DF) Add(b Bag) {
	d.n++
	for _, t := range b.Terms {
		d.df[t]++
	}
}

// Docs returns the number of documents counted.
func (d *DF) Docs() int { return d.n }

// IDF returns ln((N+1)/(df+1)) for a term: 0 for a term in every
// document, ln(N+1) for one never seen.
func (d *DF) IDF(t uint64) float64 {
	return math.Log(float64(d.n+1) / float64(d.df[t]+1))
}

// Vector is a weighted, unit-length term vector, terms sorted.
type Vector struct {
	Terms   []uint64
	Weights []float32
}

// Weigh turns a bag into a vector: each term weighs (1 + ln count)·idf
// (sublinear tf, so a word said ten times is not ten times the evidence),
// the top terms are kept (ties by term), and the vector is scaled to unit
// length.
func Weigh(b Bag, idf func(uint64) float64, top int) Vector {
	ws := make([]termWeight, 0, len(b.Terms))
	for i, t := range b.Terms {
		c := float64(b.Counts[i])
		if c <= 0 {
			continue
		}
		w := 1 + math.Log(c)
		if c < 1 {
			w = c // boosts below 1 stay below an unboosted word
		}
		w *= idf(t)
		if w > 0 {
			ws = append(ws, termWeight{t, w})
		}
	}
	if top > 0 && len(ws) > top {
		selectHeaviest(ws, top)
		ws = ws[:top]
		slices.SortFunc(ws, func(x, y termWeight) int { return cmp.Compare(x.t, y.t) })
	}
	var norm float64
	for _, x := range ws {
		norm += x.w * x.w
	}
	norm = math.Sqrt(norm)
	v := Vector{Terms: make([]uint64, len(ws)), Weights: make([]float32, len(ws))}
	for i, x := range ws {
		v.Terms[i], v.Weights[i] = x.t, float32(x.w/norm)
	}
	return v
}

// Cosine returns the cosine similarity of two unit vectors.
func Cosine(a, b Vector) float64 {
	var s float64
	i, j := 0, 0
	for i < len(a.Terms) && j < len(b.Terms) {
		switch {
		case a.Terms[i] < b.Terms[j]:
			i++
		case a.Terms[i] > b.Terms[j]:
			j++
		default:
			s += float64(a.Weights[i]) * float64(b.Weights[j])
			i++
			j++
		}
	}
	return s
}

// Package sketch computes MinHash-family signatures of shingle sets and
// estimates Jaccard similarity from them.
//
// The sketch is the Fast Similarity Sketch (Dahlgaard, Knudsen and Thorup,
// 2017): in round after round, every shingle drops one value into a bin
// drawn from its hash, and each bin keeps its minimum; the sketch stops as
// soon as a round leaves no bin empty. Two sets agree on a bin with
// probability equal to their Jaccard similarity, as with classic
// k-permutation MinHash, but each round spreads the shingles over the bins
// like one-permutation hashing, so the bins are negatively correlated and
// the estimate's variance is at most MinHash's, and about half of it for
// sets not far larger than the signature (short documents). See
// docs/design.md for the measured figures against classic MinHash,
// SuperMinHash and one-permutation hashing with optimal densification.
//
// Cost: O(n + m log m) cheap steps for n shingles and m slots, about one
// multiply per shingle per round: 8 ns a shingle for long documents, 16 ns
// for a 100-shingle one, against 300 ns for classic MinHash with 128 slots.
//
//	s := sketch.New(sketch.Params{Size: 128, Seed: 42})
//	sigA := s.Sketch(nil, setA)
//	sigB := s.Sketch(nil, setB)
//	j := sketch.Similarity(sigA, sigB) // estimates |A∩B| / |A∪B|
//
// Classic MinHash is kept as MinHash, the reference the tests hold the
// sketch against.
package sketch

import (
	"errors"
	"math"

	"github.com/rehashdev/rehash/shingle"
)

// DefaultSize is the default number of slots in a signature.
const DefaultSize = 128

// ErrParams reports parameters that do not describe a sketch.
var ErrParams = errors.New("sketch: size must be between 1 and 65536")

// Params shape a signature. Two signatures compare only if they were made
// with equal Params; the index stores them and checks them on open.
type Params struct {
	// Size is the number of slots. Default DefaultSize.
	Size int
	// Seed seeds every hash. Default 0.
	Seed uint64
}

// Signature is a sketch: one 64-bit value per slot.
type Signature []uint64

// empty marks a bin no shingle fell into; a real hash equals it with
// probability 2^-64.
const empty = math.MaxUint64

// Sketcher makes signatures. It keeps scratch space, so it is not safe for
// concurrent use: make one per goroutine.
type Sketcher struct {
	size int
	seed uint64
	keys []uint64
}

// New returns a Sketcher. Size ≤ 0 means DefaultSize.
func New(p Params) *Sketcher {
	if p.Size <= 0 {
		p.Size = DefaultSize
	}
	return &Sketcher{size: p.Size, seed: p.Seed}
}

// Validate checks p.
func (p Params) Validate() error {
	if p.Size < 0 || p.Size > 1<<16 {
		return ErrParams
	}
	return nil
}

// Size returns the number of slots.
func (s *Sketcher) Size() int { return s.size }

// Sketch writes the signature of the shingle hashes into dst (reallocated
// if too small) and returns it. Repeated hashes do not change the result.
// An empty input gives all-empty slots, which match only another empty
// signature.
func (s *Sketcher) Sketch(dst Signature, hashes []uint64) Signature {
	if cap(dst) < s.size {
		dst = make(Signature, s.size)
	}
	dst = dst[:s.size]
	fastSketch(dst, hashes, s.seed, &s.keys)
	return dst
}

// Similarity returns the fraction of slots on which a and b agree: an
// unbiased estimate of the Jaccard similarity of the sets they sketch. It
// panics if the lengths differ.
func Similarity(a, b Signature) float64 {
	if len(a) != len(b) {
		panic("sketch: signatures of different sizes")
	}
	if len(a) == 0 {
		return 0
	}
	eq := 0
	for i := range a {
		if a[i] == b[i] {
			eq++
		}
	}
	return float64(eq) / float64(len(a))
}

// MinHash computes classic k-permutation MinHash: slot i is the minimum over
// all shingles of an independent hash seeded by i. It costs Size hashes per
// shingle and serves as the reference the sketch is tested against.
func MinHash(p Params, hashes []uint64) Signature {
	if p.Size <= 0 {
		p.Size = DefaultSize
	}
	sig := make(Signature, p.Size)
	for i := range sig {
		sig[i] = empty
	}
	for _, h := range hashes {
		h = mix(h)
		for i := range sig {
			v := mix(h ^ mix(p.Seed+uint64(i)*0x9E3779B97F4A7C15+1))
			if v < sig[i] {
				sig[i] = v
			}
		}
	}
	return sig
}

// mix is the 64-bit finalizer of MurmurHash3, as the shingle hashes use.
func mix(h uint64) uint64 { return shingle.Mix(h) }

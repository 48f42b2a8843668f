package signature

import (
	"slices"

	"github.com/rehashdev/rehash/shingle"
)

// Winnowing (Schleimer, Wilkerson and Aiken, 2003).
//
// Near-duplicate band keys find documents that are mostly the same; they
// cannot find a short piece that quotes two sentences of a long article,
// whose Jaccard similarity is near zero. Anchors can: every run of Gram
// consecutive words is hashed (a gram), and of every window of Window
// consecutive grams the smallest hash is kept. Two texts that share a run
// of at least Gram+Window-1 words therefore share at least one anchor,
// whatever surrounds the run, and a text keeps about 2/(Window+1) of its
// grams. reuse indexes a corpus's anchors in memory; index stores them as
// posting lists.

// Default winnowing, the index's: a shared run of 8+16-1 = 23 words is
// guaranteed an anchor, and a text keeps about 12% of its grams.
const (
	DefaultGram   = 8
	DefaultWindow = 16
)

// Winnower chooses anchors from word hashes. The zero value winnows with
// DefaultGram, DefaultWindow and shingle.Combine. It keeps scratch space:
// not safe for concurrent use.
type Winnower struct {
	// Gram is the number of words per gram. Default DefaultGram.
	Gram int
	// Window is the number of consecutive grams per window. Default
	// DefaultWindow.
	Window int
	// Hash hashes a gram's words. Default shingle.Combine, the shingle
	// hash, so that a gram of Params.Shingle words is a shingle.
	Hash func(words []uint64) uint64
	// Seed, when non-zero, hashes the words the anchors are made of with
	// this seed instead of the analyzer's Params.Seed. Only the Analyzer
	// reads it (Winnow takes word hashes already made).
	Seed uint64

	grams []uint64
}

func (w *Winnower) defaults() {
	if w.Gram <= 0 {
		w.Gram = DefaultGram
	}
	if w.Window <= 0 {
		w.Window = DefaultWindow
	}
	if w.Hash == nil {
		w.Hash = shingle.Combine
	}
}

// Winnow returns the sorted, unique anchors of a word-hash sequence: the
// minimum gram hash of every window of Window grams, the rightmost on
// ties (as in the paper); when the text has fewer grams than a window,
// the minimum of all of them. A text shorter than Gram words has no
// anchors. The result is newly allocated. Cost O(len(words) × (Gram +
// Window)).
func (w *Winnower) Winnow(words []uint64) []uint64 {
	w.defaults()
	n := len(words) - w.Gram + 1
	if n <= 0 {
		w.grams = w.grams[:0]
		return nil
	}
	grams := slices.Grow(w.grams[:0], n)[:n]
	w.grams = grams
	for i := range grams {
		grams[i] = w.Hash(words[i : i+w.Gram])
	}
	win := min(w.Window, n)
	var out []uint64
	last := -1
	for start := 0; start+win <= n; start++ {
		m := start
		for i := start + 1; i < start+win; i++ {
			if grams[i] <= grams[m] {
				m = i
			}
		}
		if m != last {
			out = append(out, grams[m])
			last = m
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Grams returns the gram hashes of the last Winnow call, in text order:
// gram i covers words i..i+Gram-1. They are the Winnower's scratch space,
// valid until the next call.
func (w *Winnower) Grams() []uint64 { return w.grams }

package dedup

import (
	"fmt"
	"slices"

	"github.com/rehashdev/rehash/lsh"
	"github.com/rehashdev/rehash/shingle"
	"github.com/zeebo/xxh3"
)

// Analysis is one document's text reduced as Run reduces it.
type Analysis struct {
	// Hash is the 128-bit content hash of the normalized text: equal hashes
	// are exact duplicates.
	Hash xxh3.Uint128
	// Set is the sorted, unique shingle set, owned by the caller.
	Set []uint64
	// Keys are the LSH band keys, Params().Bands of them, owned by the caller.
	Keys []uint64
}

// DocAnalyzer analyzes single documents with the same normalizer, shingler,
// sketcher and banding as Run, so that an incremental index built on it
// gives the answers the batch pipeline gives. It is not safe for concurrent
// use; make one per goroutine (they are cheap) or pool them.
type DocAnalyzer struct {
	a *analyzer
}

// NewDocAnalyzer returns an analyzer for the options, with Run's defaults
// and validation. Only Threshold, K, Size, Seed, Bands and Rows matter.
func NewDocAnalyzer(opts *Options) (*DocAnalyzer, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	return &DocAnalyzer{a: newAnalyzer(o, o.lshParams())}, nil
}

// Options returns the options in effect, defaults filled in.
func (d *DocAnalyzer) Options() Options { return *d.a.o }

// Params returns the banding in effect.
func (d *DocAnalyzer) Params() lsh.Params { return d.a.params }

// Analyze normalizes, shingles, sketches and bands text exactly as Run
// does (both go through the same code). A text with no words returns an
// error wrapping ErrEmpty, as Run skips it.
func (d *DocAnalyzer) Analyze(text []byte) (Analysis, error) {
	hash, shingles, keys, ok := d.a.reduce(text)
	if !ok {
		return Analysis{}, fmt.Errorf("dedup: %w", ErrEmpty)
	}
	return Analysis{Hash: hash, Set: slices.Clip(shingle.Set(shingles)), Keys: keys}, nil
}

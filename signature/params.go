// Package signature is the analysis every rehash pipeline shares: one set
// of signature parameters (Params) and one Analyzer that normalizes a
// document's text once and yields what the consumers need from it: the
// content hash, the words with their offsets, the shingle set, the LSH
// band keys and the winnowed anchors.
//
//	p := signature.Params{Threshold: 0.8} // zero fields take the defaults
//	a, err := signature.NewAnalyzer(p, nil)
//	if err != nil { ... }
//	an, err := a.Analyze(text, signature.Hash|signature.Keys)
//
// dedup (the batch run), index (the incremental store), reuse and evidence
// (passage alignment) and join (the exact ground truth) all analyze through
// it, so the batch run and the index cannot drift apart, and the index
// needs none of the batch pipeline's readers.
//
// Everything here is deterministic: every hash takes an explicit seed, and
// the same text and Params give the same hashes on every machine and run.
package signature

import (
	"errors"
	"fmt"
	"sync"

	"github.com/rehashdev/rehash/lsh"
	"github.com/rehashdev/rehash/shingle"
	"github.com/rehashdev/rehash/sketch"
)

// The defaults. They are fixed, not tuned per run, so that signatures from
// separate runs and stored indexes compare.
const (
	// DefaultThreshold is the Jaccard similarity at or above which two
	// documents are near-duplicates.
	DefaultThreshold = 0.8
	// DefaultShingle is the number of words per shingle.
	DefaultShingle = shingle.DefaultK
	// DefaultSlots is the number of signature slots.
	DefaultSlots = sketch.DefaultSize
	// DefaultSeed seeds word hashing, the content hash and sketching.
	DefaultSeed = 0x7265686173680001 // "rehash" + 1
)

// Limits on the parameters: beyond them a run is either meaningless or
// costs more than any corpus justifies.
const (
	MaxShingle = 64
	MaxSlots   = 4096
)

// ErrParams reports parameters that do not describe a signature.
var ErrParams = errors.New("signature: invalid parameters")

// Params are the parameters that shape a document's signature: change one
// and signatures made before no longer compare, which is why an index
// stores them. The same names are used by the Go API, the command-line
// flags (--threshold, --shingle, --slots, --seed, --bands, --rows) and JSON.
//
// A zero field means its default; EnsureDefaults fills them in.
type Params struct {
	// Threshold is the Jaccard similarity at or above which two documents
	// are near-duplicates, and the one the banding is tuned for. The
	// default value is DefaultThreshold (0.8).
	Threshold float64 `json:"threshold"`
	// Shingle is the number of words per shingle. The default value is
	// DefaultShingle (5).
	Shingle int `json:"shingle"`
	// Slots is the number of signature (MinHash) slots. The default value
	// is DefaultSlots (128).
	Slots int `json:"slots"`
	// Seed seeds word hashing, the content hash and sketching. The default
	// value is DefaultSeed.
	Seed uint64 `json:"seed"`
	// Bands and Rows set the LSH banding: Bands band keys of Rows slots
	// each, Bands×Rows ≤ Slots. The default (both zero) chooses them from
	// Threshold and Slots with lsh.ParamsFor: at 0.8 and 128 slots, 21
	// bands of 6 rows.
	Bands int `json:"bands"`
	Rows  int `json:"rows"`
}

// EnsureDefaults fills every zero field with its default, choosing Bands
// and Rows from Threshold and Slots when both are zero. It leaves
// out-of-range values for Validate to report.
func (p *Params) EnsureDefaults() {
	if p.Threshold == 0 {
		p.Threshold = DefaultThreshold
	}
	if p.Shingle == 0 {
		p.Shingle = DefaultShingle
	}
	if p.Slots == 0 {
		p.Slots = DefaultSlots
	}
	if p.Seed == 0 {
		p.Seed = DefaultSeed
	}
	// ParamsFor costs O(Slots²): only for a size Validate will accept.
	if p.Bands == 0 && p.Rows == 0 && p.Slots >= 1 && p.Slots <= MaxSlots &&
		p.Threshold > 0 && p.Threshold <= 1 {
		b := banding(p.Threshold, p.Slots)
		p.Bands, p.Rows = b.Bands, b.Rows
	}
}

// bandings memoizes lsh.ParamsFor, which takes tens of milliseconds at
// 128 slots: analyzers are made per worker and per pool refill.
var bandings sync.Map // [2]float64{threshold, slots} -> lsh.Params

func banding(threshold float64, slots int) lsh.Params {
	k := [2]float64{threshold, float64(slots)}
	if b, ok := bandings.Load(k); ok {
		return b.(lsh.Params)
	}
	b := lsh.ParamsFor(threshold, slots, nil)
	bandings.Store(k, b)
	return b
}

// Validate reports, wrapping ErrParams, the first field out of range. Zero
// fields are errors here: call EnsureDefaults first.
func (p Params) Validate() error {
	switch {
	case !(p.Threshold > 0 && p.Threshold <= 1):
		return fmt.Errorf("%w: threshold %v is not in (0, 1]", ErrParams, p.Threshold)
	case p.Shingle < 1 || p.Shingle > MaxShingle:
		return fmt.Errorf("%w: shingle %d words is not in [1, %d]", ErrParams, p.Shingle, MaxShingle)
	case p.Slots < 1 || p.Slots > MaxSlots:
		return fmt.Errorf("%w: %d slots is not in [1, %d]", ErrParams, p.Slots, MaxSlots)
	case p.Bands < 1 || p.Rows < 1:
		return fmt.Errorf("%w: bands %d and rows %d: give both, or neither", ErrParams, p.Bands, p.Rows)
	case p.Bands*p.Rows > p.Slots:
		return fmt.Errorf("%w: bands×rows = %d exceeds the %d slots", ErrParams, p.Bands*p.Rows, p.Slots)
	}
	return nil
}

// Resolved returns a copy of p with the defaults filled in, validated: the
// parameters a run with p uses.
func (p Params) Resolved() (Params, error) {
	p.EnsureDefaults()
	return p, p.Validate()
}

// Banding returns the LSH banding, Bands and Rows.
func (p Params) Banding() lsh.Params { return lsh.Params{Bands: p.Bands, Rows: p.Rows} }

// String renders the parameters as the command line spells them.
func (p Params) String() string {
	return fmt.Sprintf("threshold=%v shingle=%d slots=%d seed=%#x bands=%d rows=%d",
		p.Threshold, p.Shingle, p.Slots, p.Seed, p.Bands, p.Rows)
}

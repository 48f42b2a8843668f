package dedup

import (
	"context"

	"github.com/rehashdev/rehash/shingle"
	"github.com/zeebo/xxh3"
)

// Set is one accepted document's shingle set, as Run computes it.
type Set struct {
	// ID is the document's id.
	ID string
	// Shingles is the sorted, unique shingle set. An exact duplicate
	// shares the slice of the first document with its text.
	Shingles []uint64
	// ExactOf is the index of the first document whose normalized text is
	// the same (by 128-bit content hash), or -1 for the first of each text.
	ExactOf int
}

// Sets reads the inputs as Run does, with the same options and defaults,
// and returns every accepted document's shingle set in input order, so that
// index i here is index i in Run's Result.Docs. It is the ground truth's
// input: an exact join over these sets is what Run approximates. KeepRaw
// and Keep are ignored; skips follow OnError as in Run.
//
// Memory is the shingle sets themselves, 8 bytes a distinct shingle.
func Sets(ctx context.Context, paths []string, opts *Options) ([]Set, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	o.KeepRaw = false
	var (
		sets  []Set
		first = map[xxh3.Uint128]int{}
	)
	collect := func(_ int, it *item) error {
		if it.err != nil {
			if _, ok := o.OnError.Skips(it.err); ok {
				return nil
			}
			return it.err
		}
		s := Set{ID: it.doc.ID, Shingles: shingle.Set(it.set), ExactOf: -1}
		if f, ok := first[it.hash]; ok {
			s.ExactOf, s.Shingles = f, sets[f].Shingles
		} else {
			first[it.hash] = len(sets)
		}
		sets = append(sets, s)
		if o.Progress != nil {
			o.Progress.Docs.Add(1)
		}
		return nil
	}
	if err := analyze(ctx, input{paths: paths}, o, nil, collect); err != nil {
		return nil, err
	}
	return sets, nil
}

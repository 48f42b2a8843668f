package index

import (
	"errors"
	"fmt"
	"time"

	"github.com/rehashdev/rehash/dedup"
)

// Errors. Test them with errors.Is.
var (
	// ErrParams means the options ask for signature parameters other than
	// the ones the index was built with: its signatures would not compare.
	ErrParams = errors.New("index: signature parameters differ from the index's")
	// ErrFormat means the store has a format version this code cannot read.
	ErrFormat = errors.New("index: unsupported format version")
	// ErrCorrupt means a stored entry cannot be decoded or the entries
	// disagree with each other.
	ErrCorrupt = errors.New("index: corrupt entry")
	// ErrNotFound means no document has the id.
	ErrNotFound = errors.New("index: document not found")
	// ErrInvalid means a document or an option cannot be used.
	ErrInvalid = errors.New("index: invalid argument")
	// ErrClosed means the index was closed.
	ErrClosed = errors.New("index: closed")
)

// MaxIDBytes bounds a document id, which is part of every key of the
// document.
const MaxIDBytes = 1024

// Options configure an index. A nil *Options means the defaults.
//
// The signature parameters (Threshold, K, Size, Seed, Bands, Rows) are
// stored when the index is created. Opening an existing index with a zero
// field takes the stored value; a non-zero field that differs from it fails
// with ErrParams.
type Options struct {
	// Threshold is the Jaccard similarity at or above which documents are
	// near-duplicates, and the one the banding is tuned for. Default 0.8.
	Threshold float64
	// K is the shingle length in words. Default 5.
	K int
	// Size is the number of signature slots. Default 128.
	Size int
	// Seed seeds word hashing and sketching. Default dedup.DefaultSeed.
	Seed uint64
	// Bands and Rows set the LSH banding; zero chooses them from the
	// threshold as `rehash dedup` does.
	Bands, Rows int

	// MaxAge, if positive, hides documents older than it from queries and
	// lets Evict delete them. It is not stored. Default 0: keep forever.
	MaxAge time.Duration
	// ReadOnly opens the store without taking writes.
	ReadOnly bool
	// CacheBytes sizes the block cache. Default 64 MiB.
	CacheBytes int64
	// NoSync commits without syncing the write-ahead log: faster bulk loads
	// that a crash may lose the tail of. Default false: every Add is durable
	// when it returns.
	NoSync bool
	// Now returns the current time, for tests. Default time.Now.
	Now func() time.Time
}

// clone copies the options, fills the defaults that do not depend on the
// store, and validates them.
func (o *Options) clone() (*Options, error) {
	c := Options{}
	if o != nil {
		c = *o
	}
	if c.CacheBytes <= 0 {
		c.CacheBytes = 64 << 20
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.MaxAge < 0 {
		return nil, fmt.Errorf("%w: max age %v is negative", ErrInvalid, c.MaxAge)
	}
	return &c, nil
}

// dedupOptions returns the analysis options for the given parameters.
func (p *params) dedupOptions() *dedup.Options {
	return &dedup.Options{Threshold: p.Threshold, K: p.K, Size: p.Size, Seed: p.Seed, Bands: p.Bands, Rows: p.Rows}
}

// QueryOptions shape a query. A nil *QueryOptions means the defaults.
type QueryOptions struct {
	// Threshold is the least Jaccard similarity reported. Default: the
	// index's. A lower one than the index's misses more pairs below it,
	// since the banding was tuned for the index's threshold.
	Threshold float64
	// Limit bounds the number of matches, best first. Default 0: all.
	Limit int
	// Exclude names a document left out of the answer (the queried
	// document itself, when querying by id).
	Exclude string
	// MaxCandidates bounds the candidates verified, to cap the cost of a
	// text sharing band keys with very many documents (boilerplate).
	// Default 0: no bound, as in `rehash dedup`.
	MaxCandidates int
}

package index

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/rehashdev/rehash/signature"
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
// The signature parameters are stored when the index is created. Opening
// an existing index with a zero field takes the stored value; a non-zero
// field that differs from it fails with ErrParams.
type Options struct {
	// Params are the signature parameters (Threshold, Shingle, Slots,
	// Seed, Bands, Rows). For a new index, zero fields take the defaults
	// signature.Params documents, as `rehash dedup` does.
	signature.Params

	// MaxAge, if positive, hides documents older than it from queries and
	// lets Evict delete them. It is not stored. Default 0: keep forever.
	MaxAge time.Duration
	// ReadOnly opens the store without taking writes.
	ReadOnly bool
	// CacheBytes sizes the block cache, which holds the sstables' bloom
	// filters and index blocks as well as data: a query touches the filter
	// of every file it may have to read, and a filter that misses the
	// cache is read whole (megabytes for a large file). Default: an
	// eighth of physical memory, at least 64 MiB and at most 4 GiB (256
	// MiB where the memory size is unknown).
	CacheBytes int64
	// NoSync commits without syncing the write-ahead log: faster bulk loads
	// that a crash may lose the tail of. Default false: every Add is durable
	// when it returns.
	NoSync bool
	// Now returns the current time, for tests. Default time.Now.
	Now func() time.Time

	// fs replaces the file system Pebble uses, for tests that make it
	// fail.
	fs vfs.FS
}

// clone copies the options, fills the defaults that do not depend on the
// store, and validates them.
func (o *Options) clone() (*Options, error) {
	c := Options{}
	if o != nil {
		c = *o
	}
	if c.CacheBytes <= 0 {
		c.CacheBytes = defaultCacheBytes()
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.MaxAge < 0 {
		return nil, fmt.Errorf("%w: max age %v is negative", ErrInvalid, c.MaxAge)
	}
	return &c, nil
}

// defaultCacheBytes is an eighth of physical memory, within [64 MiB,
// 4 GiB], or 256 MiB where the memory size is unknown.
func defaultCacheBytes() int64 {
	mem := physicalMemory()
	if mem <= 0 {
		return 256 << 20
	}
	return min(max(mem/8, 64<<20), 4<<30)
}

// physicalMemory reads MemTotal from /proc/meminfo; 0 where there is none.
func physicalMemory() int64 {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
			f := strings.Fields(rest)
			if len(f) == 2 && f[1] == "kB" {
				if kb, err := strconv.ParseInt(f[0], 10, 64); err == nil {
					return kb << 10
				}
			}
		}
	}
	return 0
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

	// ID names the query in reuse links (Link.A). Default "(query)";
	// SearchID names the stored document.
	ID string

	// Reuse asks Search for reuse links as well: the stored documents that
	// share passages with the query at any similarity (a quoted sentence,
	// an excerpt), aligned on their stored text. Default false: only
	// near-duplicates, at the cost of one seek per band.
	Reuse bool
	// ReuseMinAnchors is the least number of anchors (see anchors.go) a
	// document must share with the query to be aligned. Default 1: a
	// shared run of 23 words guarantees only one, and alignment decides.
	ReuseMinAnchors int
	// ReuseMaxDF skips anchors held by more than this many documents:
	// boilerplate, which would make every document a candidate. Default
	// 1000.
	ReuseMaxDF int
	// ReuseMaxCandidates bounds the documents aligned, those sharing the
	// most anchors first. Default 50.
	ReuseMaxCandidates int
}

// withDefaults fills the query defaults and validates.
func (o *QueryOptions) withDefaults(p *signature.Params) (QueryOptions, error) {
	c := QueryOptions{}
	if o != nil {
		c = *o
	}
	if c.Threshold <= 0 {
		c.Threshold = p.Threshold
	}
	if c.ID == "" {
		c.ID = "(query)"
	}
	if c.ReuseMinAnchors <= 0 {
		c.ReuseMinAnchors = 1
	}
	if c.ReuseMaxDF <= 0 {
		c.ReuseMaxDF = 1000
	}
	if c.ReuseMaxCandidates <= 0 {
		c.ReuseMaxCandidates = 50
	}
	if c.Threshold > 1 || c.Limit < 0 || c.MaxCandidates < 0 {
		return c, fmt.Errorf("%w: threshold %v, limit %d, max candidates %d", ErrInvalid, c.Threshold, c.Limit, c.MaxCandidates)
	}
	return c, nil
}

package dedup

import (
	"errors"
	"fmt"
	"runtime"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/cluster"
	"github.com/rehashdev/rehash/ingest"
	"github.com/rehashdev/rehash/lsh"
	"github.com/rehashdev/rehash/shingle"
	"github.com/rehashdev/rehash/sketch"
)

// DefaultSeed seeds word hashing and sketching unless Options.Seed is set.
// It is fixed so that signatures from separate runs compare.
const DefaultSeed = 0x7265686173680001 // "rehash" + 1

// OnError says what a bad record does to a run.
type OnError string

// The error policies.
const (
	// Fail stops the run at the first bad record, naming it.
	Fail OnError = "fail"
	// Skip counts the bad record under its reason and goes on.
	Skip OnError = "skip"
)

// Options configure a run. A nil *Options means the defaults.
type Options struct {
	// Threshold is the Jaccard similarity at or above which two documents
	// are near-duplicates. Default 0.8.
	Threshold float64
	// K is the shingle length in words. Default shingle.DefaultK (5).
	K int
	// Size is the number of signature slots. Default sketch.DefaultSize (128).
	Size int
	// Seed seeds word hashing and sketching. Default DefaultSeed.
	Seed uint64
	// Bands and Rows set the LSH banding; zero chooses them from the
	// threshold (lsh.ParamsFor).
	Bands, Rows int
	// Workers is the number of goroutines that decode, shingle, sketch and
	// verify. Default runtime.GOMAXPROCS(0). Output does not depend on it.
	Workers int
	// Keep picks the document each cluster keeps. Default cluster.KeepFirst.
	Keep cluster.Policy
	// OnError says what a bad record does. Default Fail.
	OnError OnError
	// TwoPass keeps only the band keys and content hashes while reading,
	// then reads the inputs a second time to build shingle sets for the
	// documents that became candidate pairs, instead of holding every
	// document's shingles (8 bytes a word) through the run. For corpora
	// whose shingles do not fit in memory; it cannot read standard input.
	// The output is the same either way. Default false.
	TwoPass bool
	// KeepRaw spools every record's raw bytes to a temporary file so that
	// Result.WriteKept can write the deduplicated dataset byte for byte.
	KeepRaw bool
	// TempDir holds the spool. Default os.TempDir().
	TempDir string
	// Ingest configures reading.
	Ingest *ingest.Options
	// Progress, if set, is advanced as documents are read.
	Progress *Progress
	// Inspect, if set, is called with every accepted document (decoded,
	// and not empty) on the worker goroutines, concurrently, in no
	// particular order; what it returns is kept in Result.Extra at the
	// document's index. It lets a layer above derive more from each
	// document in the same read, as the story layer does for its term
	// vectors, instead of reading the inputs twice. It must not modify
	// the document. Default nil.
	Inspect func(doc *rehash.Document) any
}

// ErrOptions reports options that cannot work together.
var ErrOptions = errors.New("dedup: invalid options")

// WithDefaults returns a copy of o with every default filled in, or the
// error Run would return for it: what a run with o will use.
func (o *Options) WithDefaults() (*Options, error) { return o.withDefaults() }

func (o *Options) withDefaults() (*Options, error) {
	c := Options{}
	if o != nil {
		c = *o
	}
	if c.Threshold == 0 {
		c.Threshold = 0.8
	}
	if c.K == 0 {
		c.K = shingle.DefaultK
	}
	if c.Size == 0 {
		c.Size = sketch.DefaultSize
	}
	if c.Seed == 0 {
		c.Seed = DefaultSeed
	}
	if c.Workers <= 0 {
		c.Workers = runtime.GOMAXPROCS(0)
	}
	if c.Keep == "" {
		c.Keep = cluster.KeepFirst
	}
	if c.OnError == "" {
		c.OnError = Fail
	}
	switch {
	case c.Threshold <= 0 || c.Threshold > 1:
		return nil, fmt.Errorf("%w: threshold %v is not in (0, 1]", ErrOptions, c.Threshold)
	case c.K < 1 || c.K > 64:
		return nil, fmt.Errorf("%w: shingle size %d is not in [1, 64]", ErrOptions, c.K)
	case c.Size < 1 || c.Size > 4096:
		return nil, fmt.Errorf("%w: signature size %d is not in [1, 4096]", ErrOptions, c.Size)
	case (c.Bands == 0) != (c.Rows == 0):
		return nil, fmt.Errorf("%w: give both bands and rows, or neither", ErrOptions)
	case c.Bands*c.Rows > c.Size:
		return nil, fmt.Errorf("%w: bands×rows = %d exceeds the signature size %d", ErrOptions, c.Bands*c.Rows, c.Size)
	case c.OnError != Fail && c.OnError != Skip:
		return nil, fmt.Errorf("%w: on-error %q (want fail or skip)", ErrOptions, c.OnError)
	}
	if _, err := cluster.ParsePolicy(string(c.Keep)); err != nil {
		return nil, err
	}
	return &c, nil
}

// lshParams returns the banding the options ask for.
func (o *Options) lshParams() lsh.Params {
	if o.Bands > 0 {
		return lsh.Params{Bands: o.Bands, Rows: o.Rows}
	}
	return lsh.ParamsFor(o.Threshold, o.Size, nil)
}

package dedup

import (
	"errors"
	"fmt"
	"runtime"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/cluster"
	"github.com/rehashdev/rehash/ingest"
	"github.com/rehashdev/rehash/signature"
)

// DefaultSeed is signature.DefaultSeed, the seed a run uses unless
// Options.Seed is set.
const DefaultSeed = signature.DefaultSeed

// OnError says what a bad record does to a run: ingest.OnError, the
// policy every reader of inputs shares.
type OnError = ingest.OnError

// The error policies.
const (
	// Fail stops the run at the first bad record, naming it.
	Fail = ingest.Fail
	// Skip counts the bad record under its reason and goes on.
	Skip = ingest.Skip
)

// Options configure a run. A nil *Options means the defaults.
type Options struct {
	// Params are the signature parameters (Threshold, Shingle, Slots,
	// Seed, Bands, Rows), each defaulted as signature.Params documents:
	// Jaccard 0.8, 5-word shingles, 128 slots, bands and rows chosen from
	// the threshold.
	signature.Params
	// Workers is the number of goroutines that decode, shingle, sketch and
	// verify. Default runtime.GOMAXPROCS(0). Output does not depend on it.
	Workers int
	// Keep picks the document each cluster keeps. Default cluster.KeepFirst.
	Keep cluster.Policy
	// MergeContained merges a pair where one document lies whole inside
	// the other (95% of its shingles) and the other adds text of its own
	// (10% of its shingles or more): a reply quoting a whole short post,
	// a story re-sent with a paragraph added. By default such pairs are
	// reported (PairLine.Contained) but not merged, so that neither the
	// container's new text nor the contained document is dropped as a
	// duplicate. Default false.
	MergeContained bool
	// Templates checks the verified pairs for templates, marks them and
	// merges or keeps them apart (see Templates). It reads the documents
	// of the verified pairs a second time, after verification, so it
	// cannot read standard input nor run with Memory. Default
	// TemplatesOff (no check, one read); the command's --templates
	// defaults to merge: clusters as without the check, templates marked
	// in the pairs.
	Templates Templates
	// OnError says what a bad record does. Default Fail.
	OnError OnError
	// TwoPass keeps only the band keys and content hashes while reading,
	// then reads the inputs a second time to build shingle sets for the
	// documents that became candidate pairs, instead of holding every
	// document's shingles (8 bytes a word) through the run. For corpora
	// whose shingles do not fit in memory; it cannot read standard input.
	// The output is the same either way. Default false.
	TwoPass bool
	// Memory, if positive, bounds the run's memory to about this many
	// bytes whatever the corpus size: band keys and content hashes are
	// sorted externally in runs on disk and merged, the candidates' shingle
	// sets come from a second read of the inputs to a file, and
	// verification streams from it. Per document, two bits stay in
	// memory; the rest is held only for documents in candidate pairs. The
	// output is the same as in memory, but Result.Docs is nil: write it
	// with WriteClusters and WritePairs. It cannot read standard input or
	// be combined with KeepRaw. Default 0 (everything in memory).
	Memory int64
	// SpillDir, with Memory, keeps the out-of-core run's files in this
	// directory (made if missing; it must be new, empty, or hold an
	// interrupted run of the same inputs and options) instead of a
	// temporary one, with checkpoints, so that a run interrupted at any
	// point resumes from its last checkpoint when run again with the same
	// inputs, options and SpillDir: its spill files are reused, not
	// rebuilt. The output is the same as an uninterrupted run's. The
	// files stay after an error and are deleted by Result.Close. Inputs
	// must be paths (their sizes and times are checked on resuming).
	// Default "": a temporary directory, removed on any exit.
	SpillDir string
	// KeepRaw spools every record's raw bytes to a temporary file so that
	// Result.WriteKept can write the deduplicated dataset byte for byte.
	KeepRaw bool
	// TempDir holds the spool and the files of out-of-core runs. Default
	// os.TempDir().
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

	// interrupt, if set, is called after every document read and after
	// every checkpoint of a spill directory's run (stage, documents so
	// far); an error it returns stops the run there, as a kill would, so
	// that tests can interrupt a run at any point.
	interrupt func(stage string, docs int) error

	// runRecords, if positive, caps every external sorter's buffer, so
	// that tests make many runs out of a small corpus.
	runRecords int
}

// MinMemory is the smallest Options.Memory: below it the reading
// batches alone would not fit.
const MinMemory = 64 << 20

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
	c.Params.EnsureDefaults()
	if err := c.Params.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrOptions, err)
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
	case c.Memory < 0:
		return nil, fmt.Errorf("%w: memory budget %d is negative", ErrOptions, c.Memory)
	case c.Memory > 0 && c.Memory < MinMemory:
		return nil, fmt.Errorf("%w: memory budget %d is under the minimum of %d bytes", ErrOptions, c.Memory, MinMemory)
	case !c.Templates.valid():
		return nil, fmt.Errorf("%w: templates %q (want merge, keep or off)", ErrOptions, c.Templates)
	case c.Memory > 0 && c.Templates != TemplatesOff:
		return nil, fmt.Errorf("%w: a memory-bounded run cannot check templates", ErrOptions)
	case c.Memory > 0 && c.KeepRaw:
		return nil, fmt.Errorf("%w: a memory-bounded run cannot also write the deduplicated dataset", ErrOptions)
	case c.SpillDir != "" && c.Memory == 0:
		return nil, fmt.Errorf("%w: a spill directory is for memory-bounded runs (set a memory budget)", ErrOptions)
	}
	if c.OnError != Fail && c.OnError != Skip {
		return nil, fmt.Errorf("%w: on-error %q (want fail or skip)", ErrOptions, c.OnError)
	}
	if _, err := cluster.ParsePolicy(string(c.Keep)); err != nil {
		return nil, err
	}
	return &c, nil
}

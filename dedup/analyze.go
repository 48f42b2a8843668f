package dedup

import (
	"context"
	"errors"
	"slices"
	"sync/atomic"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/ingest"
	"github.com/rehashdev/rehash/internal/ordered"
	"github.com/rehashdev/rehash/lsh"
	"github.com/rehashdev/rehash/shingle"
	"github.com/rehashdev/rehash/sketch"
	"github.com/rehashdev/rehash/textnorm"
	"github.com/zeebo/xxh3"
)

// Progress counts a run's progress for a display; read it from any
// goroutine.
type Progress struct {
	// Bytes is the number of input bytes read, as stored (compressed).
	Bytes atomic.Int64
	// Docs is the number of documents accepted.
	Docs atomic.Int64
}

// item is one record's analysis.
type item struct {
	doc     *rehash.Document
	err     error
	raw     []byte
	header  []byte
	format  string
	rawLen  int
	textLen int
	hash    xxh3.Uint128
	set     []uint64 // the shingle hashes, unsorted, with repeats
	keys    []uint64
	extra   any // Options.Inspect's result
}

// ErrEmpty is the cause of an empty-document skip.
var ErrEmpty = errors.New("no words after normalization")

// analyze reads the inputs, analyzes every record on o.Workers goroutines,
// and calls collect with the results in input order (see package
// internal/ordered: at most 4·Workers batches are in flight, which bounds
// the memory of the reorder buffer however uneven the records are).
func analyze(ctx context.Context, paths []string, o *Options, params lsh.Params, want func(rec int) bool, collect func(rec int, it *item) error) error {
	iopts := &ingest.Options{}
	if o.Ingest != nil {
		*iopts = *o.Ingest
	}
	if o.Progress != nil {
		iopts.BytesRead = &o.Progress.Bytes
	}
	// Deduplication compares texts and never points into raw bytes.
	iopts.NoOffsets = true
	return ordered.Each(ctx, paths, iopts, o.Workers, want,
		func() *analyzer { return newAnalyzer(o, params) },
		func(a *analyzer, _ int, r *ingest.Record) item { return a.analyze(r) },
		func(rec int, it item) error { return collect(rec, &it) })
}

// analyzer is one worker's scratch state.
type analyzer struct {
	o      *Options
	params lsh.Params
	norm   *textnorm.Normalizer
	sh     *shingle.Shingler
	sk     *sketch.Sketcher
	buf    []byte
	hashes []uint64
	sig    sketch.Signature
}

func newAnalyzer(o *Options, params lsh.Params) *analyzer {
	return &analyzer{
		o:      o,
		params: params,
		norm:   textnorm.New(),
		sh:     shingle.New(shingle.Options{K: o.K, Seed: o.Seed}),
		sk:     sketch.New(sketch.Params{Size: o.Size, Seed: o.Seed}),
	}
}

func (a *analyzer) analyze(r *ingest.Record) (it item) {
	it.rawLen = len(r.Raw)
	it.format = r.Source.Format
	if a.o.KeepRaw {
		it.raw, it.header = r.Raw, r.Header
	}
	doc, err := r.Document()
	if err != nil {
		it.err = err
		return it
	}
	it.doc = doc
	it.textLen = len(doc.Text)
	var ok bool
	if it.hash, it.set, it.keys, ok = a.reduce(doc.Text); !ok {
		it.err = &rehash.RecordError{Source: doc.Source, Reason: rehash.SkipEmpty, Err: ErrEmpty}
		return it
	}
	if a.o.Inspect != nil {
		it.extra = a.o.Inspect(doc)
	}
	return it
}

// reduce normalizes, shingles, sketches and bands one text: its content
// hash, its shingle hashes (unsorted, with repeats, owned by the caller)
// and its band keys. ok is false for a text with no words. Both the batch
// pipeline and DocAnalyzer (the index) go through it, so they cannot drift.
func (a *analyzer) reduce(text []byte) (hash xxh3.Uint128, shingles, keys []uint64, ok bool) {
	a.buf = a.norm.Append(a.buf[:0], text)
	a.hashes = a.sh.Append(a.hashes[:0], a.buf)
	if len(a.hashes) == 0 {
		return hash, nil, nil, false
	}
	hash = xxh3.Hash128Seed(a.buf, a.o.Seed)
	// The shingles are kept unsorted, repeats and all: only documents that
	// become candidates need a sorted set, and sorting every document's
	// shingles here cost an eighth of the run. The sketch does not care
	// about order or repeats.
	shingles = slices.Clone(a.hashes)
	a.sig = a.sk.Sketch(a.sig, shingles)
	keys = a.params.Keys(make([]uint64, 0, a.params.Bands), a.sig)
	return hash, shingles, keys, true
}

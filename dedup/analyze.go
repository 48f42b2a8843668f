package dedup

import (
	"context"
	"iter"
	"slices"
	"sync/atomic"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/cluster"
	"github.com/rehashdev/rehash/ingest"
	"github.com/rehashdev/rehash/internal/ordered"
	"github.com/rehashdev/rehash/signature"
	"github.com/rehashdev/rehash/when"
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
	set     []uint64 // the distinct shingle hashes, unsorted
	keys    []uint64
	extra   any  // Options.Inspect's result
	badDate bool // the document has a date package when cannot read
}

// analyze reads the inputs, analyzes every record on o.Workers goroutines,
// and calls collect with the results in input order (see package
// internal/ordered: at most 4·Workers batches are in flight, which bounds
// the memory of the reorder buffer however uneven the records are).
func analyze(ctx context.Context, in input, o *Options, want func(rec int) bool, collect func(rec int, it *item) error) error {
	return ordered.EachFrom(ctx, in.reader(o), o.Workers, want,
		func() *analyzer { return newAnalyzer(o) },
		func(a *analyzer, _ int, r *ingest.Record) item { return a.analyze(r) },
		func(rec int, it item) error { return collect(rec, &it) })
}

// input is what a run reads: files, or documents in memory.
type input struct {
	paths []string
	docs  iter.Seq[rehash.Document] // when set, paths is unused
}

func (in input) reader(o *Options) ordered.Reader {
	if in.docs != nil {
		return ordered.Documents(in.docs)
	}
	iopts := &ingest.Options{}
	if o.Ingest != nil {
		*iopts = *o.Ingest
	}
	if o.Progress != nil {
		iopts.BytesRead = &o.Progress.Bytes
	}
	// Deduplication compares texts and never points into raw bytes.
	iopts.NoOffsets = true
	return ordered.Paths(in.paths, iopts)
}

// stdin reports whether the input reads standard input, which cannot be
// read twice.
func (in input) stdin() bool { return in.docs == nil && slices.Contains(in.paths, "-") }

// analyzer is one worker's scratch state.
type analyzer struct {
	o     *Options
	sa    *signature.Analyzer
	dated bool // the keep policy compares dates
}

func newAnalyzer(o *Options) *analyzer {
	sa, _ := signature.NewAnalyzer(o.Params, nil) // validated by withDefaults
	return &analyzer{o: o, sa: sa, dated: o.Keep == cluster.KeepEarliest || o.Keep == cluster.KeepLatest}
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
	// Dates matter only to the dated keep policies, and trying a date
	// against every layout allocates an error per miss (a quarter of a
	// run's allocation on the news set): read them only for those.
	if a.dated && doc.Meta.Date != "" {
		_, err := when.Parse(doc.Meta.Date)
		it.badDate = err != nil
	}
	// The distinct shingles are kept unsorted: only documents that become
	// candidates need a sorted set, and sorting every document's shingles
	// here cost an eighth of the run.
	an, err := a.sa.Analyze(doc.Text, signature.Hash|signature.Shingles|signature.Keys)
	if err != nil {
		it.err = &rehash.RecordError{Source: doc.Source, Reason: rehash.SkipEmpty, Err: err}
		return it
	}
	it.hash, it.set, it.keys = an.Hash, an.Shingles, an.Keys
	if a.o.Inspect != nil {
		it.extra = a.o.Inspect(doc)
	}
	return it
}

package dedup

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/ingest"
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
}

// batch is a run of consecutive records, the unit of work and of ordering.
type batch struct {
	seq   int
	recs  []*ingest.Record
	items []item
}

const (
	batchRecords = 256
	batchBytes   = 1 << 20
)

// ErrEmpty is the cause of an empty-document skip.
var ErrEmpty = errors.New("no words after normalization")

// analyze reads the inputs, analyzes every record on o.Workers goroutines,
// and calls collect with the batches back in input order. At most
// 4·Workers batches are in flight, which bounds the memory of the reorder
// buffer however uneven the records are.
func analyze(ctx context.Context, paths []string, o *Options, params lsh.Params, collect func(*batch) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	work := make(chan *batch, o.Workers)
	done := make(chan *batch, o.Workers)
	inflight := make(chan struct{}, o.Workers*4)

	iopts := &ingest.Options{}
	if o.Ingest != nil {
		*iopts = *o.Ingest
	}
	if o.Progress != nil {
		iopts.BytesRead = &o.Progress.Bytes
	}
	// Deduplication compares texts and never points into raw bytes.
	iopts.NoOffsets = true

	var readErr error
	go func() {
		defer close(work)
		seq, size := 0, 0
		cur := &batch{}
		send := func() error {
			select {
			case inflight <- struct{}{}:
			case <-ctx.Done():
				return ctx.Err()
			}
			cur.seq = seq
			seq++
			work <- cur
			cur, size = &batch{}, 0
			return nil
		}
		readErr = ingest.Read(ctx, paths, iopts, func(r *ingest.Record) error {
			cur.recs = append(cur.recs, r)
			size += len(r.Raw)
			if len(cur.recs) >= batchRecords || size >= batchBytes {
				return send()
			}
			return nil
		})
		if readErr == nil && len(cur.recs) > 0 {
			readErr = send()
		}
	}()

	var wg sync.WaitGroup
	for w := 0; w < o.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := newAnalyzer(o, params)
			for b := range work {
				if ctx.Err() == nil {
					a.batch(b)
				}
				done <- b
			}
		}()
	}
	go func() {
		wg.Wait()
		close(done)
	}()

	var collectErr error
	pending := map[int]*batch{}
	next := 0
	for b := range done {
		pending[b.seq] = b
		for {
			nb, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			if collectErr == nil {
				if collectErr = collect(nb); collectErr != nil {
					cancel()
				}
			}
			<-inflight
		}
	}
	if collectErr != nil {
		return collectErr
	}
	if readErr != nil {
		return readErr
	}
	return ctx.Err()
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

func (a *analyzer) batch(b *batch) {
	b.items = make([]item, len(b.recs))
	keys := make([]uint64, 0, len(b.recs)*a.params.Bands)
	for i, r := range b.recs {
		it := &b.items[i]
		it.rawLen = len(r.Raw)
		it.format = r.Source.Format
		if a.o.KeepRaw {
			it.raw, it.header = r.Raw, r.Header
		}
		doc, err := r.Document()
		if err != nil {
			it.err = err
			continue
		}
		it.doc = doc
		it.textLen = len(doc.Text)
		a.buf = a.norm.Append(a.buf[:0], doc.Text)
		a.hashes = a.sh.Append(a.hashes[:0], a.buf)
		if len(a.hashes) == 0 {
			it.err = &rehash.RecordError{Source: doc.Source, Reason: rehash.SkipEmpty, Err: ErrEmpty}
			continue
		}
		it.hash = xxh3.Hash128Seed(a.buf, a.o.Seed)
		// The shingles are kept unsorted, repeats and all: only documents
		// that become candidates need a sorted set, and sorting every
		// document's shingles here cost an eighth of the run. The sketch
		// does not care about order or repeats.
		it.set = slices.Clone(a.hashes)
		a.sig = a.sk.Sketch(a.sig, it.set)
		n := len(keys)
		keys = a.params.Keys(keys, a.sig)
		it.keys = keys[n:len(keys):len(keys)]
	}
	b.recs = nil
}

package index

import (
	"context"
	"sync"
)

// LoadOptions configure a Loader. A nil *LoadOptions means the defaults.
type LoadOptions struct {
	// Batch is the number of documents per Add, one synced batch each,
	// when documents go through the write-ahead log (see IngestBytes).
	// Default 256.
	Batch int
	// Jobs is the number of goroutines analyzing documents (ingestion), or
	// the number of batches added at once (IngestBytes < 0). Default 1.
	// With ingestion, insertion order is input order whatever Jobs is;
	// with batches above 1, it follows the order batches complete (and so
	// does which document a cluster keeps first).
	Jobs int
	// IngestBytes is the size, in bytes of text, of the chunks a bulk load
	// writes as sorted tables and ingests whole (Index.Ingest): each chunk
	// is one atomic, durable step, and the next chunk is analyzed while
	// one is ingested. A last chunk under 1 MiB goes through the
	// write-ahead log in batches instead (a small load needs no tables of
	// its own). Default 32 MiB: about as many tables as a flush of the
	// 64 MiB memtable would make, at a third of the memory per chunk.
	// Negative: every document goes through the write-ahead log in batches
	// of Batch (Index.Add), as before ingestion.
	IngestBytes int64
}

// minIngestBytes is the least text a load ingests as tables.
const minIngestBytes = 1 << 20

// LoadCounts tally what a Loader did.
type LoadCounts struct {
	Added, Replaced, Unchanged, Empty int64
}

// Loader adds a stream of documents: the bulk load of `rehash index add`.
// Call Add for each document, then Finish. Documents are gathered in
// chunks that are ingested as sorted tables (see LoadOptions.IngestBytes)
// or, for small loads, added in synced batches; each chunk or batch is
// atomic and durable when it is counted. A chunk that fails stops the load
// and is reported by Add or Finish.
type Loader struct {
	ix     *Index
	ctx    context.Context
	cancel context.CancelFunc
	opts   LoadOptions
	cur    []Doc
	// curBytes is the text in cur.
	curBytes int64
	// batches feed the Add workers; chunks the analysis goroutine, which
	// feeds ready to the ingesting one.
	batches chan []Doc
	chunks  chan []Doc
	ready   chan *analyzed
	wg      sync.WaitGroup

	mu     sync.Mutex
	counts LoadCounts
	err    error
	done   bool
}

// NewLoader starts a loader. It stops, with ctx's error, when ctx ends.
func (ix *Index) NewLoader(ctx context.Context, opts *LoadOptions) *Loader {
	o := LoadOptions{}
	if opts != nil {
		o = *opts
	}
	if o.Batch <= 0 {
		o.Batch = 256
	}
	if o.Jobs <= 0 {
		o.Jobs = 1
	}
	if o.IngestBytes == 0 {
		o.IngestBytes = 32 << 20
	}
	ctx, cancel := context.WithCancel(ctx)
	l := &Loader{ix: ix, ctx: ctx, cancel: cancel, opts: o}
	if o.IngestBytes > 0 {
		l.chunks = make(chan []Doc, 1)
		l.ready = make(chan *analyzed, 1)
		l.wg.Add(2)
		go l.analyzeChunks()
		go l.ingestChunks()
		return l
	}
	l.startBatches()
	return l
}

func (l *Loader) startBatches() {
	l.batches = make(chan []Doc, l.opts.Jobs)
	for range l.opts.Jobs {
		l.wg.Add(1)
		go l.addBatches()
	}
}

func (l *Loader) addBatches() {
	defer l.wg.Done()
	for docs := range l.batches {
		res, err := l.ix.Add(l.ctx, docs...)
		l.tally(res, err)
	}
}

func (l *Loader) analyzeChunks() {
	defer l.wg.Done()
	defer close(l.ready)
	for docs := range l.chunks {
		if l.failed() != nil {
			continue
		}
		res, an, err := l.ix.analyze(l.ctx, docs, l.opts.Jobs)
		if err != nil {
			l.tally(nil, err)
			continue
		}
		select {
		case l.ready <- &analyzed{docs: docs, res: res, an: an}:
		case <-l.ctx.Done():
		}
	}
}

func (l *Loader) ingestChunks() {
	defer l.wg.Done()
	for a := range l.ready {
		if l.failed() != nil {
			continue
		}
		res, err := l.ix.ingestAnalyzed(l.ctx, a)
		l.tally(res, err)
	}
}

// tally counts what one batch or chunk did, or records the error that
// stops the load.
func (l *Loader) tally(res []AddResult, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err != nil {
		if l.err == nil {
			l.err = err
			l.cancel()
		}
		return
	}
	for _, r := range res {
		switch r.Status {
		case Added:
			l.counts.Added++
		case Replaced:
			l.counts.Replaced++
		case Unchanged:
			l.counts.Unchanged++
		case Empty:
			l.counts.Empty++
		}
	}
}

// Add queues d. Its id must pass ValidID (check first: an invalid id
// would fail the whole batch). It returns the error that stopped the
// load, if any.
func (l *Loader) Add(d Doc) error {
	if err := l.failed(); err != nil {
		return err
	}
	l.cur = append(l.cur, d)
	l.curBytes += int64(len(d.Text))
	if l.chunks != nil {
		if l.curBytes >= l.opts.IngestBytes {
			return l.send(l.chunks)
		}
		return nil
	}
	if len(l.cur) >= l.opts.Batch {
		return l.send(l.batches)
	}
	return nil
}

func (l *Loader) send(to chan []Doc) error {
	select {
	case to <- l.cur:
		l.cur, l.curBytes = nil, 0
		return nil
	case <-l.ctx.Done():
		if err := l.failed(); err != nil {
			return err
		}
		return l.ctx.Err()
	}
}

func (l *Loader) failed() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.err
}

// Counts returns the tally so far.
func (l *Loader) Counts() LoadCounts {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.counts
}

// Finish adds the documents still queued, waits for every batch, and
// returns the tally and the first error. Documents queued before an input
// error are still added: call Finish whatever happened. It is safe to call
// twice.
func (l *Loader) Finish() (LoadCounts, error) {
	l.mu.Lock()
	done := l.done
	l.done = true
	l.mu.Unlock()
	if !done {
		var err error
		if l.chunks != nil {
			if l.curBytes >= minIngestBytes {
				err = l.send(l.chunks)
			}
			close(l.chunks)
			l.wg.Wait()
			// What is left is small: batches through the log, after
			// every chunk, so insertion order stays input order.
			if err == nil && len(l.cur) > 0 && l.failed() == nil {
				l.opts.Jobs = 1
				l.startBatches()
				for len(l.cur) > 0 && err == nil {
					n := min(len(l.cur), l.opts.Batch)
					batch := l.cur[:n]
					select {
					case l.batches <- batch:
						l.cur = l.cur[n:]
					case <-l.ctx.Done():
						err = l.ctx.Err()
					}
				}
			}
		} else if len(l.cur) > 0 {
			err = l.send(l.batches)
		}
		if l.batches != nil {
			close(l.batches)
		}
		l.wg.Wait()
		l.cancel()
		if err != nil {
			l.mu.Lock()
			if l.err == nil {
				l.err = err
			}
			l.mu.Unlock()
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.counts, l.err
}

// ValidID returns nil for an id Add accepts: non-empty, valid UTF-8, at
// most MaxIDBytes; otherwise an error wrapping ErrInvalid that says why.
func ValidID(id string) error { return checkID(id) }

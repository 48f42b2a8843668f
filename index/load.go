package index

import (
	"context"
	"sync"
)

// LoadOptions configure a Loader. A nil *LoadOptions means the defaults.
type LoadOptions struct {
	// Batch is the number of documents per Add, one synced batch each.
	// Default 256.
	Batch int
	// Jobs is the number of batches added at once. Default 1. Above 1,
	// insertion order (and so which document a cluster keeps first)
	// follows the order batches complete, not input order.
	Jobs int
}

// LoadCounts tally what a Loader did.
type LoadCounts struct {
	Added, Replaced, Unchanged, Empty int64
}

// Loader adds a stream of documents in batches from Jobs goroutines: the
// bulk load of `rehash index add`. Call Add for each document, then
// Finish. Every batch is an Add, durable when it returns; a batch that
// fails stops the load and is reported by Add or Finish.
type Loader struct {
	ix      *Index
	ctx     context.Context
	cancel  context.CancelFunc
	batch   int
	cur     []Doc
	batches chan []Doc
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
	ctx, cancel := context.WithCancel(ctx)
	l := &Loader{ix: ix, ctx: ctx, cancel: cancel, batch: o.Batch, batches: make(chan []Doc, o.Jobs)}
	for range o.Jobs {
		l.wg.Add(1)
		go l.work()
	}
	return l
}

func (l *Loader) work() {
	defer l.wg.Done()
	for docs := range l.batches {
		res, err := l.ix.Add(l.ctx, docs...)
		l.mu.Lock()
		if err != nil {
			if l.err == nil {
				l.err = err
				l.cancel()
			}
			l.mu.Unlock()
			continue
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
		l.mu.Unlock()
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
	if len(l.cur) >= l.batch {
		return l.send()
	}
	return nil
}

func (l *Loader) send() error {
	select {
	case l.batches <- l.cur:
		l.cur = nil
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
		if len(l.cur) > 0 {
			err = l.send()
		}
		close(l.batches)
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

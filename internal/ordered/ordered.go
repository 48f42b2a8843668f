// Package ordered runs work over the records of the inputs on many
// goroutines and hands the results back in input order. It is the shared
// plumbing of the batch pipeline (dedup) and the reuse search, so that
// both read, batch and reorder the same way.
//
//	err := ordered.Each(ctx, paths, iopts, workers, nil, newState,
//		func(s *state, rec int, r *ingest.Record) result { ... },  // on any goroutine
//		func(rec int, v result) error { ... })                      // in input order
package ordered

import (
	"context"
	"iter"
	"sync"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/ingest"
)

// job is a run of consecutive records, the unit of work and of ordering.
type job[T any] struct {
	seq   int // batch number
	first int // record number of recs[0]
	recs  []*ingest.Record
	out   []T
}

const (
	batchRecords = 256
	batchBytes   = 1 << 20
)

// Each reads the inputs in order and calls work for every record
// wanted (by its record number, counted from 0 over all inputs) on
// workers goroutines, each with its own state from newState; collect sees
// the results in record order. At most 4·workers batches are in flight, so
// memory is bounded whatever the input size. Records not wanted are
// dropped as they are read, undecoded.
func Each[S, T any](ctx context.Context, paths []string, iopts *ingest.Options, workers int,
	want func(rec int) bool, newState func() S, work func(s S, rec int, r *ingest.Record) T,
	collect func(rec int, v T) error) error {
	return EachFrom(ctx, Paths(paths, iopts), workers, want, newState, work, collect)
}

// A Reader calls yield with every record of its inputs, in order, and
// stops at the first error yield returns. Paths and Documents make one.
type Reader func(ctx context.Context, yield func(*ingest.Record) error) error

// Paths reads files, directories and "-" with ingest.Read.
func Paths(paths []string, iopts *ingest.Options) Reader {
	return func(ctx context.Context, yield func(*ingest.Record) error) error {
		return ingest.Read(ctx, paths, iopts, yield)
	}
}

// Documents reads documents already in memory (see ingest.DocumentRecord).
func Documents(docs iter.Seq[rehash.Document]) Reader {
	return func(ctx context.Context, yield func(*ingest.Record) error) error {
		return ingest.ReadDocuments(ctx, docs, yield)
	}
}

// EachFrom is Each over the records read.
func EachFrom[S, T any](ctx context.Context, read Reader, workers int,
	want func(rec int) bool, newState func() S, work func(s S, rec int, r *ingest.Record) T,
	collect func(rec int, v T) error) error {

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	todo := make(chan *job[T], workers)
	done := make(chan *job[T], workers)
	inflight := make(chan struct{}, workers*4)

	var readErr error
	go func() {
		defer close(todo)
		seq, rec, size := 0, 0, 0
		cur := &job[T]{}
		send := func() error {
			select {
			case inflight <- struct{}{}:
			case <-ctx.Done():
				return ctx.Err()
			}
			cur.seq = seq
			seq++
			todo <- cur
			cur, size = &job[T]{first: rec}, 0
			return nil
		}
		readErr = read(ctx, func(r *ingest.Record) error {
			n := rec
			rec++
			if want != nil && !want(n) {
				r = nil // keep the slot so that numbering stays aligned
			} else {
				size += len(r.Raw)
			}
			cur.recs = append(cur.recs, r)
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
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := newState()
			for j := range todo {
				j.out = make([]T, len(j.recs))
				for i, r := range j.recs {
					if r != nil && ctx.Err() == nil {
						j.out[i] = work(s, j.first+i, r)
					}
				}
				j.recs = nil
				done <- j
			}
		}()
	}
	go func() {
		wg.Wait()
		close(done)
	}()

	var collectErr error
	pending := map[int]*job[T]{}
	next := 0
	for j := range done {
		pending[j.seq] = j
		for {
			nj, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			for i, v := range nj.out {
				// Once the run is cancelled, workers stop working and leave
				// empty results: hand none of them on.
				if collectErr != nil || ctx.Err() != nil {
					break
				}
				rec := nj.first + i
				if want == nil || want(rec) {
					if collectErr = collect(rec, v); collectErr != nil {
						cancel()
					}
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

// Package extsort sorts more fixed-size records than fit in memory: it
// keeps at most a given number in a buffer, sorts and writes each full
// buffer to a file as a run, and merges the runs in one pass.
//
//	s := extsort.New(dir, codec, 1<<20)
//	defer s.Close()
//	for ... { s.Add(x) }
//	err := s.Merge(func(x T) error { ...; return nil }) // in order
//
// Memory is the buffer plus 64 KiB of read buffer per run while merging;
// disk is Codec.Size bytes a record. A merge reads every run once, so the
// cost is one write and one read of the data beyond the in-memory sort.
package extsort

import (
	"bufio"
	"container/heap"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
)

// Codec says how a record is compared and stored.
type Codec[T any] struct {
	// Size is the encoded size of a record in bytes.
	Size int
	// Put encodes x into b[:Size]; Get decodes it.
	Put func(b []byte, x T)
	Get func(b []byte) T
	// Compare orders records; Merge yields equal records in the order of
	// their runs, so a total order makes the output deterministic.
	Compare func(a, b T) int
}

// Sorter is one external sort. It is not safe for concurrent use.
type Sorter[T any] struct {
	dir   string
	c     Codec[T]
	buf   []T
	max   int
	runs  []*os.File
	bytes int64
}

// New returns a sorter that keeps up to maxRecords (at least 16) in
// memory and writes its runs to temporary files in dir ("" for
// os.TempDir()).
func New[T any](dir string, c Codec[T], maxRecords int) *Sorter[T] {
	maxRecords = max(maxRecords, 16)
	return &Sorter[T]{dir: dir, c: c, max: maxRecords}
}

// Add adds a record, writing a run when the buffer is full.
func (s *Sorter[T]) Add(x T) error {
	if s.buf == nil {
		s.buf = make([]T, 0, s.max)
	}
	s.buf = append(s.buf, x)
	if len(s.buf) == s.max {
		return s.spill()
	}
	return nil
}

// Runs returns the number of runs written so far.
func (s *Sorter[T]) Runs() int { return len(s.runs) }

// SpilledBytes returns the bytes written to runs so far.
func (s *Sorter[T]) SpilledBytes() int64 { return s.bytes }

func (s *Sorter[T]) spill() error {
	slices.SortFunc(s.buf, s.c.Compare)
	f, err := os.CreateTemp(s.dir, "rehash-run-*")
	if err != nil {
		return err
	}
	// The file is unlinked at once: a crash leaves nothing behind, and
	// the open handle keeps the data until Close.
	os.Remove(f.Name())
	s.runs = append(s.runs, f)
	w := bufio.NewWriterSize(f, 1<<20)
	rec := make([]byte, s.c.Size)
	for _, x := range s.buf {
		s.c.Put(rec, x)
		if _, err := w.Write(rec); err != nil {
			return err
		}
	}
	s.bytes += int64(len(s.buf) * s.c.Size)
	s.buf = s.buf[:0]
	return w.Flush()
}

// Merge calls fn with every record added, in order. It may be called once;
// an error from fn stops it and is returned.
func (s *Sorter[T]) Merge(fn func(T) error) error {
	if len(s.runs) == 0 {
		// Everything fits: sort in memory, write nothing.
		slices.SortFunc(s.buf, s.c.Compare)
		for _, x := range s.buf {
			if err := fn(x); err != nil {
				return err
			}
		}
		s.buf = nil
		return nil
	}
	if len(s.buf) > 0 {
		if err := s.spill(); err != nil {
			return err
		}
	}
	s.buf = nil // the buffer's memory goes back before the merge
	h := &runHeap[T]{cmp: s.c.Compare}
	for i, f := range s.runs {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return err
		}
		r := &run[T]{r: bufio.NewReaderSize(f, 64<<10), rec: make([]byte, s.c.Size), idx: i}
		ok, err := r.next(s.c)
		if err != nil {
			return err
		}
		if ok {
			h.runs = append(h.runs, r)
		}
	}
	heap.Init(h)
	for len(h.runs) > 0 {
		r := h.runs[0]
		if err := fn(r.cur); err != nil {
			return err
		}
		ok, err := r.next(s.c)
		if err != nil {
			return err
		}
		if ok {
			heap.Fix(h, 0)
		} else {
			heap.Pop(h)
		}
	}
	return nil
}

// Close removes the runs. It is safe to call twice.
func (s *Sorter[T]) Close() error {
	var errs []error
	for _, f := range s.runs {
		errs = append(errs, f.Close())
	}
	s.runs, s.buf = nil, nil
	return errors.Join(errs...)
}

type run[T any] struct {
	r   *bufio.Reader
	rec []byte
	cur T
	idx int
}

func (r *run[T]) next(c Codec[T]) (bool, error) {
	if _, err := io.ReadFull(r.r, r.rec); err != nil {
		if err == io.EOF {
			return false, nil
		}
		return false, fmt.Errorf("extsort: reading a run: %w", err)
	}
	r.cur = c.Get(r.rec)
	return true, nil
}

type runHeap[T any] struct {
	runs []*run[T]
	cmp  func(a, b T) int
}

func (h *runHeap[T]) Len() int { return len(h.runs) }
func (h *runHeap[T]) Less(i, j int) bool {
	if c := h.cmp(h.runs[i].cur, h.runs[j].cur); c != 0 {
		return c < 0
	}
	return h.runs[i].idx < h.runs[j].idx
}
func (h *runHeap[T]) Swap(i, j int) { h.runs[i], h.runs[j] = h.runs[j], h.runs[i] }
func (h *runHeap[T]) Push(x any)    { h.runs = append(h.runs, x.(*run[T])) }
func (h *runHeap[T]) Pop() any {
	x := h.runs[len(h.runs)-1]
	h.runs = h.runs[:len(h.runs)-1]
	return x
}

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
//
// A sorter made with NewNamed keeps its runs as named files that outlive
// the process, so that an interrupted job can resume: Spill writes the
// buffer out at a point the caller chooses (a checkpoint), RunNames lists
// the finished runs, and Adopt takes them back in a new process.
package extsort

import (
	"bufio"
	"container/heap"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
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
	// prefix names the runs of a named sorter ("" for anonymous runs,
	// unlinked at creation); next numbers the next one.
	prefix string
	next   int
}

// New returns a sorter that keeps up to maxRecords (at least 16) in
// memory and writes its runs to temporary files in dir ("" for
// os.TempDir()).
func New[T any](dir string, c Codec[T], maxRecords int) *Sorter[T] {
	maxRecords = max(maxRecords, 16)
	return &Sorter[T]{dir: dir, c: c, max: maxRecords}
}

// NewNamed is New with runs kept as files named dir/prefix-NNNNNN.run,
// which Close leaves in place (Remove deletes them): a later process can
// Adopt them. A file that already has a run's name is never overwritten.
func NewNamed[T any](dir, prefix string, c Codec[T], maxRecords int) *Sorter[T] {
	s := New(dir, c, maxRecords)
	s.prefix = prefix
	return s
}

// Buffered returns the number of records in the buffer, not yet in a run;
// Max the buffer's capacity.
func (s *Sorter[T]) Buffered() int { return len(s.buf) }

// Max returns the most records the buffer holds before Add writes a run.
func (s *Sorter[T]) Max() int { return s.max }

// RunNames returns the file names (without the directory) of the runs
// written or adopted so far, in order; nil for anonymous runs.
func (s *Sorter[T]) RunNames() []string {
	if s.prefix == "" {
		return nil
	}
	names := make([]string, len(s.runs))
	for i, f := range s.runs {
		names[i] = filepath.Base(f.Name())
	}
	return names
}

// Adopt opens runs another sorter with the same codec wrote (names as
// RunNames gave them, in dir), as if this sorter had written them, before
// anything is added. A run whose size is not a whole number of records is
// an error: it was cut short.
func (s *Sorter[T]) Adopt(names []string) error {
	if len(s.runs) > 0 || len(s.buf) > 0 {
		return errors.New("extsort: Adopt after Add")
	}
	for _, name := range names {
		f, err := os.Open(filepath.Join(s.dir, name))
		if err != nil {
			return err
		}
		fi, err := f.Stat()
		if err != nil {
			f.Close()
			return err
		}
		if fi.Size()%int64(s.c.Size) != 0 {
			f.Close()
			return fmt.Errorf("extsort: run %s is %d bytes, not a whole number of %d-byte records", f.Name(), fi.Size(), s.c.Size)
		}
		s.runs = append(s.runs, f)
		s.bytes += fi.Size()
	}
	s.next = len(names)
	return nil
}

// Spill writes the buffered records out as a run now, if there are any;
// for a named sorter the run is on disk (synced) when Spill returns.
func (s *Sorter[T]) Spill() error {
	if len(s.buf) == 0 {
		return nil
	}
	return s.spill()
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
	var (
		f   *os.File
		err error
	)
	if s.prefix == "" {
		f, err = os.CreateTemp(s.dir, "rehash-run-*")
		if err != nil {
			return err
		}
		// The file is unlinked at once: a crash leaves nothing behind, and
		// the open handle keeps the data until Close.
		os.Remove(f.Name())
	} else {
		s.next++
		name := filepath.Join(s.dir, fmt.Sprintf("%s-%06d.run", s.prefix, s.next))
		if f, err = os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644); err != nil {
			return err
		}
	}
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
	if err := w.Flush(); err != nil {
		return err
	}
	if s.prefix != "" {
		// A named run is listed as finished by the caller once Spill
		// returns: it must be whole on disk by then.
		return f.Sync()
	}
	return nil
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

// Close releases the runs: anonymous runs are gone with it, named runs
// stay on disk. It is safe to call twice.
func (s *Sorter[T]) Close() error {
	var errs []error
	for _, f := range s.runs {
		errs = append(errs, f.Close())
	}
	s.runs, s.buf = nil, nil
	return errors.Join(errs...)
}

// Remove closes the sorter and deletes its named runs' files.
func (s *Sorter[T]) Remove() error {
	var errs []error
	for _, f := range s.runs {
		errs = append(errs, f.Close())
		if s.prefix != "" {
			errs = append(errs, os.Remove(f.Name()))
		}
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

package dedup

import (
	"bufio"
	"errors"
	"io"
	"os"
)

var errNoSpool = errors.New("dedup: WriteKept needs a run made with Options.KeepRaw")

// spool keeps every accepted record's raw bytes in a temporary file, in
// input order, so that the deduplicated dataset can be written after
// clustering without holding the corpus in memory or reading the inputs
// twice (standard input cannot be read twice).
type spool struct {
	f    *os.File
	w    *bufio.Writer
	recs []spoolRec
	off  int64
}

type spoolRec struct {
	off  int64
	n    int32
	path bool // a whole-file document: the dataset lists its path
}

func newSpool(dir string) (*spool, error) {
	f, err := os.CreateTemp(dir, "rehash-spool-*")
	if err != nil {
		return nil, err
	}
	return &spool{f: f, w: bufio.NewWriterSize(f, 1<<20)}, nil
}

func (s *spool) add(raw []byte, path bool) error {
	s.recs = append(s.recs, spoolRec{off: s.off, n: int32(len(raw)), path: path})
	if path {
		return nil
	}
	_, err := s.w.Write(raw)
	s.off += int64(len(raw))
	return err
}

// WriteKept writes the deduplicated dataset to w: for every kept document
// in input order, its raw record followed by a newline, or for a document
// that was a whole file (text, HTML), its path. The run must have been made
// with Options.KeepRaw.
func (r *Result) WriteKept(w io.Writer) error {
	if r.spool == nil {
		return errNoSpool
	}
	s := r.spool
	if err := s.w.Flush(); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	br := bufio.NewReaderSize(io.NewSectionReader(s.f, 0, s.off), 1<<20)
	pos := int64(0)
	for i, rec := range s.recs {
		if !r.Kept(i) {
			continue
		}
		if rec.path {
			bw.WriteString(r.Docs[i].Source.Path)
			bw.WriteByte('\n')
			continue
		}
		if _, err := br.Discard(int(rec.off - pos)); err != nil {
			return err
		}
		if _, err := io.CopyN(bw, br, int64(rec.n)); err != nil {
			return err
		}
		pos = rec.off + int64(rec.n)
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

func (s *spool) close() error {
	name := s.f.Name()
	err := s.f.Close()
	if rerr := os.Remove(name); err == nil {
		err = rerr
	}
	return err
}

package dedup

import (
	"bufio"
	"bytes"
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
	f       *os.File
	w       *bufio.Writer
	recs    []spoolRec
	headers [][]byte // distinct table headers, in order of appearance
	off     int64
}

// framing says how a record is written back.
type framing uint8

const (
	frameLine   framing = iota // the record, then "\n" (JSONL, JSON array elements, Parquet rows as JSON)
	framePath                  // a whole file: its path, then "\n"
	frameRow                   // a table row: its header first if it differs from the last written
	frameRecord                // a WARC record: the record, then the blank line that ends it
)

type spoolRec struct {
	off    int64
	n      int32
	frame  framing
	header int32 // index into headers for frameRow
}

func newSpool(dir string) (*spool, error) {
	f, err := os.CreateTemp(dir, "rehash-spool-*")
	if err != nil {
		return nil, err
	}
	return &spool{f: f, w: bufio.NewWriterSize(f, 1<<20)}, nil
}

func framingOf(format string) framing {
	switch format {
	case "text", "html":
		return framePath
	case "csv", "tsv":
		return frameRow
	case "warc":
		return frameRecord
	}
	return frameLine
}

func (s *spool) add(raw []byte, format string, header []byte) error {
	rec := spoolRec{off: s.off, n: int32(len(raw)), frame: framingOf(format), header: -1}
	if rec.frame == frameRow {
		if n := len(s.headers); n == 0 || !bytes.Equal(s.headers[n-1], header) {
			s.headers = append(s.headers, header)
		}
		rec.header = int32(len(s.headers) - 1)
	}
	s.recs = append(s.recs, rec)
	if rec.frame == framePath {
		return nil
	}
	_, err := s.w.Write(raw)
	s.off += int64(len(raw))
	return err
}

// WriteKept writes the deduplicated dataset to w, keeping the input's
// format where one stream can: for every kept document in input order, a
// JSON Lines record (JSONL, JSON array elements, Parquet rows rendered as
// JSON) followed by a newline; a CSV/TSV row, preceded by its header line
// whenever the header differs from the last one written; a WARC record
// followed by the blank line that ends it; or, for a document that was a
// whole file (text, HTML), the file's path. The run must have been made
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
	lastHeader := int32(-1)
	for i, rec := range s.recs {
		if !r.Kept(i) {
			continue
		}
		if rec.frame == framePath {
			bw.WriteString(r.Docs[i].Source.Path)
			bw.WriteByte('\n')
			continue
		}
		if rec.frame == frameRow && (lastHeader < 0 || !bytes.Equal(s.headers[rec.header], s.headers[lastHeader])) {
			bw.Write(s.headers[rec.header])
			bw.WriteByte('\n')
			lastHeader = rec.header
		}
		if _, err := br.Discard(int(rec.off - pos)); err != nil {
			return err
		}
		if _, err := io.CopyN(bw, br, int64(rec.n)); err != nil {
			return err
		}
		pos = rec.off + int64(rec.n)
		if rec.frame == frameRecord {
			bw.WriteString("\r\n\r\n")
		} else {
			bw.WriteByte('\n')
		}
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

package ingest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/rehashdev/rehash"
)

// warcFormat reads WARC files (ISO 28500, versions 1.0 and 1.1), as
// written by web crawlers. A .warc.gz file is a series of gzip members, one
// per record, which decompression reads as one stream.
//
// Documents come from three record types:
//
//   - response: an HTTP response; its body is decoded (chunked transfer
//     coding, gzip or deflate content coding, a declared charset) and read
//     as HTML or plain text by its Content-Type;
//   - resource: a file fetched without HTTP, with its own Content-Type;
//   - conversion: text derived from another record, as in WET files.
//
// Other types (request, metadata, warcinfo, revisit) are not documents and
// are passed over without being counted. A response whose body is neither
// HTML nor text, or whose HTTP status is not 2xx, is a counted skip.
//
// The id is WARC-Target-URI, else WARC-Record-ID; Meta.Date is WARC-Date and
// Meta.URL the target URI; Source.Offset is the offset of the record's
// version line in the decompressed stream. Raw is the whole record, from
// the version line to the end of its block, without the two CRLFs that
// separate records.
//
// Only the WARC headers are parsed while reading; the HTTP parsing and
// HTML extraction happen in Record.Document, on the caller's goroutines.
//
// This is a small reader rather than a WARC library: it needs only the
// record framing, and a damaged record must become a counted failure that
// names its offset, after which reading resumes at the next version line.
type warcFormat struct{}

func (warcFormat) Name() string { return "warc" }

// maxWARCHeader bounds the header block of one record; real headers are
// well under a kilobyte.
const maxWARCHeader = 1 << 20

func sniffWARC(head []byte) bool { return bytes.HasPrefix(head, []byte("WARC/1.")) }

// warcHead is what Split learns from a record's WARC headers.
type warcHead struct {
	typ, uri, id, date, contentType string
	length                          int64
	blockStart                      int // offset of the block in Raw
}

func (warcFormat) Split(ctx context.Context, in *Input, yield func(*Record) error) error {
	r := &lineReader{br: in.R}
	var pending []byte // a version line found while resynchronising
	for n := 0; ; n++ {
		if n&255 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		start := r.off
		var line []byte
		if pending != nil {
			line, pending = pending, nil
			start -= int64(len(line))
		} else {
			var err error
			line, err = r.line()
			if err != nil {
				if errors.Is(err, io.EOF) {
					return nil
				}
				return err
			}
			if len(bytes.TrimSpace(line)) == 0 {
				continue // the CRLFs between records
			}
		}
		src := rehash.Source{Path: in.Name, Offset: start, Format: "warc"}
		fail := func(err error) error {
			return yield(failed(src, rehash.SkipMalformed, fmt.Errorf("WARC record at offset %d: %w", start, err)))
		}
		if !bytes.HasPrefix(line, []byte("WARC/")) {
			if err := fail(errors.New("no WARC version line")); err != nil {
				return err
			}
			var err error
			if pending, err = r.resync(); err != nil {
				return err
			}
			continue
		}
		hdr := append([]byte(nil), line...)
		h, hdr, err := readWARCHeaders(r, hdr)
		if err != nil {
			if rerr := (readError{}); errors.As(err, &rerr) {
				return err
			}
			if ferr := fail(err); ferr != nil {
				return ferr
			}
			if errors.Is(err, io.ErrUnexpectedEOF) {
				return nil
			}
			if pending, err = r.resync(); err != nil {
				return err
			}
			continue
		}
		h.blockStart = len(hdr)
		doc := h.typ == "response" || h.typ == "resource" || h.typ == "conversion"
		switch {
		case !doc || h.length > int64(in.Opts.MaxRecordBytes) || h.length == 0:
			if _, err := r.discard(h.length); err != nil {
				if errors.Is(err, errShortBlock) {
					return fail(fmt.Errorf("truncated: the block is shorter than Content-Length %d", h.length))
				}
				return err
			}
			switch {
			case !doc:
			case h.length == 0:
				err = fail(fmt.Errorf("empty %s record", h.typ))
			default:
				err = fail(fmt.Errorf("block of %d bytes exceeds the %d-byte limit", h.length, in.Opts.MaxRecordBytes))
			}
			if err != nil {
				return err
			}
			continue
		}
		raw := make([]byte, len(hdr)+int(h.length))
		copy(raw, hdr)
		if got, err := r.full(raw[len(hdr):]); err != nil {
			if errors.Is(err, errShortBlock) {
				return fail(fmt.Errorf("truncated: %d of %d block bytes", got, h.length))
			}
			return err
		}
		id := h.uri
		if id == "" {
			id = h.id
		}
		rec := &Record{Raw: raw, Source: src, ID: id, opts: in.Opts, decode: h.decode}
		if err := yield(rec); err != nil {
			return err
		}
	}
}

// readWARCHeaders reads the named fields after the version line up to the
// blank line, appending their bytes to hdr.
func readWARCHeaders(r *lineReader, hdr []byte) (*warcHead, []byte, error) {
	h := &warcHead{length: -1}
	for {
		line, err := r.line()
		if errors.Is(err, io.EOF) {
			return nil, hdr, fmt.Errorf("truncated headers: %w", io.ErrUnexpectedEOF)
		}
		if err != nil {
			return nil, hdr, err
		}
		hdr = append(hdr, line...)
		if len(hdr) > maxWARCHeader {
			return nil, hdr, fmt.Errorf("headers exceed %d bytes", maxWARCHeader)
		}
		t := bytes.TrimRight(line, "\r\n")
		if len(t) == 0 {
			break
		}
		name, value, ok := bytes.Cut(t, []byte(":"))
		if !ok {
			continue // a continuation line, or noise
		}
		v := string(bytes.TrimSpace(value))
		switch strings.ToLower(string(bytes.TrimSpace(name))) {
		case "warc-type":
			h.typ = strings.ToLower(v)
		case "warc-target-uri":
			// WARC 1.0 examples wrap the URI in angle brackets.
			h.uri = strings.TrimSuffix(strings.TrimPrefix(v, "<"), ">")
		case "warc-record-id":
			h.id = v
		case "warc-date":
			h.date = v
		case "content-type":
			h.contentType = v
		case "content-length":
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 0 {
				return nil, hdr, fmt.Errorf("bad Content-Length %q", v)
			}
			h.length = n
		}
	}
	if h.length < 0 {
		return nil, hdr, errors.New("no Content-Length")
	}
	return h, hdr, nil
}

// lineReader reads a WARC stream by lines and blocks, keeping the offset.
type lineReader struct {
	br  *bufio.Reader
	off int64
}

// line returns the next line with its terminator. The slice is valid until
// the next call. A line longer than the buffer is an error: no WARC header
// line is that long.
func (r *lineReader) line() ([]byte, error) {
	b, err := r.br.ReadSlice('\n')
	r.off += int64(len(b))
	switch {
	case errors.Is(err, bufio.ErrBufferFull):
		// Not a header line; hand it back whole-ish so resync can go on.
		return b, nil
	case errors.Is(err, io.EOF):
		if len(b) > 0 {
			return b, nil
		}
		return nil, io.EOF
	case err != nil:
		return nil, readError{err}
	}
	return b, nil
}

// resync skips lines up to the next WARC version line and returns it (a
// copy), or nil at the end of the stream.
func (r *lineReader) resync() ([]byte, error) {
	for {
		line, err := r.line()
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		if bytes.HasPrefix(line, []byte("WARC/1.")) {
			return append([]byte(nil), line...), nil
		}
	}
}

// errShortBlock reports a stream that ends inside a record's block. It is
// not io.ErrUnexpectedEOF, which a truncated gzip stream reports as well.
var errShortBlock = errors.New("short block")

// discard skips n bytes; errShortBlock if the stream ends first.
func (r *lineReader) discard(n int64) (int64, error) {
	got, err := io.CopyN(io.Discard, r.br, n)
	r.off += got
	if errors.Is(err, io.EOF) {
		return got, errShortBlock
	}
	if err != nil {
		return got, readError{err}
	}
	return got, nil
}

// full fills b; errShortBlock if the stream ends first. An error of the
// stream itself (a truncated gzip member) is a readError, which
// io.ReadFull would not tell apart.
func (r *lineReader) full(b []byte) (int, error) {
	got := 0
	for got < len(b) {
		n, err := r.br.Read(b[got:])
		got += n
		r.off += int64(n)
		if errors.Is(err, io.EOF) && got < len(b) {
			return got, errShortBlock
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return got, readError{err}
		}
	}
	return got, nil
}

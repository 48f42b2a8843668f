package ingest

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/rehashdev/rehash"
)

// csvFormat reads comma- or tab-separated values with a header row. The
// columns named by Options.TextField and Options.IDField give the text and
// the id (else "path:line"); the columns Options.TitleField and
// Options.DateField and those named url and site become metadata. The text
// is read as plain text or HTML by Options.Content, in its charset (a
// cell that is not UTF-8 is transcoded, see charset.go). A record's Raw is the row exactly as in the file, without its
// line terminator, so that deduplicated output can copy rows byte for byte
// under the same header.
//
// A row with a different number of fields than the header, or with a quote
// error, fails to decode (SkipMalformed, naming the file and line) and
// reading goes on with the next row.
//
// CSV is not sniffed: a comma-separated header line looks like plain text,
// and treating prose as a table would lose it. Use the extension or
// --format csv.
type csvFormat struct {
	name  string
	comma rune
}

func (f csvFormat) Name() string { return f.name }

func (f csvFormat) Split(ctx context.Context, in *Input, yield func(*Record) error) error {
	tape := &tapeReader{r: in.R}
	cr := csv.NewReader(tape)
	cr.Comma = f.comma
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	if f.comma == '\t' {
		// TSV exports rarely quote, and a stray quote in a text cell
		// should not swallow the rows after it.
		cr.LazyQuotes = true
	}
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return tape.readErr()
	}
	if err != nil {
		if rerr := tape.readErr(); rerr != nil {
			return rerr
		}
		line := 1
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			line = pe.Line
		}
		return yield(failed(rehash.Source{Path: in.Name, Line: line, Format: f.name}, rehash.SkipMalformed, fmt.Errorf("header: %w", err)))
	}
	cols := newCSVColumns(header, in.Opts)
	headerRaw := bytes.Clone(bytes.TrimRight(tape.consume(cr.InputOffset()), "\r\n"))

	var slab []byte
	for n := 0; ; n++ {
		if n&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		start := cr.InputOffset()
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return tape.readErr()
		}
		end := cr.InputOffset()
		raw := bytes.TrimRight(tape.consume(end), "\r\n")
		src := rehash.Source{Path: in.Name, Offset: start, Format: f.name}
		if err == nil && len(row) > 0 {
			// FieldPos panics on a row that failed to parse.
			src.Line, _ = cr.FieldPos(0)
		}
		var rec *Record
		switch {
		case err != nil:
			if rerr := tape.readErr(); rerr != nil {
				return rerr
			}
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				src.Line = pe.StartLine
			}
			rec = failed(src, rehash.SkipMalformed, err)
		case len(row) != len(header):
			rec = failed(src, rehash.SkipMalformed, fmt.Errorf("%d fields, the header has %d", len(row), len(header)))
		case len(raw) > in.Opts.MaxRecordBytes:
			rec = failed(src, rehash.SkipMalformed, fmt.Errorf("record of %d bytes exceeds the %d-byte limit", len(raw), in.Opts.MaxRecordBytes))
		default:
			if len(raw) > slabSize/4 {
				raw = bytes.Clone(raw)
			} else {
				if len(slab)+len(raw) > cap(slab) {
					slab = make([]byte, 0, slabSize)
				}
				k := len(slab)
				slab = append(slab, raw...)
				raw = slab[k:len(slab):len(slab)]
			}
			rec = cols.record(raw, row, src, in.Opts, cr)
		}
		rec.Header = headerRaw
		if err := yield(rec); err != nil {
			return err
		}
	}
}

// csvColumns holds the column indexes the header names, -1 when absent.
type csvColumns struct {
	text, id, title, date, url, site int
	textName                         string
	header                           []string // for the hint when the text column is missing
}

func newCSVColumns(header []string, o *Options) *csvColumns {
	find := func(name string) int {
		for i, h := range header {
			if i == 0 {
				h = string(bytes.TrimPrefix([]byte(h), []byte("\ufeff")))
			}
			if h == name {
				return i
			}
		}
		return -1
	}
	return &csvColumns{
		text: find(o.TextField), id: find(o.IDField),
		title: find(o.TitleField), date: find(o.DateField), url: find("url"), site: find("site"),
		textName: o.TextField, header: append([]string(nil), header...),
	}
}

// record captures what a row says in a record whose decoding (the UTF-8
// check and locating the text inside Raw) runs later, off the reading
// goroutine. The row's strings are copied by encoding/csv already, so they
// outlive the reused row slice.
func (c *csvColumns) record(raw []byte, row []string, src rehash.Source, o *Options, cr *csv.Reader) *Record {
	get := func(i int) string {
		if i < 0 {
			return ""
		}
		return row[i]
	}
	if c.text < 0 {
		return failed(src, rehash.SkipNoText, fmt.Errorf("no column %q in the header (%s): name the text column with --text-field, the id column with --id-field", c.textName, strings.Join(c.header, ", ")))
	}
	text := row[c.text]
	// Where the text field starts inside Raw: FieldPos counts lines and
	// 1-based byte columns in the file.
	fline, fcol := cr.FieldPos(c.text)
	fieldStart := lineColOffset(raw, fline-src.Line, fcol)
	id := get(c.id)
	meta := rehash.Meta{Title: get(c.title), Date: get(c.date), URL: get(c.url), Site: get(c.site), Bytes: int64(len(raw))}
	return &Record{Raw: raw, Source: src, ID: src.String(), opts: o, decode: func(r *Record) (*rehash.Document, error) {
		doc := &rehash.Document{ID: r.ID, Raw: r.Raw, Source: r.Source, Meta: meta}
		if id != "" {
			doc.ID = id
		}
		if _, err := setText(doc, []byte(text), csvFieldLoc(r.Raw, fieldStart, text), r.opts.Content, "", r.opts); err != nil {
			return nil, err
		}
		return doc, nil
	}}
}

// lineColOffset returns the offset in raw of 1-based byte column col on
// the line that is lines lines after raw's first, or -1.
func lineColOffset(raw []byte, lines, col int) int {
	off := 0
	for ; lines > 0; lines-- {
		i := bytes.IndexByte(raw[off:], '\n')
		if i < 0 {
			return -1
		}
		off += i + 1
	}
	off += col - 1
	if off < 0 || off > len(raw) {
		return -1
	}
	return off
}

// csvFieldLoc says where the text of a field lies in raw: at its start if
// it stands there verbatim (unquoted, or quoted without escapes), else
// through an offset map that sends each doubled quote and CRLF to its two
// raw bytes. If the raw bytes do not match the field (which would be a
// bug), the field is located only within the row.
func csvFieldLoc(raw []byte, start int, text string) fieldLoc {
	if start < 0 {
		return within(rehash.Span{Start: 0, End: len(raw)})
	}
	if start < len(raw) && raw[start] == '"' {
		start++
	}
	if len(raw)-start >= len(text) && string(raw[start:start+len(text)]) == text {
		return at(start)
	}
	m := &rehash.OffsetMap{}
	i := start
	for j := 0; j < len(text); {
		switch {
		case i+1 < len(raw) && raw[i] == '"' && raw[i+1] == '"' && text[j] == '"':
			m.Add(j, 1, i, 2)
			i, j = i+2, j+1
		case i+1 < len(raw) && raw[i] == '\r' && raw[i+1] == '\n' && text[j] == '\n':
			m.Add(j, 1, i, 2)
			i, j = i+2, j+1
		case i < len(raw) && raw[i] == text[j]:
			m.Add(j, 1, i, 1)
			i, j = i+1, j+1
		default:
			return within(rehash.Span{Start: 0, End: len(raw)})
		}
	}
	return fieldLoc{m: m}
}

// tapeReader keeps the bytes read through it until they are consumed, so
// that the raw bytes of a row can be cut out by the offsets the csv.Reader
// reports, although the csv.Reader reads ahead.
type tapeReader struct {
	r     io.Reader
	buf   []byte
	spare []byte // the previous buf, holding the slice consume returned
	base  int64  // stream offset of buf[0]
	err   error  // first error other than io.EOF
}

func (t *tapeReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	t.buf = append(t.buf, p[:n]...)
	if err != nil && !errors.Is(err, io.EOF) && t.err == nil {
		t.err = err
	}
	return n, err
}

// consume returns the bytes up to stream offset end and forgets them. The
// slice is valid until the next call to consume.
func (t *tapeReader) consume(end int64) []byte {
	n := int(end - t.base)
	out := t.buf[:n:n]
	// Move the read-ahead (at most the csv.Reader's buffer) to the front
	// of the other buffer, leaving out intact.
	t.spare = append(t.spare[:0], t.buf[n:]...)
	t.buf, t.spare = t.spare, t.buf
	t.base = end
	return out
}

func (t *tapeReader) readErr() error {
	if t.err != nil {
		return readError{t.err}
	}
	return nil
}

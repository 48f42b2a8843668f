package ingest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/rehashdev/rehash"
	"github.com/valyala/fastjson"
)

// jsonlFormat reads JSON Lines: one JSON object per line. Blank lines are
// not records. The id comes from Options.IDField (a string or a number),
// else it is "path:line"; the text from Options.TextField, which must be a
// string. The fields Options.TitleField and Options.DateField and those
// named url and site become metadata. The text is read as plain text or
// HTML by Options.Content, and its Offsets map it back to its escaped form
// in the line (see stringMap), through HTML extraction when there is
// some; mail headers and signatures are taken out of plain text unless
// Options.KeepMail is set.
type jsonlFormat struct{}

func (jsonlFormat) Name() string { return "jsonl" }

// slabSize is the unit in which line bytes are allocated: one allocation
// serves many short records, and a slab is freed once all its records are.
const slabSize = 1 << 20

func (jsonlFormat) Split(ctx context.Context, in *Input, yield func(*Record) error) error {
	return splitLines(ctx, in, "jsonl", decodeJSONL, yield)
}

// splitLines yields every non-blank line of in as a record, without its
// line terminator. Lines longer than Options.MaxRecordBytes fail to decode
// (a counted skip), and reading goes on with the next line.
func splitLines(ctx context.Context, in *Input, format string, decode func(*Record) (*rehash.Document, error), yield func(*Record) error) error {
	var (
		slab      []byte
		offset    int64
		line      int
		long      []byte
		longLen   int   // bytes of the current over-long line seen so far
		longStart int64 // its offset
	)
	for {
		if line&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		chunk, err := in.R.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			// A line longer than the buffer: gather it, up to the limit.
			if longLen == 0 {
				longStart = offset
			}
			if len(long) <= in.Opts.MaxRecordBytes {
				// Doubling: append grows a large slice by a quarter, which
				// copied a book-sized line five times over.
				if len(long)+len(chunk) > cap(long) {
					long = slices.Grow(long, max(len(chunk), cap(long)))
				}
				long = append(long, chunk...)
			}
			longLen += len(chunk)
			offset += int64(len(chunk))
			continue
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return readError{err}
		}
		start := offset
		if longLen > 0 {
			// The line began in an earlier chunk; long may hold only its
			// first MaxRecordBytes, so count from where it started.
			start, longLen = longStart, 0
		}
		offset += int64(len(chunk))
		data, owned := chunk, false
		if long != nil {
			// The gathered line is a copy of its own already.
			data, owned = append(long, chunk...), true
			long = nil
		}
		if len(data) > 0 {
			line++
		}
		data = bytes.TrimRight(data, "\r\n")
		src := rehash.Source{Path: in.Name, Line: line, Offset: start, Format: format}
		switch {
		case len(bytes.TrimSpace(data)) == 0:
		case len(data) > in.Opts.MaxRecordBytes:
			rec := failed(src, rehash.SkipMalformed, fmt.Errorf("record of %d bytes exceeds the %d-byte limit", len(data), in.Opts.MaxRecordBytes))
			if yerr := yield(rec); yerr != nil {
				return yerr
			}
		default:
			if owned {
				data = data[:len(data):len(data)]
			} else if len(data) > slabSize/4 {
				data = bytes.Clone(data)
			} else {
				if len(slab)+len(data) > cap(slab) {
					slab = make([]byte, 0, slabSize)
				}
				n := len(slab)
				slab = append(slab, data...)
				data = slab[n:len(slab):len(slab)]
			}
			rec := &Record{Raw: data, Source: src, ID: src.String(), opts: in.Opts, decode: decode}
			if yerr := yield(rec); yerr != nil {
				return yerr
			}
		}
		if err != nil { // io.EOF
			return nil
		}
	}
}

var jsonParsers fastjson.ParserPool

func decodeJSONL(r *Record) (*rehash.Document, error) {
	p := jsonParsers.Get()
	defer jsonParsers.Put(p)
	v, err := p.ParseBytes(r.Raw)
	if err != nil {
		return nil, &rehash.RecordError{Source: r.Source, Reason: rehash.SkipMalformed, Err: err}
	}
	if v.Type() != fastjson.TypeObject {
		return nil, &rehash.RecordError{Source: r.Source, Reason: rehash.SkipMalformed, Err: fmt.Errorf("a JSON %s, not an object", v.Type())}
	}
	return objectDocument(r, v)
}

// objectDocument makes a document of a parsed JSON object, taking the id,
// the text and the metadata from their fields.
func objectDocument(r *Record, v *fastjson.Value) (*rehash.Document, error) {
	o := r.opts
	tv := v.Get(o.TextField)
	if tv == nil || tv.Type() != fastjson.TypeString {
		what := "missing"
		if tv != nil {
			what = "a " + tv.Type().String() + ", not a string"
		} else if obj, err := v.Object(); err == nil {
			// Name the fields there are, and the flag that picks one.
			var keys []string
			obj.Visit(func(k []byte, _ *fastjson.Value) { keys = append(keys, string(k)) })
			what = fmt.Sprintf("missing (the record has %s): name the text field with --text-field, the id field with --id-field", strings.Join(keys, ", "))
		}
		return nil, &rehash.RecordError{Source: r.Source, Reason: rehash.SkipNoText, Err: fmt.Errorf("text field %q is %s", o.TextField, what)}
	}
	text := tv.GetStringBytes()
	doc := &rehash.Document{
		ID:     r.ID,
		Raw:    r.Raw,
		Source: r.Source,
		Meta: rehash.Meta{
			Title: stringField(v, o.TitleField),
			Date:  stringField(v, o.DateField),
			URL:   stringField(v, "url"),
			Site:  stringField(v, "site"),
			Bytes: int64(len(r.Raw)),
		},
	}
	if id := stringField(v, o.IDField); id != "" {
		doc.ID = id
	}
	// Map Text back to the escaped string in the record. Without the
	// literal (a key written with escapes) Offsets stays nil and
	// TextStart 0, which does not verify as verbatim: consumers fall
	// back to the whole record.
	loc := nowhere
	if !o.NoOffsets {
		if lit, ok := fieldString(r.Raw, o.TextField); ok {
			m, start := stringMap(r.Raw, lit, 0, len(text), len(text))
			loc = fieldLoc{m: m, start: start}
		}
	}
	// The text is a copy: the parser's buffer is reused.
	if _, err := setText(doc, bytes.Clone(text), loc, o.Content, "", o); err != nil {
		return nil, err
	}
	return doc, nil
}

// stringField returns a string or number field as text, else "".
func stringField(v *fastjson.Value, name string) string {
	f := v.Get(name)
	if f == nil {
		return ""
	}
	switch f.Type() {
	case fastjson.TypeString:
		return string(f.GetStringBytes())
	case fastjson.TypeNumber:
		if n, err := f.Int64(); err == nil {
			return strconv.FormatInt(n, 10)
		}
		return f.String()
	}
	return ""
}

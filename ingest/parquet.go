package ingest

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/parquet-go/parquet-go"
	"github.com/rehashdev/rehash"
)

var parquetMagic = []byte("PAR1")

// parquetFormat reads Apache Parquet files, one record per row. The text
// and id come from the columns Options.TextField and Options.IDField (top
// level leaf columns), metadata from columns named title, date, url and
// site when present.
//
// Rows are read one row group at a time, a few hundred rows per call, so a
// file larger than memory is fine. Parquet keeps its index at the end of the
// file and needs random access: a plain file is reopened by name, anything
// else (standard input, a compressed file, an archive member) is first
// copied to a temporary file.
//
// A row's Raw is not the file's bytes, which are spread over column chunks,
// but the row rendered as a JSON object: one key per leaf column (nested
// paths joined with "."), values as JSON strings, numbers, booleans or
// null, repeated columns as arrays, byte arrays that are not UTF-8 as
// base64 strings. Source.Line is the 1-based row number in the file, which
// WriteParquetSubset takes (less one) to copy rows into a Parquet output.
type parquetFormat struct{}

func (parquetFormat) Name() string { return "parquet" }

// parquetBatch is how many rows one ReadRows call fetches.
const parquetBatch = 256

func (parquetFormat) Split(ctx context.Context, in *Input, yield func(*Record) error) error {
	ra, size, cleanup, err := randomAccess(in, parquetMagic)
	if err != nil {
		return err
	}
	defer cleanup()
	src := rehash.Source{Path: in.Name, Format: "parquet"}
	if err := checkFooter(ra, size); err != nil {
		return yield(failed(src, rehash.SkipMalformed, fmt.Errorf("parquet: %w", err)))
	}
	var f *parquet.File
	err = safely(func() (err error) {
		f, err = parquet.OpenFile(ra, size, parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
		return err
	})
	if err != nil {
		// A damaged file: nothing in it can be located, so it is one
		// counted failure, not the end of the run.
		return yield(failed(src, rehash.SkipMalformed, fmt.Errorf("parquet: %w", err)))
	}
	var (
		cols   *parquetColumns
		groups []parquet.RowGroup
	)
	if err := safely(func() error {
		cols, groups = newParquetColumns(f.Schema(), in.Opts), f.RowGroups()
		return nil
	}); err != nil {
		return yield(failed(src, rehash.SkipMalformed, fmt.Errorf("parquet: %w", err)))
	}
	var rowNum int64
	buf := make([]parquet.Row, parquetBatch)
	recs := make([]*Record, 0, parquetBatch)
	for _, rg := range groups {
		var rows parquet.Rows
		if err := safely(func() error { rows = rg.Rows(); return nil }); err != nil {
			s := src
			s.Line = int(rowNum + 1)
			return yield(failed(s, rehash.SkipMalformed, fmt.Errorf("parquet: %w", err)))
		}
		for {
			if err := ctx.Err(); err != nil {
				closeRows(rows)
				return err
			}
			// The decoding of a batch runs guarded: parquet-go panics on
			// some damaged files (an index out of range in a page), and
			// a damaged file must be a counted skip, not a crash.
			recs = recs[:0]
			var n int
			err := safely(func() (err error) {
				n, err = rows.ReadRows(buf)
				for _, row := range buf[:n] {
					rowNum++
					s := src
					s.Line = int(rowNum)
					// Raw is rendered here rather than in decode:
					// consumers may copy Record.Raw without decoding
					// (--dedup-out).
					row := row.Clone()
					recs = append(recs, &Record{Raw: cols.json(cols.byColumn(row)), Source: s, ID: s.String(), opts: in.Opts, decode: cols.decoder(row)})
				}
				return err
			})
			for _, rec := range recs {
				if yerr := yield(rec); yerr != nil {
					closeRows(rows)
					return yerr
				}
			}
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				closeRows(rows)
				s := src
				s.Line = int(rowNum + 1)
				return yield(failed(s, rehash.SkipMalformed, fmt.Errorf("parquet: %w", err)))
			}
		}
		closeRows(rows)
	}
	return nil
}

// checkFooter checks the footer length a Parquet file ends with against
// the file's size. parquet-go allocates the length it reads before it
// checks it, so a damaged or crafted file of a kilobyte that claims a 4 GB
// footer would take 4 GB of memory, which no recover can undo.
func checkFooter(ra io.ReaderAt, size int64) error {
	var tail [8]byte
	if size < 12 {
		return fmt.Errorf("%d bytes: too short for a Parquet file", size)
	}
	if _, err := ra.ReadAt(tail[:], size-8); err != nil {
		return err
	}
	if n := int64(binary.LittleEndian.Uint32(tail[:4])); n > size-12 {
		return fmt.Errorf("the footer claims %d bytes, the file holds %d", n, size)
	}
	return nil
}

// errDecoderPanic marks a panic of a decoder library, recovered.
var errDecoderPanic = errors.New("decoder panic")

// safely runs f and turns a panic in it into an error: a third-party
// decoder that panics on damaged input must not end the run.
func safely(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", errDecoderPanic, r)
		}
	}()
	return f()
}

func closeRows(rows parquet.Rows) {
	safely(func() error { return rows.Close() })
}

// parquetColumns maps the schema's leaf columns to what rehash uses.
type parquetColumns struct {
	names                            []string // leaf column paths joined by "."
	repeated                         []bool   // whether a leaf is inside a list
	text, id, title, date, url, site int      // leaf column indexes, -1 if absent
	textName                         string
}

func newParquetColumns(s *parquet.Schema, o *Options) *parquetColumns {
	c := &parquetColumns{textName: o.TextField}
	for _, p := range s.Columns() {
		c.names = append(c.names, strings.Join(p, "."))
		leaf, _ := s.Lookup(p...)
		c.repeated = append(c.repeated, leaf.MaxRepetitionLevel > 0)
	}
	find := func(name string) int {
		if leaf, ok := s.Lookup(name); ok {
			return leaf.ColumnIndex
		}
		return -1
	}
	c.text, c.id = find(o.TextField), find(o.IDField)
	c.title, c.date, c.url, c.site = find(o.TitleField), find(o.DateField), find("url"), find("site")
	return c
}

// decoder returns the decode func of one row, which owns row.
func (c *parquetColumns) decoder(row parquet.Row) func(*Record) (*rehash.Document, error) {
	return func(r *Record) (*rehash.Document, error) {
		byCol := c.byColumn(row)
		first := func(col int) (parquet.Value, bool) {
			if col < 0 || len(byCol[col]) == 0 || byCol[col][0].IsNull() {
				return parquet.Value{}, false
			}
			return byCol[col][0], true
		}
		str := func(col int) string {
			v, ok := first(col)
			if !ok {
				return ""
			}
			return parquetString(v)
		}
		raw := r.Raw
		tv, ok := first(c.text)
		if !ok || tv.Kind() != parquet.ByteArray {
			what := "missing: name the text column with --text-field, the id column with --id-field"
			if ok {
				what = "a " + tv.Kind().String() + ", not a string"
			} else if c.text >= 0 {
				what = "null"
			}
			return nil, &rehash.RecordError{Source: r.Source, Reason: rehash.SkipNoText, Err: fmt.Errorf("text column %q is %s", c.textName, what)}
		}
		text := tv.ByteArray()
		doc := &rehash.Document{
			ID:     r.ID,
			Raw:    raw,
			Source: r.Source,
			Meta: rehash.Meta{
				Title: str(c.title), Date: str(c.date), URL: str(c.url), Site: str(c.site),
				Bytes: int64(len(raw)),
			},
		}
		if id := str(c.id); id != "" {
			doc.ID = id
		}
		// Raw renders the text column as a JSON string (see json), where
		// the text is located as in a JSON Lines record; a cell that is
		// not UTF-8 is rendered as base64, and only the row locates it.
		loc := within(rehash.Span{Start: 0, End: len(raw)})
		if lit, ok := fieldString(raw, c.textName); ok && utf8.Valid(text) && !r.opts.NoOffsets {
			m, start := stringMap(raw, lit, 0, len(text), len(text))
			loc = fieldLoc{m: m, start: start}
		}
		if _, err := setText(doc, text, loc, r.opts.Content, "", r.opts); err != nil {
			return nil, err
		}
		return doc, nil
	}
}

// coarseMap maps all of a derived text to the span of its source, for
// text decoded in a way that keeps no finer correspondence (a Parquet cell
// rendered into JSON, a gzipped HTTP body).
func coarseMap(textLen int, span rehash.Span) *rehash.OffsetMap {
	m := &rehash.OffsetMap{}
	if textLen == span.Len() && textLen > 1 {
		// Equal lengths would read as one to one; split off the last
		// byte so that the map stays coarse.
		m.Add(0, textLen-1, span.Start, span.Len())
		m.Add(textLen-1, 1, span.Start, span.Len())
		return m
	}
	m.Add(0, textLen, span.Start, span.Len())
	return m
}

// byColumn splits a row into the values of each leaf column.
func (c *parquetColumns) byColumn(row parquet.Row) [][]parquet.Value {
	byCol := make([][]parquet.Value, len(c.names))
	row.Range(func(i int, vs []parquet.Value) bool {
		if i < len(byCol) {
			byCol[i] = vs
		}
		return true
	})
	return byCol
}

// json renders a row as a JSON object; see parquetFormat.
func (c *parquetColumns) json(byCol [][]parquet.Value) []byte {
	b := []byte{'{'}
	for i, name := range c.names {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendQuote(b, name)
		b = append(b, ':')
		vs := byCol[i]
		if !c.repeated[i] {
			if len(vs) == 0 {
				b = append(b, "null"...)
			} else {
				b = appendParquetValue(b, vs[0])
			}
			continue
		}
		b = append(b, '[')
		k := 0
		for _, v := range vs {
			if v.IsNull() { // an empty or absent list
				continue
			}
			if k > 0 {
				b = append(b, ',')
			}
			b = appendParquetValue(b, v)
			k++
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

func appendParquetValue(b []byte, v parquet.Value) []byte {
	if v.IsNull() {
		return append(b, "null"...)
	}
	switch v.Kind() {
	case parquet.Boolean:
		return strconv.AppendBool(b, v.Boolean())
	case parquet.Int32:
		return strconv.AppendInt(b, int64(v.Int32()), 10)
	case parquet.Int64:
		return strconv.AppendInt(b, v.Int64(), 10)
	case parquet.Float:
		return appendJSONFloat(b, float64(v.Float()), 32)
	case parquet.Double:
		return appendJSONFloat(b, v.Double(), 64)
	case parquet.ByteArray, parquet.FixedLenByteArray:
		return appendJSONString(b, v.ByteArray())
	}
	return appendJSONString(b, []byte(v.String()))
}

func appendJSONFloat(b []byte, f float64, bits int) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(b, "null"...)
	}
	return strconv.AppendFloat(b, f, 'g', -1, bits)
}

// appendJSONString appends s as a JSON string, or base64 if it is not
// UTF-8. strconv.AppendQuote is not JSON (it writes \x escapes), so control
// characters are escaped here.
func appendJSONString(b, s []byte) []byte {
	if !utf8.Valid(s) {
		b = append(b, '"')
		b = base64.StdEncoding.AppendEncode(b, s)
		return append(b, '"')
	}
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for _, c := range s {
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == '\n':
			b = append(b, '\\', 'n')
		case c == '\t':
			b = append(b, '\\', 't')
		case c == '\r':
			b = append(b, '\\', 'r')
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

// parquetString renders a scalar metadata value as text.
func parquetString(v parquet.Value) string {
	switch v.Kind() {
	case parquet.ByteArray, parquet.FixedLenByteArray:
		return string(v.ByteArray())
	case parquet.Int32:
		return strconv.FormatInt(int64(v.Int32()), 10)
	case parquet.Int64:
		return strconv.FormatInt(v.Int64(), 10)
	}
	return v.String()
}

// WriteParquetSubset writes to dst the rows of the Parquet file srcPath
// for which keep returns true, with the same schema, in the same order:
// deduplicated output for Parquet input. keep takes the 0-based row number
// (Source.Line-1 of the records parquetFormat read).
//
// It streams row group by row group; memory is bounded by the writer's
// buffered row group, not the file.
func WriteParquetSubset(dst io.Writer, srcPath string, keep func(row int64) bool) error {
	f, err := os.Open(srcPath)
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	pf, err := parquet.OpenFile(f, fi.Size(), parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
	if err != nil {
		return fmt.Errorf("ingest: %s: parquet: %w", srcPath, err)
	}
	w := parquet.NewWriter(dst, pf.Schema())
	var rowNum int64
	buf := make([]parquet.Row, parquetBatch)
	// kept is a slice of its own: compacting buf in place would leave two
	// of its rows sharing storage that the next ReadRows overwrites.
	kept := make([]parquet.Row, 0, parquetBatch)
	for _, rg := range pf.RowGroups() {
		rows := rg.Rows()
		for {
			n, err := rows.ReadRows(buf)
			kept = kept[:0]
			for _, row := range buf[:n] {
				if keep(rowNum) {
					kept = append(kept, row)
				}
				rowNum++
			}
			if len(kept) > 0 {
				if _, werr := w.WriteRows(kept); werr != nil {
					rows.Close()
					return fmt.Errorf("ingest: write parquet: %w", werr)
				}
			}
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				rows.Close()
				return fmt.Errorf("ingest: %s: parquet: %w", srcPath, err)
			}
		}
		rows.Close()
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("ingest: write parquet: %w", err)
	}
	return nil
}

package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/extract"
)

// textFormat reads a whole stream as one document whose id is the file's
// path (relative to the directory walked).
type textFormat struct{}

func (textFormat) Name() string { return "text" }

func (textFormat) Split(ctx context.Context, in *Input, yield func(*Record) error) error {
	return splitWhole(in, "text", decodeText, yield)
}

// splitWhole yields the whole stream as one record, up to
// Options.MaxRecordBytes; a larger file is read to its end, so that
// progress counts it, and skipped.
func splitWhole(in *Input, format string, decode func(*Record) (*rehash.Document, error), yield func(*Record) error) error {
	src := rehash.Source{Path: in.Name, Format: format}
	data, err := io.ReadAll(io.LimitReader(in.R, int64(in.Opts.MaxRecordBytes)+1))
	if err != nil {
		return readError{err}
	}
	if len(data) > in.Opts.MaxRecordBytes {
		n, _ := io.Copy(io.Discard, in.R)
		return yield(failed(src, rehash.SkipMalformed, fmt.Errorf("file of %d bytes exceeds the %d-byte limit", int64(len(data))+n, in.Opts.MaxRecordBytes)))
	}
	return yield(&Record{Raw: data, Source: src, ID: in.IDBase, opts: in.Opts, decode: decode})
}

// decodeText makes a document of a text file. A .txt file that holds HTML
// (a saved page, a fragment) is read as HTML, unless --format text says
// otherwise. A leading "date YYYY-MM-DD title" line, as crawlers write
// above an article, becomes the date and title, and the text starts after
// it.
func decodeText(r *Record) (*rehash.Document, error) {
	if r.opts.Format != "text" && extract.LooksLikeHTML(r.Raw) {
		h := *r
		h.Source.Format = "html"
		return decodeHTML(&h)
	}
	if bytes.IndexByte(r.Raw, 0) >= 0 {
		// UTF-16 text or a binary file named .txt: not text we can read.
		return nil, &rehash.RecordError{Source: r.Source, Reason: rehash.SkipBinary, Err: errors.New("NUL bytes: not a UTF-8 text file")}
	}
	if !utf8.Valid(r.Raw) {
		return nil, &rehash.RecordError{Source: r.Source, Reason: rehash.SkipInvalidUTF8, Err: errors.New("not valid UTF-8")}
	}
	doc := &rehash.Document{
		ID:     r.ID,
		Text:   r.Raw,
		Raw:    r.Raw,
		Source: r.Source,
		Meta:   rehash.Meta{Bytes: int64(len(r.Raw))},
	}
	if date, title, body, ok := extract.DateLine(r.Raw); ok {
		doc.Meta.Date, doc.Meta.Title = date, title
		doc.Text, doc.TextStart = r.Raw[body:], body
	}
	return doc, nil
}

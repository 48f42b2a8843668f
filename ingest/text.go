package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/rehashdev/rehash"
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

// decodeText makes a document of a text file, in its charset (see
// charset.go; a mail header's Content-Type declares one). A .txt file that
// holds HTML (a saved page, a fragment) is read as HTML, unless --format
// text or --content text says otherwise. A leading "date YYYY-MM-DD
// title" line, as crawlers write above an article, becomes the date and
// title, and the text starts after it.
func decodeText(r *Record) (*rehash.Document, error) {
	content := r.opts.Content
	if r.opts.Format == "text" {
		content = ContentText
	}
	if r.opts.Charset == "" && utf16BOM(r.Raw) == "" && bytes.IndexByte(r.Raw, 0) >= 0 {
		// UTF-16 without a BOM, or a binary file named .txt.
		return nil, &rehash.RecordError{Source: r.Source, Reason: rehash.SkipBinary, Err: errors.New("NUL bytes: not a text file (UTF-16 without a byte order mark needs --charset)")}
	}
	doc := &rehash.Document{ID: r.ID, Raw: r.Raw, Source: r.Source, Meta: rehash.Meta{Bytes: int64(len(r.Raw))}}
	html, err := setText(doc, r.Raw, at(0), content, "", r.opts)
	if err != nil {
		return nil, err
	}
	if html {
		doc.Source.Format = "html"
	}
	return doc, nil
}

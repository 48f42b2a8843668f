package ingest

import (
	"cmp"
	"context"
	"errors"
	"unicode/utf8"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/extract"
)

// htmlFormat reads a whole stream as one HTML page and keeps its main text
// (see package extract), with offsets from the text back into the page and
// the metadata the page declares. The id is the file's path, as for text.
type htmlFormat struct{}

func (htmlFormat) Name() string { return "html" }

func (htmlFormat) Split(ctx context.Context, in *Input, yield func(*Record) error) error {
	return splitWhole(in, "html", decodeHTML, yield)
}

func sniffHTML(head []byte) bool { return extract.LooksLikeHTML(head) }

func decodeHTML(r *Record) (*rehash.Document, error) {
	doc := &rehash.Document{ID: r.ID, Raw: r.Raw, Source: r.Source}
	if err := extractHTML(doc, r.Raw, rehash.Span{Start: 0, End: len(r.Raw)}, true, r.opts); err != nil {
		return nil, &rehash.RecordError{Source: r.Source, Reason: htmlSkipReason(err), Err: err}
	}
	doc.Meta.Bytes = int64(len(r.Raw))
	return doc, nil
}

// extractHTML sets doc's Text, Offsets and Meta from the HTML page, which
// came from the bytes at span in doc.Raw: verbatim, or (verbatim false)
// decoded from a transfer or content coding, in which case the offsets can
// only say that the text came from somewhere in span. Metadata doc already
// has wins over what the page says.
func extractHTML(doc *rehash.Document, page []byte, span rehash.Span, verbatim bool, o *Options) error {
	var charsetMap *rehash.OffsetMap
	if conv, m, ok := transcodeHTML(page); ok {
		page, charsetMap = conv, m
		if m == nil {
			verbatim = false
		}
	}
	if !utf8.Valid(page) {
		// extract reads UTF-8; a page in another encoding gives text with
		// replacement characters, which is still worth comparing. Only a
		// page that is mostly not UTF-8 is refused, as text files are.
		if looksBinary(page[:min(len(page), sniffLen)]) {
			return errInvalidUTF8
		}
	}
	res, err := extract.HTML(page, &extract.Options{MaxBytes: o.MaxRecordBytes})
	if err != nil {
		return err
	}
	doc.Text = res.Text
	switch {
	case !verbatim:
		doc.Offsets = coarseMap(len(res.Text), span)
	case res.Offsets == nil:
		doc.Offsets = &rehash.OffsetMap{} // nil would claim Text lies verbatim at TextStart
	case charsetMap != nil:
		// Text -> converted page -> raw page, shifted to the span.
		shift := &rehash.OffsetMap{}
		shift.Add(0, span.Len(), span.Start, span.Len())
		doc.Offsets = res.Offsets.Compose(charsetMap).Compose(shift)
	case span.Start == 0:
		doc.Offsets = res.Offsets
	default:
		shift := &rehash.OffsetMap{}
		shift.Add(0, len(page), span.Start, len(page))
		doc.Offsets = res.Offsets.Compose(shift)
	}
	m := &doc.Meta
	m.Title = cmp.Or(m.Title, res.Meta.Title)
	m.Date = cmp.Or(m.Date, res.Meta.Date)
	m.URL = cmp.Or(m.URL, res.Meta.URL)
	m.Site = cmp.Or(m.Site, res.Meta.Site)
	return nil
}

var errInvalidUTF8 = errors.New("not valid UTF-8")

func htmlSkipReason(err error) rehash.SkipReason {
	switch {
	case errors.Is(err, extract.ErrBinary):
		return rehash.SkipBinary
	case errors.Is(err, errInvalidUTF8):
		return rehash.SkipInvalidUTF8
	}
	return rehash.SkipMalformed
}

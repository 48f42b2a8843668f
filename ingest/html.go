package ingest

import (
	"context"

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
	doc := &rehash.Document{ID: r.ID, Raw: r.Raw, Source: r.Source, Meta: rehash.Meta{Bytes: int64(len(r.Raw))}}
	if _, err := setText(doc, r.Raw, at(0), ContentHTML, "", r.opts); err != nil {
		return nil, err
	}
	return doc, nil
}

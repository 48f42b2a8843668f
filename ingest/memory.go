package ingest

import (
	"context"
	"iter"

	"github.com/rehashdev/rehash"
)

// DocumentRecord returns a record that decodes to a copy of d: how
// documents already in memory enter a pipeline built on records. Raw
// defaults to Text, and Source.Format to "memory"; an empty Text decodes
// as the document it is (the pipeline then skips it as empty).
func DocumentRecord(d rehash.Document) *Record {
	if d.Raw == nil && d.Offsets == nil {
		d.Raw, d.TextStart = d.Text, 0
	}
	if d.Source.Format == "" {
		d.Source.Format = "memory"
	}
	return &Record{Raw: d.Raw, Source: d.Source, ID: d.ID,
		decode: func(*Record) (*rehash.Document, error) { c := d; return &c, nil }}
}

// ReadDocuments calls yield with a record for each document of docs, in
// order, as Read does for inputs (see DocumentRecord).
func ReadDocuments(ctx context.Context, docs iter.Seq[rehash.Document], yield func(*Record) error) error {
	for d := range docs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := yield(DocumentRecord(d)); err != nil {
			return err
		}
	}
	return nil
}

package dedup

import (
	"fmt"
	"io"

	"github.com/rehashdev/rehash/ingest"
)

// WriteKeptParquet writes the deduplicated dataset as Parquet: the kept
// rows of the run's one Parquet input, copied with its schema, in input
// order. It needs every document to come from one Parquet file (else
// ErrOptions); unlike WriteKept it reads the input again instead of the
// spool, so Options.KeepRaw is not needed.
func (r *Result) WriteKeptParquet(w io.Writer) error {
	src := ""
	keep := map[int64]bool{}
	for i, d := range r.Docs {
		if d.Source.Format != "parquet" || (src != "" && d.Source.Path != src) {
			return fmt.Errorf("%w: Parquet output needs exactly one Parquet input (found %s)", ErrOptions, d.Source.Path)
		}
		src = d.Source.Path
		if r.Kept(i) {
			// Parquet records are numbered from 1 by row.
			keep[int64(d.Source.Line-1)] = true
		}
	}
	if src == "" {
		return fmt.Errorf("%w: Parquet output needs a Parquet input", ErrOptions)
	}
	return ingest.WriteParquetSubset(w, src, func(row int64) bool { return keep[row] })
}

package ingest

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// ErrAmbiguousInput reports standard input that looks like a table but
// names none of the columns asked for: read as one text document it would
// be wrong, read as CSV it would have no text. The command says which
// flag settles it.
var ErrAmbiguousInput = errors.New("ingest: cannot tell standard input's format")

// sniffTable tells CSV and TSV on standard input, which has no name to go
// by. A file's name says CSV; a nameless stream is CSV (or TSV) when its
// first lines parse as a table of at least two columns with a consistent
// column count, and its header names the text column (Options.TextField).
// A table whose header does not name it is ambiguous: an error that says
// to give --text-field or --format. JSON, HTML and text that does not
// parse as such a table are left to the other sniffers. Files are not
// sniffed this way: a text file whose lines hold commas is still text.
func sniffTable(head []byte, o *Options) (Format, error) {
	if sniffJSONL(head) || sniffJSONArray(head) || sniffHTML(head) {
		return nil, nil
	}
	if len(head) == sniffLen {
		// Only whole lines: the last one may be cut.
		if i := bytes.LastIndexByte(head, '\n'); i > 0 {
			head = head[:i+1]
		}
	}
	for _, f := range []csvFormat{{"tsv", '\t'}, {"csv", ','}} {
		header, ok := table(head, f.comma)
		if !ok {
			continue
		}
		for _, h := range header {
			if strings.TrimSpace(h) == o.TextField {
				return f, nil
			}
		}
		return nil, fmt.Errorf("%w: it looks like %s with the columns %s but none is %q: give --text-field COLUMN (and --id-field COLUMN) to read it as %s, or --format text to read it as one document",
			ErrAmbiguousInput, strings.ToUpper(f.name), strings.Join(header, ", "), o.TextField, strings.ToUpper(f.name))
	}
	return nil, nil
}

// table parses head as separated values and returns the header when it
// looks like one: at least two rows of the same two or more fields, and
// header fields that read as column names (short, few words), not prose
// that happens to hold the separator.
func table(head []byte, sep rune) ([]string, bool) {
	r := csv.NewReader(bytes.NewReader(head))
	r.Comma = sep
	r.ReuseRecord = false
	var rows [][]string
	for len(rows) < 20 {
		rec, err := r.Read()
		if err != nil {
			// A quoted field cut at the end of the head ends the
			// sample; anything else is not a table.
			if len(rows) < 3 && !errors.Is(err, io.EOF) {
				return nil, false
			}
			break
		}
		rows = append(rows, rec)
	}
	if len(rows) < 2 || len(rows[0]) < 2 {
		return nil, false
	}
	for _, h := range rows[0] {
		h = strings.TrimSpace(h)
		if h == "" || len(h) > 40 || len(strings.Fields(h)) > 3 {
			return nil, false
		}
	}
	return rows[0], true
}

package report

import (
	"bufio"
	"io"
	"strconv"
	"strings"
)

// csvColumns are the columns of the links table as CSV, in the order the
// page's "Export CSV" writes them too (report.js, csvColumns).
var csvColumns = []string{"pair", "a", "b", "relation", "jaccard", "a_in_b", "b_in_a", "cover_a", "cover_b",
	"passages", "source", "family", "template", "date_a", "date_b", "site_a", "site_b", "title_a", "title_b"}

// WriteCSV writes the links of in as CSV, one row a link in the report's
// order (pair is its number in the page, #pair=N), with the scores rounded
// as the page shows them. The page's "Export CSV" button writes the same
// bytes for the list as filtered and sorted.
//
// A field is quoted when it holds a comma, a quote, a line break, or
// starts or ends with a space or a tab; quotes inside are doubled. Lines end
// with \n.
func WriteCSV(w io.Writer, in *Input) error {
	p, err := build(in)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	row := func(fields []string) {
		for i, f := range fields {
			if i > 0 {
				bw.WriteByte(',')
			}
			bw.WriteString(csvField(f))
		}
		bw.WriteByte('\n')
	}
	row(csvColumns)
	num := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	for i, l := range p.Links {
		a, b := p.Docs[l.A], p.Docs[l.B]
		src, fam, tpl := "", "", ""
		switch l.Source {
		case "a":
			src = a.ID
		case "b":
			src = b.ID
		}
		if l.Family != nil {
			fam = p.Docs[*l.Family].ID
		}
		if l.Template {
			tpl = "true"
		}
		row([]string{strconv.Itoa(i + 1), a.ID, b.ID, l.Relation, num(l.Jaccard), num(l.AInB), num(l.BInA),
			num(l.CoverA), num(l.CoverB), strconv.Itoa(len(l.Passages)), src, fam, tpl,
			a.Date, b.Date, a.Site, b.Site, a.Title, b.Title})
	}
	return bw.Flush()
}

// csvField quotes f when a reader could misread it. A field a spreadsheet
// would run as a formula (starting with =, +, -, @, a tab or a carriage
// return: a title is the document's, not ours) gets a leading ' so that it
// is shown as text (OWASP's CSV-injection advice). The numeric columns are
// never negative, so no number is touched.
func csvField(f string) string {
	if f == "" {
		return f
	}
	if strings.IndexByte("=+-@\t\r", f[0]) >= 0 {
		f = "'" + f
	}
	edge := func(c byte) bool { return c == ' ' || c == '\t' }
	if !strings.ContainsAny(f, ",\"\r\n") && !edge(f[0]) && !edge(f[len(f)-1]) {
		return f
	}
	return `"` + strings.ReplaceAll(f, `"`, `""`) + `"`
}

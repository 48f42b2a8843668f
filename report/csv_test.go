package report

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/rehashdev/rehash"
)

// WriteCSV writes one row a link, in the report's order, and quotes what a
// CSV reader would otherwise split or trim; encoding/csv reads it back.
func TestWriteCSV(t *testing.T) {
	in := &Input{
		Docs: []Document{
			{ID: "a", Title: `Rates, "again"`, Date: "2024-03-01", Site: " Wire"},
			{ID: "b", Title: "two\nlines", Site: "Blog"},
		},
		Links: []rehash.Link{{A: "a", B: "b", Relation: rehash.Contains, Jaccard: 0.123456, AInB: 1, BInA: 0.5,
			Source: "a", Family: "a", Template: true}},
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, in); err != nil {
		t.Fatal(err)
	}
	want := strings.Join(csvColumns, ",") + "\n" +
		`1,a,b,contains,0.1235,1,0.5,0,0,0,a,a,true,2024-03-01,," Wire",Blog,"Rates, ""again""","two` + "\n" + `lines"` + "\n"
	if got := buf.String(); got != want {
		t.Fatalf("WriteCSV:\n%s\nwant:\n%s", got, want)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[1][15] != " Wire" || rows[1][17] != `Rates, "again"` || rows[1][18] != "two\nlines" {
		t.Errorf("read back: %q", rows)
	}
}

// A field a spreadsheet would run as a formula is written as text: a
// leading ' (and quotes where the field needs them); other fields, and the
// numbers, are as they were.
func TestCSVFieldFormula(t *testing.T) {
	for in, want := range map[string]string{
		`=HYPERLINK("http://x","y")`: `"'=HYPERLINK(""http://x"",""y"")"`,
		"+1 555":                     "'+1 555",
		"-cmd":                       "'-cmd",
		"@SUM(A1)":                   "'@SUM(A1)",
		"\tTab":                      "'\tTab",
		"Rates = 2%":                 "Rates = 2%",
		"0.1235":                     "0.1235",
		"":                           "",
	} {
		if got := csvField(in); got != want {
			t.Errorf("csvField(%q) = %q, want %q", in, got, want)
		}
	}
}

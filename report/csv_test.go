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

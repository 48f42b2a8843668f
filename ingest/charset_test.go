package ingest

import (
	"bytes"
	"strings"
	"testing"

	"github.com/rehashdev/rehash"
)

// A Windows-1252 page keeps its accented letters, and the offsets of a word
// still point at its bytes in the raw page.
func TestLegacyCharsetHTML(t *testing.T) {
	page := []byte("<html><head><meta charset=\"windows-1252\"><title>Caf\xe9</title></head><body>" +
		"<p>The caf\xe9 on the quay re-opened on Monday after the storm, its owner said, with a new terrace facing the harbour.</p>" +
		"<p>Customers queued from seven in the morning for the first coffee of the season \x96 a tradition since 1962.</p></body></html>")
	rec := &Record{Raw: page, Source: rehash.Source{Path: "p.html", Format: "html"}, ID: "p.html", opts: (&Options{}).withDefaults(), decode: decodeHTML}
	doc, err := rec.Document()
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc.Text)
	if !strings.Contains(text, "The café on the quay") || !strings.Contains(text, "season – a tradition") {
		t.Fatalf("text not converted: %q", text)
	}
	i := strings.Index(text, "café")
	sp := doc.Offsets.Source(rehash.Span{Start: i, End: i + len("café")})
	if got := page[sp.Start:sp.End]; !bytes.Equal(got, []byte("caf\xe9")) {
		t.Errorf("café maps to raw %q", got)
	}
}

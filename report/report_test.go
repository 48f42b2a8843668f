package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rehashdev/rehash"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func write(t *testing.T, in *Input) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, in); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// dataOf extracts and decodes the JSON payload of a report.
func dataOf(t *testing.T, page string) *payload {
	t.Helper()
	const open = `<script type="application/json" id="rehash-data">`
	i := strings.Index(page, open)
	if i < 0 {
		t.Fatal("no data element")
	}
	rest := page[i+len(open):]
	j := strings.Index(rest, "</script>")
	var p payload
	if err := json.Unmarshal([]byte(rest[:j]), &p); err != nil {
		t.Fatalf("payload: %v", err)
	}
	return &p
}

func TestWriteStructure(t *testing.T) {
	page := write(t, fixtureInput(t))
	for _, want := range []string{
		"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">",
		"<title>Ferry coverage, March 2024</title>",
		"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src '" + scriptHash + "';",
		"<main id=\"app\"><noscript>",
		"</script>\n</body>\n</html>\n",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	// Exactly two scripts (the data and the code) and one stylesheet, all
	// inline: nothing is fetched.
	if n := strings.Count(page, "<script"); n != 2 {
		t.Errorf("%d <script> elements, want 2", n)
	}
	if n := strings.Count(page, "</script>"); n != 2 {
		t.Errorf("%d </script>, want 2", n)
	}
	if n := strings.Count(page, "<style>"); n != 1 {
		t.Errorf("%d <style> elements, want 1", n)
	}
	for _, re := range []string{`(?i)<[a-z]+[^<>]*\ssrc\s*=`, `(?i)<link\b`, `(?i)https?://`, `(?i)@import`, `(?i)\burl\(`} {
		if m := regexp.MustCompile(re).FindString(page); m != "" {
			t.Errorf("the page refers to something outside it: %q", m)
		}
	}
	p := dataOf(t, page)
	if len(p.Docs) != 5 || len(p.Links) != 4 || len(p.Clusters) != 1 {
		t.Errorf("payload has %d docs, %d links, %d clusters; want 5, 4, 1", len(p.Docs), len(p.Links), len(p.Clusters))
	}
	if p.Links[0].Source != "a" || p.Links[0].Why != "earlier date" {
		t.Errorf("link 1 source %q why %q", p.Links[0].Source, p.Links[0].Why)
	}
}

// The embedded assets must not end their own elements.
func TestAssets(t *testing.T) {
	if strings.Contains(strings.ToLower(script), "</script") || strings.Contains(script, "<!--") {
		t.Error("report.js contains </script or <!--")
	}
	if strings.Contains(strings.ToLower(css), "</style") {
		t.Error("report.css contains </style")
	}
	if strings.Contains(script, "innerHTML") || strings.Contains(script, "insertAdjacentHTML") || strings.Contains(script, "document.write") {
		t.Error("report.js writes markup: text must reach the page as text nodes")
	}
}

// Hostile ids, titles and texts stay data: they cannot end the data
// element, open a tag or run a handler, and they come back unchanged.
func TestWriteEscaping(t *testing.T) {
	const (
		id    = `</script><script>alert(1)</script>`
		title = `<img src=x onerror="alert(2)"> & <b>bold</b>`
		text  = "before </script><!-- <script>alert(3)</script> \u2028 <img src=x onerror=alert(4)> after"
	)
	in := &Input{
		Title: `</title><script>alert(5)</script>`,
		Docs:  []Document{{ID: id, Title: title, Text: text}, {ID: "plain", Text: "before and after"}},
		Links: []rehash.Link{{A: id, B: "plain", Relation: `</script>"`, Why: `<!--`,
			Passages: []rehash.Passage{{TextA: rehash.Span{Start: 0, End: 6}, TextB: rehash.Span{Start: 0, End: 6}}}}},
		Clusters: []Cluster{{Keep: id, Members: []Member{{ID: id, Similarity: 1}, {ID: "plain", Similarity: 0.9}}}},
	}
	page := write(t, in)
	if n := strings.Count(page, "</script>"); n != 2 {
		t.Errorf("%d </script> in the page, want 2 (the data and the code)", n)
	}
	for _, bad := range []string{"<img", "<script>alert", "<b>", "<!--", "\u2028", "</title><script>"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page contains %q unescaped", bad)
		}
	}
	if !strings.Contains(page, "<title>&lt;/title&gt;&lt;script&gt;alert(5)&lt;/script&gt;</title>") {
		t.Error("the title is not escaped in <title>")
	}
	p := dataOf(t, page)
	if p.Docs[0].ID != id || p.Docs[0].Title != title || p.Docs[0].Text != text || p.Links[0].Relation != `</script>"` {
		t.Errorf("hostile strings did not survive the round trip: %+v", p.Docs[0])
	}
}

func TestWriteDeterministic(t *testing.T) {
	a, b := write(t, fixtureInput(t)), write(t, fixtureInput(t))
	if a != b {
		t.Fatal("two writes of the same input differ")
	}
	s1, s2 := write(t, syntheticInput(300)), write(t, syntheticInput(300))
	if s1 != s2 {
		t.Fatal("two writes of the same synthetic input differ")
	}
}

// TestPayloadGolden holds the payload of the fixture, the part of the
// output that is data rather than page code. Run with -update to rewrite.
func TestPayloadGolden(t *testing.T) {
	p, err := build(fixtureInput(t))
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	golden := filepath.Join("testdata", "fixture.golden.json")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("payload differs from %s; run go test ./report -update and review the diff", golden)
	}
}

// Passage offsets are bytes of UTF-8 in the input and UTF-16 units in the
// page.
func TestPassageOffsets(t *testing.T) {
	// "a£b🌊c": a 0, £ 1-2, b 3, 🌊 4-7, c 8; UTF-16: a 0, £ 1, b 2, 🌊 3-4, c 5.
	const text = "a£b🌊c"
	cases := []struct {
		name    string
		span    rehash.Span
		maxText int
		want    [2]int
	}{
		{"ascii", rehash.Span{Start: 0, End: 1}, 0, [2]int{0, 1}},
		{"two-byte", rehash.Span{Start: 1, End: 3}, 0, [2]int{1, 2}},
		{"surrogate pair", rehash.Span{Start: 4, End: 8}, 0, [2]int{3, 5}},
		{"to the end", rehash.Span{Start: 3, End: 9}, 0, [2]int{2, 6}},
		{"inside characters widens", rehash.Span{Start: 2, End: 5}, 0, [2]int{1, 5}},
		{"empty", rehash.Span{Start: 3, End: 3}, 0, [2]int{2, 2}},
		{"inverted", rehash.Span{Start: 5, End: 3}, 0, [2]int{-1, -1}},
		{"negative", rehash.Span{Start: -1, End: 3}, 0, [2]int{-1, -1}},
		{"past the text", rehash.Span{Start: 3, End: 10}, 0, [2]int{-1, -1}},
		{"clipped at the cut", rehash.Span{Start: 0, End: 9}, 6, [2]int{0, 3}},
		{"beyond the cut", rehash.Span{Start: 8, End: 9}, 6, [2]int{-1, -1}},
		{"starts at the cut", rehash.Span{Start: 4, End: 9}, 6, [2]int{-1, -1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := &Input{MaxText: c.maxText,
				Docs:  []Document{{ID: "x", Text: text}, {ID: "y", Text: "abc"}},
				Links: []rehash.Link{{A: "x", B: "y", Passages: []rehash.Passage{{TextA: c.span, TextB: rehash.Span{Start: 0, End: 3}, WordsA: 7}}}}}
			p, err := build(in)
			if err != nil {
				t.Fatal(err)
			}
			ps := p.Links[0].Passages[0]
			if got := [2]int{ps[0], ps[1]}; got != c.want {
				t.Errorf("side A = %v, want %v", got, c.want)
			}
			if ps[2] != 0 || ps[3] != 3 || ps[4] != 7 {
				t.Errorf("side B or words = %v", ps)
			}
		})
	}
}

func TestMaxText(t *testing.T) {
	long := strings.Repeat("é", 100) // 200 bytes
	p, err := build(&Input{MaxText: 51, Docs: []Document{{ID: "x", Text: long}, {ID: "y", Text: "short"}}})
	if err != nil {
		t.Fatal(err)
	}
	if d := p.Docs[0]; len(d.Text) != 50 || !d.Cut || d.Bytes != 200 {
		t.Errorf("cut doc: %d bytes shown, cut %v, bytes %d; want 50, true, 200", len(d.Text), d.Cut, d.Bytes)
	}
	if d := p.Docs[1]; d.Cut || d.Text != "short" {
		t.Errorf("short doc changed: %+v", d)
	}
	p, _ = build(&Input{MaxText: -1, Docs: []Document{{ID: "x", Text: long}}})
	if p.Docs[0].Cut || len(p.Docs[0].Text) != 200 {
		t.Error("MaxText -1 cut the text")
	}
	p, _ = build(&Input{Docs: []Document{{ID: "x", Text: strings.Repeat("a", DefaultMaxText+10)}}})
	if !p.Docs[0].Cut || len(p.Docs[0].Text) != DefaultMaxText {
		t.Errorf("default cap: %d bytes, cut %v", len(p.Docs[0].Text), p.Docs[0].Cut)
	}
}

// Ids that no document carries still show, marked missing, and their
// passages are not highlighted; the first of two documents with one id wins.
func TestMissingAndDuplicateDocs(t *testing.T) {
	p, err := build(&Input{
		Docs:     []Document{{ID: "a", Text: "first"}, {ID: "a", Text: "second"}},
		Links:    []rehash.Link{{A: "a", B: "ghost", Passages: []rehash.Passage{{TextA: rehash.Span{Start: 0, End: 5}, TextB: rehash.Span{Start: 0, End: 5}}}}},
		Clusters: []Cluster{{Keep: "a", Members: []Member{{ID: "a", Similarity: 1}, {ID: "phantom", Similarity: 0.8}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Docs) != 3 || p.Docs[0].Text != "first" || !p.Docs[1].Missing || p.Docs[1].ID != "phantom" || !p.Docs[2].Missing {
		t.Errorf("docs = %+v", p.Docs)
	}
	if ps := p.Links[0].Passages[0]; ps[0] != 0 || ps[1] != 5 || ps[2] != -1 || ps[3] != -1 {
		t.Errorf("passage = %v, want [0 5 -1 -1 ...]", ps)
	}
}

func TestWriteErrors(t *testing.T) {
	if err := Write(&bytes.Buffer{}, nil); !errors.Is(err, ErrInput) {
		t.Errorf("nil input: %v, want ErrInput", err)
	}
	if err := Write(&bytes.Buffer{}, &Input{Clusters: []Cluster{{Keep: "a"}}}); !errors.Is(err, ErrInput) {
		t.Errorf("empty cluster: %v, want ErrInput", err)
	}
	// An empty report is a valid page.
	page := write(t, &Input{})
	if p := dataOf(t, page); p.Docs == nil || p.Links == nil || p.Clusters == nil || p.Title != "rehash report" {
		t.Errorf("empty payload = %+v", p)
	}
}

func BenchmarkWrite5000(b *testing.B) {
	in := syntheticInput(5000)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := Write(&buf, in); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}

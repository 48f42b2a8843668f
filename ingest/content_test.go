package ingest_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/dedup"
	"github.com/rehashdev/rehash/ingest"
)

// ferryArticle is written for these tests.
var ferryArticle = []string{
	"The island ferry will run twice a day through the winter for the first time in twenty years, the harbour board decided on Thursday after a long and sometimes bitter meeting in the school hall.",
	"Until now the boat has stopped in October and started again at Easter, leaving the three hundred people who live on the island with a weekly supply boat and, in bad weather, nothing at all.",
	"The board's chair said the new timetable would cost about as much as the summer service, because the smaller boat bought last year burns half the fuel of the old one and needs a crew of two.",
	"Shopkeepers on the mainland welcomed the decision, saying islanders had long done their Christmas shopping by post, while the island school expects to keep its two teachers now that families can commute.",
	"Not everyone was pleased. A fisherman who has crossed the strait in his own boat for forty years said the ferry would bring day trippers, litter and parking problems to a quay that was never built for them.",
	"The first winter crossing is planned for the second Monday of November, weather permitting, and tickets will cost the same as in summer, with a discount for residents who show their island card.",
}

// ferryPage wraps the article in a page with the navigation, share
// buttons and footer that a site repeats on every page.
func ferryPage() string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Winter ferry approved | The Strait Gazette</title>` +
		`<meta property="og:title" content="Winter ferry approved"></head><body>` +
		`<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li>` +
		`<li><a href="/weather">Weather</a></li><li><a href="/contact">Contact us</a></li></ul></nav></header>` +
		`<main><article><h1>Winter ferry approved</h1><p class="byline">By the harbour reporter</p>`)
	for _, p := range ferryArticle {
		b.WriteString("<p>" + p + "</p>\n")
	}
	b.WriteString(`</article><aside><h2>Most read</h2><ul><li><a href="/a">Lighthouse keeper retires</a></li>` +
		`<li><a href="/b">School play sells out</a></li></ul></aside></main>` +
		`<footer><p>Share this story: <a href="/s/fb">Facebook</a> <a href="/s/x">X</a> <a href="/s/mail">Email</a></p>` +
		`<p>© The Strait Gazette. All rights reserved. Privacy policy. Cookie settings. Terms of use.</p></footer></body></html>`)
	return b.String()
}

// TestHTMLInFields puts the same HTML article in a file and in a JSONL, a
// CSV and a Parquet field, next to the article as plain text: every copy
// of the page must extract to the same text (exact duplicates of the
// file), and each must score the same Jaccard against the plain text
// (within 0.01), all in one cluster.
func TestHTMLInFields(t *testing.T) {
	page := ferryPage()
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// json.Marshal escapes <, > and & as \u003c...: the offsets must map
	// through those escapes too.
	line, err := json.Marshal(map[string]string{"id": "jsonl", "text": page, "date": "2-MAR-1987"})
	if err != nil {
		t.Fatal(err)
	}
	var cb bytes.Buffer
	cw := csv.NewWriter(&cb)
	cw.WriteAll([][]string{{"id", "text"}, {"csv", page}})
	type row struct {
		ID   string `parquet:"id"`
		Text string `parquet:"text"`
	}
	var pb bytes.Buffer
	if err := parquet.Write(&pb, []row{{"parquet", page}}); err != nil {
		t.Fatal(err)
	}
	paths := []string{
		write("plain.txt", []byte(strings.Join(ferryArticle, "\n\n")+"\n")),
		write("page.html", []byte(page)),
		write("a.jsonl", append(line, '\n')),
		write("a.csv", cb.Bytes()),
		write("a.parquet", pb.Bytes()),
	}
	res, err := dedup.Run(context.Background(), paths, &dedup.Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer res.Close()
	if len(res.Docs) != 5 {
		t.Fatalf("%d documents, want 5", len(res.Docs))
	}
	want := res.Docs[1].Similarity // the HTML file against the plain text
	t.Logf("Jaccard of the page file to the plain text: %.3f", want)
	if want < 0.8 {
		t.Errorf("the page file scores %.3f against its text: extraction lost the article", want)
	}
	for i, d := range res.Docs {
		if d.Rep != 0 {
			t.Errorf("%s is in the cluster of %d, want the plain text's", d.ID, d.Rep)
		}
		if math.Abs(d.Similarity-want) > 0.01 && i > 0 {
			t.Errorf("%s scores %.3f against the plain text, the HTML file %.3f", d.ID, d.Similarity, want)
		}
	}
	if res.Docs[2].Meta.Title != "Winter ferry approved" || res.Docs[2].Meta.Date != "2-MAR-1987" {
		t.Errorf("JSONL meta %+v: want the page's title and the record's date", res.Docs[2].Meta)
	}

	// The texts are the file's, and each record's passages point into
	// its own raw bytes: the words of the first paragraph lie in the raw
	// record at the place the offsets say.
	var file []byte
	for _, p := range paths[1:] {
		doc := firstDoc(t, p)
		if file == nil {
			file = doc.Text
		} else if !bytes.Equal(doc.Text, file) {
			t.Errorf("%s: text differs from the page file's:\n%q\n%q", p, doc.Text, file)
		}
		word := "harbour board decided"
		i := bytes.Index(doc.Text, []byte(word))
		if i < 0 || doc.Offsets == nil {
			t.Fatalf("%s: %q not in the text, or no offsets", p, word)
		}
		sp := doc.Offsets.Source(rehash.Span{Start: i, End: i + len(word)})
		if got := string(doc.Raw[sp.Start:sp.End]); got != word {
			t.Errorf("%s: %q maps to raw %q", p, word, got)
		}
	}

	// --content text reads the fields as they are: markup and all.
	res2, err := dedup.Run(context.Background(), paths[:3], &dedup.Options{Workers: 1, Ingest: &ingest.Options{Content: ingest.ContentText}})
	if err != nil {
		t.Fatal(err)
	}
	defer res2.Close()
	t.Logf("--content text: JSONL page in cluster %d, Jaccard %.3f", res2.Docs[2].Rep, res2.Docs[2].Similarity)
	if s := res2.Docs[2].Similarity; res2.Docs[2].Rep == 0 && s > want-0.1 {
		t.Errorf("--content text: the JSONL page scores %.3f against the plain text; markup should lower it", s)
	}
}

func firstDoc(t *testing.T, path string) *rehash.Document {
	t.Helper()
	var doc *rehash.Document
	err := ingest.Read(context.Background(), []string{path}, nil, func(r *ingest.Record) error {
		if doc != nil {
			return nil
		}
		d, err := r.Document()
		doc = d
		return err
	})
	if err != nil || doc == nil {
		t.Fatalf("%s: %v", path, err)
	}
	return doc
}

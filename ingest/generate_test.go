package ingest

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the binary fixtures in testdata")

// Paragraphs written for the fixtures. storyB repeats storyA with one word
// changed, so a deduplicator must find them; storyC is unrelated.
const (
	storyA = "The harbour town of Kellwick voted on Monday to rebuild its old stone pier, which storms have battered for three winters running. " +
		"Fishermen packed the hall to hear the engineers explain how the new pier would rest on deeper piles and carry a wider road for the market trucks. " +
		"The mayor said the work would start in spring and finish before the herring season, if the weather allows."
	storyB = "The harbour town of Kellwick voted on Monday to rebuild its old stone pier, which storms have battered for three winters running. " +
		"Fishermen filled the hall to hear the engineers explain how the new pier would rest on deeper piles and carry a wider road for the market trucks. " +
		"The mayor said the work would start in spring and finish before the herring season, if the weather allows."
	storyC = "A small observatory in the hills above Darnford has catalogued its ten thousandth variable star, a milestone reached by volunteers " +
		"who take turns at the telescope on clear nights. The director thanked the school groups whose careful notes made the long survey possible."
)

// fixtures are the binary inputs of the CLI scenarios in
// cmd/rehash/testdata/script, which copy them from $REHASH_FIXTURES. Each
// holds storyA, storyB (a near duplicate) and storyC, under the ids
// a, b and c where the format has ids.
func fixtures(t testing.TB) map[string][]byte {
	html := func(title, body string) string {
		return "<!doctype html><html><head><title>" + title + "</title></head><body><article><h1>" + title + "</h1><p>" + body + "</p></article></body></html>"
	}
	warc := warcRecord("warcinfo", "", "application/warc-fields", "software: rehash fixtures\r\n")
	for _, d := range [][2]string{{"a", storyA}, {"b", storyB}, {"c", storyC}} {
		uri := "http://news.example/" + d[0]
		warc += warcRecord("request", uri, "application/http; msgtype=request", "GET /"+d[0]+" HTTP/1.1\r\nHost: news.example\r\n\r\n")
		warc += warcRecord("response", uri, "application/http; msgtype=response", httpResponse(200, "text/html; charset=utf-8", html("Story "+d[0], d[1])))
	}
	members := strings.SplitAfter(warc, "\r\n\r\nWARC/")
	rows := []parquetRow{
		{ID: "a", Text: storyA, Title: "Pier", Score: 1},
		{ID: "b", Text: storyB, Title: "Pier again", Score: 2},
		{ID: "c", Text: storyC, Title: "Stars", Score: 3, Tags: []string{"science"}},
	}
	files := [][2]string{
		{"news/a.txt", "date 2024-05-06 Pier vote\n\n" + storyA + "\n"},
		{"news/b.html", html("Pier vote", storyB)},
		{"news/c.jsonl", `{"id":"c","text":"` + storyC + `"}` + "\n"},
	}
	tr := tarFile(t, files...)
	return map[string][]byte{
		"news.warc.gz":  gzipMembers(t, members...),
		"news.parquet":  parquetFile(t, rows, 2),
		"news.tar.gz":   gzipMembers(t, string(tr)),
		"news.zip":      zipFile(t, files...),
		"news.jsonl.gz": gzipMembers(t, `{"id":"a","text":"`+storyA+`"}`+"\n"+`{"id":"b","text":"`+storyB+`"}`+"\n"+`{"id":"c","text":"`+storyC+`"}`+"\n"),
		"truncated.gz":  gzipMembers(t, strings.Repeat(storyA+"\n", 50))[:200],
		"binary.dat":    {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0},
	}
}

// TestGenerateFixtures checks the binary fixtures in testdata against the
// code that makes them; with -update it rewrites them.
func TestGenerateFixtures(t *testing.T) {
	for name, want := range fixtures(t) {
		path := filepath.Join("testdata", filepath.FromSlash(name))
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./ingest -run TestGenerateFixtures -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale (run go test ./ingest -run TestGenerateFixtures -update)", path)
		}
	}
}

// TestFixturesRead reads every fixture, so that the CLI scenarios start
// from inputs known to decode.
func TestFixturesRead(t *testing.T) {
	for _, name := range []string{"news.warc.gz", "news.parquet", "news.tar.gz", "news.zip", "news.jsonl.gz"} {
		t.Run(name, func(t *testing.T) {
			rs, err := readPath(t, filepath.Join("testdata", name), nil)
			if err != nil {
				t.Fatal(err)
			}
			var texts []string
			for _, r := range rs {
				if r.err != nil {
					t.Fatalf("record error %v", r.err)
				}
				texts = append(texts, strings.TrimSpace(string(r.doc.Text)))
			}
			all := strings.Join(texts, "\n")
			for _, s := range []string{storyA, storyB, storyC} {
				if !strings.Contains(all, s) {
					t.Errorf("%.30q... not read; got %q", s, texts)
				}
			}
		})
	}
}

package ingest_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/evidence"
	"github.com/rehashdev/rehash/ingest"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/unicode"
)

// westernArticle is written for these tests: accented letters, typographic
// dashes and quotes, a euro sign, all of which windows-1252 encodes.
const westernArticle = `The Café Rüdiger on the harbour front re-opened on Monday after the winter storm,
its owner Zoë Lefèvre said, with a new terrace facing the lighthouse – and a menu that still
lists the crêpes her grandmother sold for 2 € in the summer of 1962. “We lost the awning, two
windows and most of the garden,” she said, “but the oven survived, and so did the regulars.”
Builders from the next village worked through the Easter weekend to replace the façade, and the
harbour master lent the café a crane to lift the new beams. Customers queued from seven in the
morning for the first coffee of the season; by noon the naïve paintings that hang above the
counter had been rehung, each one a view of the quay in a different year. The town council has
promised to rebuild the sea wall before the autumn tides, a project estimated at €1.4 million.
`

// japaneseArticle is written for these tests, in characters Shift-JIS
// encodes.
const japaneseArticle = `港町の小さな図書館が、冬の嵐で壊れた屋根の修理を終えて月曜日に再開した。
館長によると、浸水した本はおよそ三百冊で、そのうち半分は地元の人々の手で乾かされ、元の棚に戻された。
再開の日には朝早くから子供たちが列を作り、新しく作られた読書室で絵本を読んだ。
町の議会は、秋の高潮の前に海沿いの壁を作り直すことを約束している。
図書館の窓からは灯台が見え、天気の良い日には遠くの島まで見渡すことができる。
`

func encode(t *testing.T, enc encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readOnly(t *testing.T, path string, opts *ingest.Options) *rehash.Document {
	t.Helper()
	var doc *rehash.Document
	err := ingest.Read(context.Background(), []string{path}, opts, func(r *ingest.Record) error {
		d, err := r.Document()
		if err != nil {
			return err
		}
		doc = d
		return nil
	})
	if err != nil || doc == nil {
		t.Fatalf("%s: %v", path, err)
	}
	return doc
}

var tags = regexp.MustCompile(`<[^>]*>`)

// TestCharsetTwinsCompare writes each text in UTF-8 and in a legacy
// charset, and compares the two as "rehash compare" does: they must be
// identical, and every passage's byte range in the legacy file, decoded,
// must hold the words of the passage.
func TestCharsetTwinsCompare(t *testing.T) {
	page := func(charset, body string) string {
		return "<!DOCTYPE html>\n<html><head><meta charset=\"" + charset + "\"><title>図書館</title></head>\n<body><article><h1>図書館の再開</h1>\n<p>" +
			strings.ReplaceAll(strings.TrimSpace(body), "\n", "</p>\n<p>") + "</p></article></body></html>\n"
	}
	utf16 := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	for _, tc := range []struct {
		name      string
		utf8, raw []byte
		enc       encoding.Encoding
		ext       string
		charset   string
	}{
		{"windows-1252 text", []byte(westernArticle), encode(t, charmap.Windows1252, westernArticle), charmap.Windows1252, ".txt", "windows-1252"},
		{"UTF-16 text with BOM", []byte(westernArticle), encode(t, utf16, westernArticle), unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "", "utf-16le"},
		{"Shift-JIS HTML", []byte(page("utf-8", japaneseArticle)), encode(t, japanese.ShiftJIS, page("Shift_JIS", japaneseArticle)), japanese.ShiftJIS, ".html", "shift_jis"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			pa, pb := filepath.Join(dir, "utf8"+tc.ext), filepath.Join(dir, "legacy"+tc.ext)
			if err := os.WriteFile(pa, tc.utf8, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(pb, tc.raw, 0o644); err != nil {
				t.Fatal(err)
			}
			da, db := readOnly(t, pa, nil), readOnly(t, pb, nil)
			if db.Meta.Charset != tc.charset || da.Meta.Charset != "" {
				t.Fatalf("charsets %q and %q, want \"\" and %q", da.Meta.Charset, db.Meta.Charset, tc.charset)
			}
			if string(da.Text) != string(db.Text) {
				t.Fatalf("texts differ:\n%q\n%q", da.Text, db.Text)
			}
			al, err := evidence.New(nil)
			if err != nil {
				t.Fatal(err)
			}
			l := al.Compare(al.Prepare(da), al.Prepare(db))
			if l.Relation != rehash.Exact || l.Jaccard != 1 || len(l.Passages) == 0 {
				t.Fatalf("relation %s, Jaccard %v, %d passages; want exact", l.Relation, l.Jaccard, len(l.Passages))
			}
			checkPassages(t, l, tc.utf8, da, tc.raw, db, tc.enc)

			// An excerpt from the middle: the passage must start and end
			// inside the legacy file, at the right bytes.
			lines := strings.Split(string(da.Text), "\n")
			excerpt := strings.Join(lines[2:4], "\n")
			pe := filepath.Join(dir, "excerpt.txt")
			if err := os.WriteFile(pe, []byte(excerpt), 0o644); err != nil {
				t.Fatal(err)
			}
			de := readOnly(t, pe, nil)
			l = al.Compare(al.Prepare(de), al.Prepare(db))
			if l.Relation != rehash.ContainedIn || len(l.Passages) == 0 || l.Passages[0].B.Start == 0 {
				t.Fatalf("excerpt: relation %s, %d passages; want contained-in, in the middle", l.Relation, len(l.Passages))
			}
			checkPassages(t, l, []byte(excerpt), de, tc.raw, db, tc.enc)
		})
	}
}

// checkPassages checks that each passage's raw byte ranges, decoded and
// stripped of tags, hold the words of the passage's text on both sides.
func checkPassages(t *testing.T, l rehash.Link, rawA []byte, da *rehash.Document, rawB []byte, db *rehash.Document, enc encoding.Encoding) {
	t.Helper()
	dec := enc.NewDecoder()
	for _, p := range l.Passages {
		b, err := dec.Bytes(rawB[p.B.Start:p.B.End])
		if err != nil {
			t.Fatal(err)
		}
		for _, side := range []struct {
			name, raw string
			text      []byte
		}{
			{"A (utf-8)", string(rawA[p.A.Start:p.A.End]), da.Text[p.TextA.Start:p.TextA.End]},
			{"B (" + db.Meta.Charset + ")", string(b), db.Text[p.TextB.Start:p.TextB.End]},
		} {
			got := strings.Fields(tags.ReplaceAllString(side.raw, " "))
			want := strings.Fields(string(side.text))
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("%s: the raw bytes of the passage hold %q,\nwant %q", side.name, got, want)
			}
		}
	}
}

package evidence

import (
	"context"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/ingest"
)

// seedsDir holds the project's five real seed articles beside the
// repository; the tests that read them skip when it is absent.
const seedsDir = "../../shared/seeds"

// readDocs reads every document under paths, keyed by the first three
// characters of the file name ("000".."004"), or by the whole id.
func readDocs(t testing.TB, paths ...string) map[string]*rehash.Document {
	t.Helper()
	docs := map[string]*rehash.Document{}
	err := ingest.Read(context.Background(), paths, nil, func(r *ingest.Record) error {
		d, err := r.Document()
		if err != nil {
			return err
		}
		docs[d.ID] = d
		if base := filepath.Base(d.ID); len(base) > 3 {
			docs[base[:3]] = d
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

func compareDocs(t testing.TB, al *Aligner, a, b *rehash.Document) rehash.Link {
	t.Helper()
	return al.Compare(al.Prepare(a), al.Prepare(b))
}

func TestSeedRelations(t *testing.T) {
	if _, err := os.Stat(seedsDir); err != nil {
		t.Skipf("seed articles not found at %s", seedsDir)
	}
	docs := readDocs(t, seedsDir)
	al, _ := New(nil)
	want := map[[2]string][]rehash.Relation{
		{"000", "004"}: {rehash.NearDuplicate},
		{"001", "004"}: {rehash.PartialReuse, rehash.Contains},
		{"001", "000"}: {rehash.PartialReuse, rehash.Contains},
		{"003", "001"}: {rehash.Excerpt},
		{"003", "004"}: {rehash.Excerpt},
		{"003", "000"}: {rehash.Excerpt},
		{"002", "000"}: {rehash.Unrelated},
		{"002", "001"}: {rehash.Unrelated},
		{"002", "003"}: {rehash.Unrelated},
		{"002", "004"}: {rehash.Unrelated},
	}
	for pair, rels := range want {
		l := compareDocs(t, al, docs[pair[0]], docs[pair[1]])
		t.Logf("%s-%s: %s J=%.2f cover %.2f/%.2f, %d passages, source %q (%s)", pair[0], pair[1], l.Relation, l.Jaccard, l.CoverA, l.CoverB, len(l.Passages), l.Source, l.Why)
		for _, p := range l.Passages {
			t.Logf("   %d/%d words: %q", p.WordsA, p.WordsB, docs[pair[0]].Text[p.TextA.Start:p.TextA.End])
		}
		ok := false
		for _, r := range rels {
			ok = ok || l.Relation == r
		}
		if !ok {
			t.Errorf("%s-%s: relation %s, want one of %v", pair[0], pair[1], l.Relation, rels)
		}
		a, b := docs[pair[0]], docs[pair[1]]
		switch pair {
		case [2]string{"001", "004"}, [2]string{"001", "000"}:
			// The shared paragraphs, one passage or more each.
			if len(l.Passages) < 4 || l.CoverB < 0.7 {
				t.Errorf("%s-%s: %d passages covering %.2f of %s", pair[0], pair[1], len(l.Passages), l.CoverB, pair[1])
			}
		case [2]string{"003", "001"}:
			// The reused quotes of the message: passages holding a
			// quotation mark on both sides.
			quotes := 0
			for _, p := range l.Passages {
				if hasQuote(a.Text[p.TextA.Start:p.TextA.End]) && hasQuote(b.Text[p.TextB.Start:p.TextB.End]) {
					quotes++
				}
			}
			if quotes < 1 || len(l.Passages) < 3 {
				t.Errorf("003-001: %d passages, %d with quotes", len(l.Passages), quotes)
			}
		}
	}
}

func hasQuote(b []byte) bool { return strings.ContainsAny(string(b), "\"“”") }

// TestSeedRawOffsets: passages of the HTML seed (000) point into its raw
// HTML bytes; the bytes there, with tags dropped and entities decoded,
// hold the passage's text.
func TestSeedRawOffsets(t *testing.T) {
	if _, err := os.Stat(seedsDir); err != nil {
		t.Skipf("seed articles not found at %s", seedsDir)
	}
	docs := readDocs(t, seedsDir)
	al, _ := New(nil)
	l := compareDocs(t, al, docs["000"], docs["004"])
	if len(l.Passages) == 0 {
		t.Fatal("no passages between 000 and 004")
	}
	raw := docs["000"].Raw
	for _, p := range l.Passages {
		text := string(docs["000"].Text[p.TextA.Start:p.TextA.End])
		got := stripTags(html.UnescapeString(string(raw[p.A.Start:p.A.End])))
		if collapse(got) != collapse(text) {
			t.Errorf("raw %v does not hold the passage:\n raw  %q\n text %q", p.A, got, text)
		}
	}
}

func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

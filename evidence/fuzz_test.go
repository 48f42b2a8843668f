package evidence

import (
	"slices"
	"testing"

	"github.com/rehashdev/rehash"
)

// FuzzAlign aligns two texts drawn from a small vocabulary, so that
// seeds, edits and repeats are common, and checks what callers rely on:
// no panic, passages inside both texts and long enough, in A's order,
// byte spans inside Text and Raw, and the same answer twice.
func FuzzAlign(f *testing.F) {
	f.Add([]byte("abcdefghijabcdefghij"), []byte("xxabcdefghijxx"), uint8(3))
	f.Add([]byte("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), []byte("aaaaaaaaaaaaaaaa"), uint8(8))
	f.Add([]byte("abcdefgh1abcdefgh2abcdefgh"), []byte("abcdefghabcdefgh"), uint8(5))
	f.Add([]byte(""), []byte("abc"), uint8(0))
	f.Fuzz(func(t *testing.T, x, y []byte, minWords uint8) {
		al, err := New(&Options{MinWords: int(minWords%12) + 1})
		if err != nil {
			t.Skip()
		}
		da, db := fuzzDoc(x), fuzzDoc(y)
		ta, tb := al.Prepare(da), al.Prepare(db)
		ms := al.Align(ta.Words, tb.Words)
		if !slices.IsSortedFunc(ms, compareMatch) {
			t.Errorf("passages out of order: %v", ms)
		}
		mw := al.Options().MinWords
		for _, m := range ms {
			if m.AStart < 0 || m.AEnd > len(ta.Words) || m.BStart < 0 || m.BEnd > len(tb.Words) ||
				m.WordsA() < mw || m.WordsB() < mw || m.Same > min(m.WordsA(), m.WordsB()) {
				t.Fatalf("bad passage %+v for %d and %d words", m, len(ta.Words), len(tb.Words))
			}
		}
		l := al.Link(ta, tb, ms)
		for _, p := range l.Passages {
			for _, c := range []struct {
				s rehash.Span
				n int
			}{{p.TextA, len(da.Text)}, {p.TextB, len(db.Text)}, {p.A, len(da.Raw)}, {p.B, len(db.Raw)}} {
				if c.s.Start < 0 || c.s.End > c.n || c.s.Start >= c.s.End {
					t.Fatalf("span %v outside [0, %d]", c.s, c.n)
				}
			}
		}
		if l.CoverA < 0 || l.CoverA > 1 || l.CoverB < 0 || l.CoverB > 1 {
			t.Fatalf("cover %v %v", l.CoverA, l.CoverB)
		}
		if again := al.Align(ta.Words, tb.Words); !slices.Equal(ms, again) {
			t.Fatalf("not deterministic: %v then %v", ms, again)
		}
	})
}

// fuzzDoc makes a document whose words are single letters drawn from the
// input's bytes (8 letters, so matches are common), lying in Raw after a
// header line, as a text file with a date line does.
func fuzzDoc(b []byte) *rehash.Document {
	raw := []byte("date 2020-01-01 t\n")
	start := len(raw)
	for _, c := range b {
		raw = append(raw, 'a'+c%8, ' ')
		if c%5 == 0 {
			raw = append(raw, "\n"...)
		}
	}
	return &rehash.Document{ID: "f", Raw: raw, Text: raw[start:], TextStart: start}
}

package textnorm

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rehashdev/rehash"
)

func TestNormalize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Hello   World", "hello world"},
		{"  \t lead and trail \n ", "lead and trail"},
		{"line\none\r\ntwo", "line one two"},
		{"\u201cQuoted\u201d and \u2018single\u2019", `"quoted" and 'single'`},
		{"em\u2014dash en\u2013dash minus\u2212", "em-dash en-dash minus-"},
		{"ＦＵＬＬ　ｗｉｄｔｈ", "full width"},           // NFKC folds fullwidth forms and the ideographic space
		{"ﬁne ligature", "fine ligature"},      // NFKC expands ligatures
		{"Straße STRASSE", "strasse strasse"},  // full case folding
		{"café vs cafe\u0301", "café vs café"}, // composed and decomposed agree
		{"non\u00a0breaking", "non breaking"},  // NBSP is white space
		{"ΣΊΣΥΦΟΣ", "σίσυφοσ"},                 // case folding, not lower-casing: final sigma folds to σ
		{"", ""},
		{"\xff bad", "\ufffd bad"},
	} {
		got := string(New().Append(nil, []byte(tc.in)))
		if got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestMapPointsIntoSource: every normalized byte maps into the source, and
// for plain letters the mapped source text folds to the normalized text.
func TestMapPointsIntoSource(t *testing.T) {
	src := []byte("  The  \u201cQuick\u201d Brown ﬁx\u2014Jumped ")
	out, m := New().AppendMap(nil, src)
	for i := range out {
		s := m.Source(rehash.Span{Start: i, End: i + 1})
		if s.Start < 0 || s.End > len(src) || s.Start >= s.End {
			t.Fatalf("byte %d maps to %v outside %d source bytes", i, s, len(src))
		}
	}
	word := strings.Index(string(out), "brown")
	s := m.Source(rehash.Span{Start: word, End: word + len("brown")})
	if got := string(src[s.Start:s.End]); got != "Brown" {
		t.Errorf("'brown' maps to %q", got)
	}
}

func TestIsASCII(t *testing.T) {
	for _, s := range []string{"", "a", "abcdefgh", "abcdefghi", strings.Repeat("x", 100)} {
		if !IsASCII([]byte(s)) {
			t.Errorf("IsASCII(%q) = false", s)
		}
		if IsASCII([]byte(s + "é")) {
			t.Errorf("IsASCII(%q+é) = true", s)
		}
	}
}

// FuzzNormalize: any input gives valid UTF-8 without leading, trailing or
// doubled spaces; normalizing twice changes nothing; and the offset map
// stays inside the source.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Hello World", "\u201cq\u201d", "ﬁ", "a\u0301", "\xff\xfe", "ＡＢ　ｃ", " x  y "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := New()
		out, m := n.AppendMap(nil, []byte(s))
		if !utf8.Valid(out) {
			t.Fatalf("invalid UTF-8 out of %q", s)
		}
		o := string(out)
		if strings.HasPrefix(o, " ") || strings.HasSuffix(o, " ") || strings.Contains(o, "  ") {
			t.Fatalf("spaces not collapsed: %q -> %q", s, o)
		}
		if plain := string(n.Append(nil, []byte(s))); plain != o {
			t.Fatalf("Append and AppendMap disagree: %q vs %q", plain, o)
		}
		for i := range out {
			sp := m.Source(rehash.Span{Start: i, End: i + 1})
			if sp.Start < 0 || sp.End > len(s) || sp.Start > sp.End {
				t.Fatalf("byte %d of %q maps to %v", i, o, sp)
			}
		}
	})
}

func BenchmarkNormalizeASCII(b *testing.B) {
	text := []byte(strings.Repeat("The Quick brown fox, jumped over the lazy dog.\n", 200))
	n := New()
	var out []byte
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		out = n.Append(out[:0], text)
	}
}

func BenchmarkNormalizeUnicode(b *testing.B) {
	text := []byte(strings.Repeat("Le \u201cgrand\u201d café — Straße, ﬁn.\n", 200))
	n := New()
	var out []byte
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		out = n.Append(out[:0], text)
	}
}

// TestChunkedAgreesWithWhole: text mixing long ASCII runs with non-ASCII
// characters in every position normalizes as the per-segment path does.
func TestChunkedAgreesWithWhole(t *testing.T) {
	for _, s := range []string{
		"plain ascii then caf\u00e9 and more ascii",
		"e\u0301 combining after ascii", // the e composes with the accent
		"end with accent e\u0301",
		"  \u00a0 spaces\u3000around \u2014 dashes  ",
		"\u201cquoted\u201d",
		"ﬁ ligature at start",
		"A\u030a ring above",
		strings.Repeat("word ", 20) + "Ω" + strings.Repeat(" WORD", 20),
	} {
		n := New()
		whole, _ := n.AppendMap(nil, []byte(s))
		if got := n.Append(nil, []byte(s)); string(got) != string(whole) {
			t.Errorf("%q: Append %q, per-segment %q", s, got, whole)
		}
	}
}

// BenchmarkNormalizeProse runs over words of random lengths and spacing, as
// prose has, so that the branch predictor cannot learn the text.
func BenchmarkNormalizeProse(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	var sb strings.Builder
	for sb.Len() < 64<<10 {
		for n := 1 + rng.IntN(9); n > 0; n-- {
			sb.WriteByte(byte('a' + rng.IntN(26)))
		}
		switch rng.IntN(12) {
		case 0:
			sb.WriteString(".\n")
		case 1:
			sb.WriteString(", ")
		default:
			sb.WriteByte(' ')
		}
	}
	text := []byte(sb.String())
	n := New()
	var out []byte
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		out = n.Append(out[:0], text)
	}
}

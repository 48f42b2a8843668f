package shingle

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func wordsOf(t *testing.T, text string) []string {
	t.Helper()
	_, spans := New(Options{}).Tokens([]byte(text))
	var out []string
	for _, s := range spans {
		out = append(out, text[s.Start:s.End])
	}
	return out
}

func TestWords(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"the quick, brown fox!", []string{"the", "quick", "brown", "fox"}},
		{"don't stop 3.14 e-mail", []string{"don't", "stop", "3.14", "e", "mail"}},
		{"  ...  -- !! ", nil},
		{"_under_score", []string{"_under_score"}},
		{"北京大学", []string{"北", "京", "大", "学"}},
		{"カタカナ語", []string{"カ", "タ", "カ", "ナ", "語"}},
		{"ภาษาไทย", []string{"ภ", "า", "ษ", "า", "ไ", "ท", "ย"}},
		{"mixed 日本 text", []string{"mixed", "日", "本", "text"}},
		{"naïve café", []string{"naïve", "café"}},
	} {
		if got := wordsOf(t, tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("words(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestShingles(t *testing.T) {
	s := New(Options{K: 3, Seed: 1})
	h := s.Append(nil, []byte("a b c d e"))
	if len(h) != 3 {
		t.Fatalf("5 words, k=3: %d shingles, want 3", len(h))
	}
	// The shingle "b c d" is the same wherever it stands.
	h2 := s.Append(nil, []byte("x b c d"))
	if !slices.Contains(h2, h[1]) {
		t.Error("shingle 'b c d' hashed differently in another text")
	}
	// Word order matters within a shingle.
	if slices.Contains(s.Append(nil, []byte("d c b")), h[1]) {
		t.Error("'d c b' hashes like 'b c d'")
	}
	// Short texts give one shingle of all their words.
	if got := s.Append(nil, []byte("only two")); len(got) != 1 {
		t.Errorf("2 words, k=3: %d shingles, want 1", len(got))
	}
	if got := s.Append(nil, []byte(" ,.; ")); len(got) != 0 {
		t.Errorf("no words: %d shingles", len(got))
	}
	// The seed changes every hash.
	if slices.Contains(New(Options{K: 3, Seed: 2}).Append(nil, []byte("a b c")), h[0]) {
		t.Error("seed does not change the hashes")
	}
	// Shingles from Tokens equal those from Append.
	toks, _ := s.Tokens([]byte("a b c d e"))
	if !slices.Equal(s.Shingles(nil, toks), h) {
		t.Error("Tokens+Shingles differs from Append")
	}
}

func TestSet(t *testing.T) {
	got := Set([]uint64{5, 1, 5, 3, 1})
	if !slices.Equal(got, []uint64{1, 3, 5}) {
		t.Errorf("Set = %v", got)
	}
}

// FuzzShingle: any text gives shingles, and every word span lies inside
// the text on rune boundaries.
func FuzzShingle(f *testing.F) {
	for _, s := range []string{"a b c", "北京", "\xff\xfe", "x_y z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sh := New(Options{K: 2})
		toks, spans := sh.Tokens([]byte(s))
		if len(toks) != len(spans) {
			t.Fatalf("%d tokens, %d spans", len(toks), len(spans))
		}
		for _, sp := range spans {
			if sp.Start < 0 || sp.End > len(s) || sp.Start >= sp.End {
				t.Fatalf("span %v outside %q", sp, s)
			}
		}
		if got := sh.Append(nil, []byte(s)); len(toks) > 0 && len(got) == 0 {
			t.Fatalf("%d words but no shingles", len(toks))
		}
	})
}

func BenchmarkShingle(b *testing.B) {
	text := []byte(strings.Repeat("the quick brown fox jumped over the lazy dog, again. ", 100))
	s := New(Options{})
	var h []uint64
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		h = s.Append(h[:0], text)
	}

}

func TestAppendDistinct(t *testing.T) {
	texts := []string{
		"", "one", "two words", "a b c d", "a b c d e", "a b c d e a b c d e a b c d e f",
		strings.Repeat("the same five words again ", 50) + "and then something new at the end",
		"日本語のテキスト mixed with English and 3.5 numbers, U.S. style",
	}
	for _, k := range []int{1, 2, 5, 9} {
		s := New(Options{K: k, Seed: 3})
		for _, text := range texts {
			want := Set(s.Append(nil, []byte(text)))
			got := s.AppendDistinct(nil, []byte(text))
			if len(got) != len(want) {
				t.Fatalf("k=%d %q: %d distinct shingles, want %d", k, text, len(got), len(want))
			}
			// First-appearance order for texts this short: the first
			// shingle comes first.
			if all := s.Append(nil, []byte(text)); len(all) > 0 && got[0] != all[0] {
				t.Errorf("k=%d %q: first distinct shingle is not the text's first", k, text)
			}
			if !slices.Equal(Set(got), want) {
				t.Errorf("k=%d %q: distinct set differs from Set(Append)", k, text)
			}
		}
	}
	// Ideographs are words of three bytes, more shingles than the table is
	// first sized for: it must grow.
	s := New(Options{K: 3})
	var big strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&big, "%c", rune(0x4E00+i%7000))
	}
	want := Set(s.Append(nil, []byte(big.String())))
	if got := Set(s.AppendDistinct(nil, []byte(big.String()))); !slices.Equal(got, want) {
		t.Errorf("large text: %d distinct, want %d", len(got), len(want))
	}
	// Past largeText the shingles are partitioned: still each once, and
	// appended after what dst held.
	for _, text := range []string{strings.Repeat(big.String(), 3), strings.Repeat("one two three four five six ", 5000)} {
		all := s.Append(nil, []byte(text))
		got := s.AppendDistinct([]uint64{42}, []byte(text))
		if len(text) <= largeText || got[0] != 42 {
			t.Fatalf("text of %d bytes: not the long-text path, or dst's head lost", len(text))
		}
		if d := got[1:]; len(d) != len(Set(slices.Clone(d))) || !slices.Equal(Set(slices.Clone(d)), Set(all)) {
			t.Errorf("text of %d bytes: %d hashes, %d distinct; want the %d distinct shingles", len(text), len(d), len(Set(slices.Clone(d))), len(Set(all)))
		}
	}
}

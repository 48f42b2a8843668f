package shingle

import (
	"flag"
	"github.com/zeebo/xxh3"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/clipperhouse/uax29/v2/words"
	"github.com/rehashdev/rehash"
)

// referenceTokens is word segmentation as it was before the ASCII fast
// path: the UAX #29 iterator over the whole text, every segment through the
// same word filter. The fast path must give exactly its hashes and spans.
func referenceTokens(s *Shingler, text []byte) ([]uint64, []rehash.Span) {
	var (
		toks  []uint64
		spans []rehash.Span
		add   = func(start, end int) {
			toks = append(toks, xxh3.HashSeed(text[start:end], s.seed))
			spans = append(spans, rehash.Span{Start: start, End: end})
		}
	)
	it := words.FromBytes(text)
	for it.Next() {
		switch kind(it.Value()) {
		case segWord:
			add(it.Start(), it.End())
		case segChars:
			for i := it.Start(); i < it.End(); {
				r, size := utf8.DecodeRune(text[i:])
				if charWord(r) {
					add(i, i+size)
				}
				i += size
			}
		}
	}
	return toks, spans
}

var long = flag.Bool("long", false, "run the exhaustive tokenizer comparison on longer strings")

func checkSame(t *testing.T, text []byte) {
	t.Helper()
	s := New(Options{Seed: 7})
	wantT, wantS := referenceTokens(s, text)
	gotT, gotS := s.Tokens(text)
	if !slices.Equal(gotT, wantT) || !slices.Equal(gotS, wantS) {
		t.Fatalf("text %q:\nfast   %v\nuax29  %v", text, spansText(text, gotS), spansText(text, wantS))
	}
	// Append and Words go through the same loop; check them too.
	if got := s.Words(nil, text); !slices.Equal(got, wantT) {
		t.Fatalf("text %q: Words differs from Tokens", text)
	}
}

func spansText(text []byte, spans []rehash.Span) []string {
	var out []string
	for _, s := range spans {
		out = append(out, string(text[s.Start:s.End]))
	}
	return out
}

// TestASCIIExhaustive compares the two paths on every string of up to four
// symbols (five with -long) over an alphabet of one member per ASCII Word_Break class plus
// the non-ASCII characters that interact with them at junctions (a
// combining mark, a soft hyphen, a letter, an ideograph, a no-break and an
// ideographic space, a right single quotation mark, invalid UTF-8).
func TestASCIIExhaustive(t *testing.T) {
	alphabet := []string{"a", "1", "_", ":", ".", "'", ",", " ", "\r", "\n", "\v", "-", "\"",
		"\u0301", "\u00ad", "é", "日", "\u00a0", "\u3000", "\u2019", "\xff"}
	n := 4
	if *long {
		n = 5
	}
	idx := make([]int, n)
	var buf []byte
	for length := 1; length <= n; length++ {
		clear(idx)
		for {
			buf = buf[:0]
			for _, i := range idx[:length] {
				buf = append(buf, alphabet[i]...)
			}
			checkSame(t, buf)
			j := 0
			for j < length {
				idx[j]++
				if idx[j] < len(alphabet) {
					break
				}
				idx[j] = 0
				j++
			}
			if j == length {
				break
			}
		}
	}
}

func TestASCIICases(t *testing.T) {
	for _, s := range []string{
		"U.S. troops", "3.5 percent", "1,000,000.50", "don't", "rock'n'roll", "a:b:c", "10:30",
		"e-mail", "__init__", "foo_bar_1", "a.b.c.", "x.1", "1.x", "1'2", "a'1", "..a..", "a..b",
		"end.", "café.au", "naïve's", "A.\u0301B", "a\u00adb", "12\u200d34", "hello\u3000world",
		"tab\there", "line\r\nbreak", "mixed 日本 text", "カタカナ語", "ภาษาไทย", "\xffbad\xfe",
		"q'", "'q", "1,", ",1", "a__.b", "1_.2",
	} {
		checkSame(t, []byte(s))
	}
}

// FuzzASCIIEqualsUAX29 holds the fast path to the UAX #29 iterator on
// arbitrary bytes. Run it for minutes with
//
//	go test ./shingle -run '^$' -fuzz FuzzASCIIEqualsUAX29 -fuzztime 5m
func FuzzASCIIEqualsUAX29(f *testing.F) {
	for _, s := range []string{"", "The U.S. economy grew 3.5% in Q1, officials said.", "l'été, c'est ça",
		"snake_case and CamelCase: 10:30 a.m.", "naïve coöperation", "x\u0301y.z", "日本語のテキスト",
		"emoji 👍🏽 here", "🇫🇷🇩🇪", "שלום\"ם", "a.\u200db"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		checkSame(t, text)
	})
}

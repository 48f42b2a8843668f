package shingle

import (
	"strings"
	"testing"
)

// benchText is news-like English written for this benchmark: words,
// numbers with points and commas, abbreviations, quotes, line breaks.
var benchText = []byte(strings.Repeat("The committee said on Tuesday that output rose 3.5 percent "+
	"to 1,250 tonnes in the U.S. market, and officials didn't expect a change\n"+
	"before the next meeting: \"We'll see,\" one said. ", 40))

func BenchmarkAppend(b *testing.B) {
	s := New(Options{K: 5, Seed: 1})
	var dst []uint64
	b.SetBytes(int64(len(benchText)))
	for b.Loop() {
		dst = s.Append(dst[:0], benchText)
	}
}

// BenchmarkAppendUAX29 is the same work through the UAX #29 iterator
// alone, the path the fast path replaces: the ratio is the fast path's
// gain.
func BenchmarkAppendUAX29(b *testing.B) {
	s := New(Options{K: 5, Seed: 1})
	var dst []uint64
	b.SetBytes(int64(len(benchText)))
	for b.Loop() {
		toks, _ := referenceTokens(s, benchText)
		dst = s.combine(dst[:0], toks)
	}
}

// Package shingle splits normalized text into words and hashes every run of
// k consecutive words (a word k-shingle) to 64 bits.
//
// Words are found by Unicode text segmentation (UAX #29); segments without a
// letter, digit or ideograph (spaces, punctuation, symbols) are dropped.
// Scripts written without spaces between words (Han, Hiragana, Katakana,
// Thai, Lao, Khmer, Myanmar) are split into single characters, so their
// k-shingles are character k-grams.
//
//	s := shingle.New(shingle.Options{K: 5, Seed: 1})
//	hashes := s.Append(nil, normalizedText)
//	set := shingle.Set(hashes) // sorted, unique
//
// A text with fewer than k words yields one shingle of all its words, so
// short texts still compare. Hashing is xxh3 with an explicit seed: the same
// text, k and seed give the same hashes on every machine and run.
// A Shingler is not safe for concurrent use; make one per goroutine.
package shingle

import (
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/clipperhouse/uax29/v2/words"
	"github.com/rehashdev/rehash"
	"github.com/zeebo/xxh3"
)

// DefaultK is the default shingle length in words.
const DefaultK = 5

// Options shape the shingles. They are part of every stored signature's
// identity: change one and old signatures no longer compare.
type Options struct {
	// K is the number of words per shingle. Default DefaultK.
	K int
	// Seed seeds the word hash. Default 0.
	Seed uint64
}

// Shingler turns text into shingle hashes, reusing its buffers.
type Shingler struct {
	k    int
	seed uint64
	toks []uint64
	seen []uint64 // AppendDistinct's open-addressing table; 0 is empty
	part []uint64 // AppendDistinct's partitions of a long text's shingles
}

// New returns a Shingler for the options.
func New(o Options) *Shingler {
	if o.K <= 0 {
		o.K = DefaultK
	}
	return &Shingler{k: o.K, seed: o.Seed}
}

// K returns the shingle length in words.
func (s *Shingler) K() int { return s.k }

// Append appends the hashes of the k-shingles of text, in text order and
// with repeats, to dst. It returns dst unchanged when text has no words.
func (s *Shingler) Append(dst []uint64, text []byte) []uint64 {
	s.toks = s.words(s.toks[:0], text, nil)
	return s.combine(dst, s.toks)
}

// Words appends the word hashes of text to dst, without spans: what a
// caller that aligns word sequences keeps per document.
func (s *Shingler) Words(dst []uint64, text []byte) []uint64 {
	return s.words(dst, text, nil)
}

// Tokens returns the word hashes of text and each word's byte span, for
// aligning shared passages. The slices are owned by the caller.
func (s *Shingler) Tokens(text []byte) ([]uint64, []rehash.Span) {
	var spans []rehash.Span
	toks := s.words(nil, text, &spans)
	return toks, spans
}

// Shingles hashes k-shingles from word hashes as Tokens returned them:
// shingle i covers words i..i+k-1.
func (s *Shingler) Shingles(dst []uint64, toks []uint64) []uint64 {
	return s.combine(dst, toks)
}

func (s *Shingler) words(dst []uint64, text []byte, spans *[]rehash.Span) []uint64 {
	// English averages a word per six bytes or so; reserving that much up
	// front saves the repeated growing that cost a seventh of reuse search.
	guess := len(text)/6 + 8
	dst = slices.Grow(dst, guess)
	if spans != nil {
		*spans = slices.Grow(*spans, guess)
	}
	c := cursor{text: text}
	for {
		start, end, ok := c.next()
		if !ok {
			return dst
		}
		dst = append(dst, xxh3.HashSeed(text[start:end], s.seed))
		if spans != nil {
			*spans = append(*spans, rehash.Span{Start: start, End: end})
		}
	}
}

// segment kinds: what the word filter makes of one UAX #29 segment.
const (
	segDrop  = iota // no letter, digit or ideograph: spaces, punctuation, symbols
	segWord         // one word
	segChars        // a script without spaces: one word a character
)

// kind classifies the UAX #29 segment w (non-empty).
func kind(w []byte) int {
	r, size := rune(w[0]), 1
	if r >= utf8.RuneSelf {
		r, size = utf8.DecodeRune(w)
	}
	switch {
	case r < utf8.RuneSelf:
		if !isASCIIAlnum(byte(r)) && !hasWordRune(w[1:]) {
			return segDrop
		}
	case noSpaces(r):
		// UAX #29 keeps runs of kana or Thai together, which would make a
		// whole clause one token.
		return segChars
	default:
		if !wordRune(r) && !hasWordRune(w[size:]) {
			return segDrop
		}
	}
	return segWord
}

// charWord reports whether r, inside a segment of a script without spaces,
// is a word of its own.
func charWord(r rune) bool { return noSpaces(r) || unicode.IsLetter(r) || unicode.IsDigit(r) }

// cursor walks the words of a text: UAX #29 segments that pass the word
// filter, cut by the ASCII fast path where it can decide and by the
// library elsewhere (see ascii.go), with segments of scripts without spaces
// split into characters.
type cursor struct {
	text        []byte
	pos         int
	sub, subEnd int // the rest of a segment being split into characters
}

// next returns the span of the next word, or ok false at the end.
func (c *cursor) next() (start, end int, ok bool) {
	for {
		if c.sub < c.subEnd {
			r, size := utf8.DecodeRune(c.text[c.sub:])
			start = c.sub
			c.sub += size
			if charWord(r) {
				return start, c.sub, true
			}
			continue
		}
		if c.pos >= len(c.text) {
			return 0, 0, false
		}
		start = c.pos
		n, alnum, fast := asciiToken(c.text[start:])
		if fast {
			c.pos += n
			if alnum {
				return start, c.pos, true
			}
			continue
		}
		n, _, _ = words.SplitFunc(c.text[start:], true)
		c.pos += n
		switch kind(c.text[start:c.pos]) {
		case segWord:
			return start, c.pos, true
		case segChars:
			c.sub, c.subEnd = start, c.pos
		}
	}
}

func (s *Shingler) combine(dst []uint64, toks []uint64) []uint64 {
	k := s.k
	if len(toks) == 0 {
		return dst
	}
	if len(toks) < k {
		k = len(toks)
	}
	for i := 0; i+k <= len(toks); i++ {
		dst = append(dst, Combine(toks[i:i+k]))
	}
	return dst
}

// Combine hashes a sequence of word hashes into one shingle hash. It is
// order-sensitive and ends with a full 64-bit avalanche so that every bit of
// the result depends on every word.
func Combine(toks []uint64) uint64 {
	h := uint64(len(toks)) * 0x9E3779B97F4A7C15
	for _, t := range toks {
		h = (h<<31 | h>>33) ^ t
		h *= 0xBF58476D1CE4E5B9
	}
	return Mix(h)
}

// Mix is the 64-bit finalizer of MurmurHash3: a bijection whose output bits
// each depend on all input bits.
func Mix(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xFF51AFD7ED558CCD
	h ^= h >> 33
	h *= 0xC4CEB9FE1A85EC53
	h ^= h >> 33
	return h
}

// Set sorts h and removes repeats in place, returning the shingle set.
func Set(h []uint64) []uint64 {
	slices.Sort(h)
	return slices.Compact(h)
}

func isASCIIAlnum(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func wordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Nl, r)
}

func hasWordRune(b []byte) bool {
	for _, r := range string(b) {
		if wordRune(r) {
			return true
		}
	}
	return false
}

// noSpaces reports whether r belongs to a script written without spaces
// between words.
func noSpaces(r rune) bool {
	if r < 0x0E00 {
		return false
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana,
		unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar)
}

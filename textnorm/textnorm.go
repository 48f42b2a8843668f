// Package textnorm normalizes text before it is shingled, so that the same
// words written with different Unicode forms, letter case, typographic
// quotes or spacing compare equal.
//
// Normalization is NFKC, then full Unicode case folding, then typographic
// quotes folded to ASCII ' and ", dashes and hyphens folded to '-', and every
// run of white space collapsed to one space, with no space at either end.
//
//	n := textnorm.New()
//	out := n.Append(nil, []byte("“Ｈello”\u00a0 — World"))
//	// out == `"hello" - world`
//
// ASCII input takes a fast path (lower-casing and space collapsing only),
// because NFKC and case folding leave ASCII unchanged apart from case.
// A Normalizer is not safe for concurrent use; make one per goroutine.
package textnorm

import (
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/rehashdev/rehash"
	"golang.org/x/text/cases"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Normalizer holds scratch buffers so that normalizing many documents does
// not allocate per document.
type Normalizer struct {
	fold  cases.Caser
	iter  norm.Iter
	seg   []byte
	buf   []byte
	valid []byte
}

// New returns a Normalizer.
func New() *Normalizer {
	return &Normalizer{fold: cases.Fold()}
}

// Append appends the normalized form of src to dst and returns the result.
// Invalid UTF-8 bytes become U+FFFD.
//
// ASCII runs are lower-cased and space-collapsed by a table-driven loop.
// Only the stretches around non-ASCII bytes go through NFKC and case
// folding, over whole stretches, which x/text does far faster than segment
// by segment; so one curly quote in a book does not send the whole book down
// the slow path. AppendMap takes the per-segment path that can track
// offsets; the fuzz test holds the two to the same output.
func (n *Normalizer) Append(dst, src []byte) []byte {
	w := spaceWriter{base: len(dst), prevSpace: 1}
	for len(src) > 0 {
		i := asciiPrefix(src)
		if i == len(src) {
			dst = w.ascii(dst, src)
			break
		}
		// The ASCII byte before a non-ASCII stretch goes with it, since a
		// combining mark may compose with it.
		cut := max(i-1, 0)
		dst = w.ascii(dst, src[:cut])
		// The stretch ends before an ASCII byte followed by another ASCII
		// byte (or the end): no combining mark can reach across that.
		j := i
		for j < len(src) && !(src[j] < utf8.RuneSelf && (j+1 == len(src) || src[j+1] < utf8.RuneSelf)) {
			j++
		}
		stretch := src[cut:j]
		if !utf8.Valid(stretch) {
			// Each invalid byte becomes U+FFFD on its own, as the
			// per-segment path decodes it; x/text would otherwise read
			// a stray lead byte together with the bytes after it.
			n.valid = n.valid[:0]
			for k := 0; k < len(stretch); {
				r, size := utf8.DecodeRune(stretch[k:])
				n.valid = utf8.AppendRune(n.valid, r)
				k += size
			}
			stretch = n.valid
		}
		n.seg = norm.NFKC.Append(n.seg[:0], stretch...)
		n.fold.Reset()
		n.buf, _, _ = transform.Append(n.fold, n.buf[:0], n.seg)
		dst = w.folded(dst, n.buf)
		src = src[j:]
	}
	// Spaces are written eagerly and collapsed, so at most one trails.
	if len(dst) > w.base && dst[len(dst)-1] == ' ' {
		dst = dst[:len(dst)-1]
	}
	return dst
}

// asciiPrefix returns the length of the ASCII prefix of b, eight bytes at a
// time.
func asciiPrefix(b []byte) int {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		w := uint64(b[i]) | uint64(b[i+1])<<8 | uint64(b[i+2])<<16 | uint64(b[i+3])<<24 |
			uint64(b[i+4])<<32 | uint64(b[i+5])<<40 | uint64(b[i+6])<<48 | uint64(b[i+7])<<56
		if w&0x8080808080808080 != 0 {
			break
		}
	}
	for ; i < len(b); i++ {
		if b[i] >= utf8.RuneSelf {
			return i
		}
	}
	return i
}

// spaceWriter collapses white space across the chunks of one text. It
// writes every space and takes it back when the byte before was a space
// too, which needs no branch in the ASCII loop; Append trims the one space
// that may trail.
type spaceWriter struct {
	base      int
	prevSpace int // 1 when the last byte written is a space, or nothing is written yet
}

// ascii lower-cases ASCII and collapses white space.
func (w *spaceWriter) ascii(dst, src []byte) []byte {
	start := len(dst)
	dst = slices.Grow(dst, len(src))
	out := dst[start : start+len(src)]
	j, prev := 0, w.prevSpace
	for _, c := range src {
		o := asciiFold[c]
		sp := int(asciiIsSpace[c])
		out[j] = o
		j += 1 - sp&prev
		prev = sp
	}
	w.prevSpace = prev
	return dst[:start+j]
}

// folded copies NFKC-normalized, case-folded text, folding quotes and
// dashes and collapsing white space.
func (w *spaceWriter) folded(dst, src []byte) []byte {
	for i := 0; i < len(src); {
		c := src[i]
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(src[i:])
		}
		i += size
		if r < utf8.RuneSelf && asciiSpace[c] || r >= utf8.RuneSelf && unicode.IsSpace(r) {
			if w.prevSpace == 0 {
				dst = append(dst, ' ')
				w.prevSpace = 1
			}
			continue
		}
		w.prevSpace = 0
		if r < utf8.RuneSelf {
			dst = append(dst, asciiLower[c])
		} else {
			dst = utf8.AppendRune(dst, foldPunct(r))
		}
	}
	return dst
}

// asciiFold maps ASCII white space to ' ' and upper case to lower case;
// asciiIsSpace is 1 for white space.
var asciiFold, asciiIsSpace = func() (fold [256]byte, sp [256]uint8) {
	for c := 0; c < 256; c++ {
		fold[c] = asciiLower[c]
		if asciiSpace[c] {
			fold[c], sp[c] = ' ', 1
		}
	}
	return
}()

var asciiSpace, asciiLower = func() (sp [256]bool, lo [256]byte) {
	for c := 0; c < 256; c++ {
		lo[c] = byte(c)
		if 'A' <= c && c <= 'Z' {
			lo[c] = byte(c + 'a' - 'A')
		}
	}
	for _, c := range []byte{' ', '\n', '\t', '\r', '\f', '\v'} {
		sp[c] = true
	}
	return
}()

// AppendMap is Append that also returns a map from every byte of the
// normalized text (counted from len(dst)) back to the byte range of src it
// came from, for evidence that points into the original text.
func (n *Normalizer) AppendMap(dst, src []byte) ([]byte, *rehash.OffsetMap) {
	m := &rehash.OffsetMap{}
	out, _ := n.normalize(dst, src, m)
	return out, m
}

// IsASCII reports whether b holds only ASCII bytes.
func IsASCII(b []byte) bool { return asciiPrefix(b) == len(b) }

func (n *Normalizer) normalize(dst, src []byte, m *rehash.OffsetMap) ([]byte, bool) {
	base := len(dst)
	if IsASCII(src) {
		return appendASCII(dst, src, base, m), true
	}
	// pendingSpace defers a space until a non-space follows, which collapses
	// runs and trims both ends in one pass.
	pendingSpace := -1
	n.iter.Init(norm.NFKC, src)
	for !n.iter.Done() {
		start := n.iter.Pos()
		seg := n.iter.Next()
		end := n.iter.Pos()
		if end == start && start < len(src) {
			// An expansion (a ligature, a fraction) comes out in pieces,
			// the first of which consumes no input: map it to the rune
			// being expanded.
			_, size := utf8.DecodeRune(src[start:])
			end = start + size
		} else if end == start && start > 0 {
			_, size := utf8.DecodeLastRune(src[:start])
			start -= size
		}
		if len(seg) == 1 && seg[0] < utf8.RuneSelf {
			c := seg[0]
			if isASCIISpace(c) {
				if pendingSpace < 0 && len(dst) > base {
					pendingSpace = start
				}
				continue
			}
			if pendingSpace >= 0 {
				dst = emit(dst, base, m, ' ', pendingSpace, 1)
				pendingSpace = -1
			}
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = emit(dst, base, m, c, start, end-start)
			continue
		}
		n.fold.Reset()
		n.seg, _, _ = transform.Append(n.fold, n.seg[:0], seg)
		for i := 0; i < len(n.seg); {
			r, size := utf8.DecodeRune(n.seg[i:])
			i += size
			if unicode.IsSpace(r) {
				if pendingSpace < 0 && len(dst) > base {
					pendingSpace = start
				}
				continue
			}
			if pendingSpace >= 0 {
				dst = emit(dst, base, m, ' ', pendingSpace, 1)
				pendingSpace = -1
			}
			r = foldPunct(r)
			mark := len(dst)
			dst = utf8.AppendRune(dst, r)
			if m != nil {
				m.Add(mark-base, len(dst)-mark, start, end-start)
			}
		}
	}
	return dst, false
}

func emit(dst []byte, base int, m *rehash.OffsetMap, c byte, src, srcLen int) []byte {
	if m != nil {
		m.Add(len(dst)-base, 1, src, srcLen)
	}
	return append(dst, c)
}

func appendASCII(dst, src []byte, base int, m *rehash.OffsetMap) []byte {
	// Words are copied run by run, one map entry a run (and the map merges
	// runs that stay one to one), rather than one call a byte.
	pendingSpace := -1
	for i := 0; i < len(src); {
		if isASCIISpace(src[i]) {
			if pendingSpace < 0 && len(dst) > base {
				pendingSpace = i
			}
			i++
			continue
		}
		if pendingSpace >= 0 {
			if m != nil {
				m.Add(len(dst)-base, 1, pendingSpace, 1)
			}
			dst = append(dst, ' ')
			pendingSpace = -1
		}
		j := i
		for j < len(src) && !isASCIISpace(src[j]) {
			j++
		}
		if m != nil {
			m.Add(len(dst)-base, j-i, i, j-i)
		}
		for _, c := range src[i:j] {
			dst = append(dst, asciiLower[c])
		}
		i = j
	}
	return dst
}

func isASCIISpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'
}

// foldPunct folds typographic quotes and dashes to their ASCII forms, since
// publishers differ in which they use for the same words.
func foldPunct(r rune) rune {
	switch r {
	case '\u2018', '\u2019', '\u201A', '\u201B', '\u2032', '\u2035', '\u02BC', '\uFF07':
		return '\''
	case '\u201C', '\u201D', '\u201E', '\u201F', '\u2033', '\u2036', '\u00AB', '\u00BB', '\u301D', '\u301E':
		return '"'
	case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\uFE58', '\uFE63', '\uFF0D':
		return '-'
	}
	return r
}

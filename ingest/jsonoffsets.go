package ingest

import (
	"bytes"

	"github.com/rehashdev/rehash"
)

// A JSON text field is decoded (unescaped) before it becomes
// Document.Text, so Text does not lie verbatim in Raw. The functions here
// find the field's string literal in the raw record and map the decoded
// bytes back to it: a run without escapes maps one to one, an escape ("\n",
// "\"", "\u00e9", a surrogate pair) maps its decoded bytes to the whole
// escape sequence. A passage's raw span then slices out exactly the
// escaped JSON of the passage.

// fieldString returns the byte range of the contents (inside the quotes)
// of the string value of the top-level field name in the JSON object raw,
// taking the first field of that name as fastjson does. ok is false when
// raw is not an object, the field is not found by its raw (unescaped) key,
// or its value is not a string. Cost: one pass over the keys and the
// values before the field, skipping strings with IndexByte.
func fieldString(raw []byte, name string) (s rehash.Span, ok bool) {
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '{' {
		return s, false
	}
	i++
	for {
		i = skipSpace(raw, i)
		if i >= len(raw) || raw[i] != '"' {
			return s, false
		}
		ke := stringEnd(raw, i)
		if ke < 0 {
			return s, false
		}
		key := raw[i+1 : ke]
		i = skipSpace(raw, ke+1)
		if i >= len(raw) || raw[i] != ':' {
			return s, false
		}
		i = skipSpace(raw, i+1)
		if i >= len(raw) {
			return s, false
		}
		ve := valueEnd(raw, i)
		if ve < 0 {
			return s, false
		}
		if string(key) == name {
			if raw[i] != '"' {
				return s, false
			}
			return rehash.Span{Start: i + 1, End: ve - 1}, true
		}
		i = skipSpace(raw, ve)
		if i >= len(raw) || raw[i] != ',' {
			return s, false
		}
		i++
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// stringEnd returns the index of the quote that closes the string opening
// at b[i], or -1.
func stringEnd(b []byte, i int) int {
	for j := i + 1; j < len(b); {
		k := bytes.IndexByte(b[j:], '"')
		if k < 0 {
			return -1
		}
		j += k
		// The quote is escaped when an odd number of backslashes precede it.
		n := 0
		for p := j - 1; p > i && b[p] == '\\'; p-- {
			n++
		}
		if n%2 == 0 {
			return j
		}
		j++
	}
	return -1
}

// valueEnd returns the index just after the JSON value starting at b[i], or
// -1. Objects and arrays are skipped by depth, minding strings; scalars
// end at a delimiter.
func valueEnd(b []byte, i int) int {
	switch b[i] {
	case '"':
		e := stringEnd(b, i)
		if e < 0 {
			return -1
		}
		return e + 1
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				e := stringEnd(b, j)
				if e < 0 {
					return -1
				}
				j = e
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return -1
	}
	j := i
	for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ']' && b[j] != ' ' && b[j] != '\t' && b[j] != '\n' && b[j] != '\r' {
		j++
	}
	return j
}

// stringMap maps the decoded bytes [from, to) of the JSON string literal
// whose contents are raw[lit.Start:lit.End] back to raw: derived offset 0
// is decoded byte from. decodedLen is the length of the whole decoded
// string as the parser returned it; if the walk disagrees, every byte maps
// to the whole literal rather than to a wrong place.
//
// When no escape lies in [from, to) the text is verbatim in raw, and
// stringMap returns a nil map and the raw offset where it starts: the
// common case costs no map at all. Cost is one pass over the literal,
// IndexByte between escapes, and one map segment per escape in range.
func stringMap(raw []byte, lit rehash.Span, from, to, decodedLen int) (*rehash.OffsetMap, int) {
	var m *rehash.OffsetMap
	start := -1 // raw offset of decoded byte from
	d, r := 0, lit.Start
	for r < lit.End {
		k := bytes.IndexByte(raw[r:lit.End], '\\')
		if k < 0 {
			k = lit.End - r
		}
		// A verbatim run: decoded [d, d+k) is raw [r, r+k).
		if s, e := max(d, from), min(d+k, to); s < e {
			if start < 0 {
				start = r + s - d
			}
			if m != nil {
				m.Add(s-from, e-s, r+s-d, e-s)
			}
		}
		d += k
		r += k
		if r >= lit.End {
			break
		}
		dl, rl := escapeLen(raw[r:lit.End])
		if s, e := max(d, from), min(d+dl, to); s < e {
			if start < 0 {
				start = r
			}
			switch {
			case dl != rl:
				if m == nil {
					// The first escape in range: all before it, from
					// `from` on, was verbatim.
					m = &rehash.OffsetMap{}
					m.Add(0, s-from, start, s-from)
				}
				m.Add(s-from, e-s, r, rl)
			case m != nil: // a malformed escape, kept as written
				m.Add(s-from, e-s, r+s-d, e-s)
			}
		}
		d += dl
		r += rl
	}
	switch {
	case d != decodedLen || to > d:
		m = &rehash.OffsetMap{}
		m.Add(0, to-from, lit.Start, lit.Len())
		return m, 0
	case m == nil && start < 0:
		return nil, lit.Start + min(from, lit.Len()) // empty range
	case m == nil:
		return nil, start
	}
	return m, 0
}

// escapeLen returns the decoded and raw lengths of the escape sequence at
// the start of s (s[0] == '\\'), decoding as fastjson does: unknown or
// malformed escapes are kept as they stand.
func escapeLen(s []byte) (decoded, raw int) {
	if len(s) < 2 {
		return len(s), len(s)
	}
	switch s[1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 1, 2
	case 'u':
		x, ok := hex4(s[2:])
		if !ok {
			return 2, 2 // "\u" kept, the rest read as text
		}
		if x < 0xd800 || x > 0xdfff {
			return runeLen(x), 6
		}
		// A surrogate: fastjson pairs it with a following \uXXXX.
		if len(s) < 12 || s[6] != '\\' || s[7] != 'u' {
			return 6, 6
		}
		y, ok := hex4(s[8:])
		if !ok {
			return 6, 6
		}
		if x < 0xdc00 && y >= 0xdc00 && y <= 0xdfff {
			return 4, 12
		}
		return 3, 12 // utf16.DecodeRune gives U+FFFD
	}
	return 2, 2
}

func hex4(s []byte) (rune, bool) {
	if len(s) < 4 {
		return 0, false
	}
	var x rune
	for i := range 4 {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			x = x<<4 | rune(c-'0')
		case c|0x20 >= 'a' && c|0x20 <= 'f':
			x = x<<4 | rune(c|0x20-'a'+10)
		default:
			return 0, false
		}
	}
	return x, true
}

func runeLen(x rune) int {
	switch {
	case x < 0x80:
		return 1
	case x < 0x800:
		return 2
	}
	return 3
}

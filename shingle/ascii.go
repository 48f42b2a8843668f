package shingle

// The ASCII fast path of word segmentation.
//
// UAX #29 as implemented by github.com/clipperhouse/uax29/v2/words is
// token-local: the iterator calls one split function at each token start,
// and that function decides where the token ends from the bytes at and
// after the start alone (its state is reset for every token). So if a
// second function makes the same decision whenever every byte it reads is
// ASCII, and hands the token to the real one as soon as it would read a
// byte of 0x80 or more, the two produce the same tokens on every input: no
// reasoning about boundaries at ASCII/non-ASCII junctions is needed, because
// any token whose end depends on a non-ASCII byte is decided by UAX #29
// itself. asciiToken is that function: the same rules in the same order,
// with the ASCII Word_Break classes in a table. FuzzASCIIEqualsUAX29
// holds it to the library on arbitrary input.

// Word_Break classes of the ASCII bytes, as bits so that rules can test
// several at once. ASCII has no Extend, Format, ZWJ, Katakana, Hebrew
// letter, regional indicator or pictographic characters, so the rules about
// those never fire here.
const (
	cOther uint16 = 1 << iota
	cALetter
	cNumeric
	cExtendNumLet // _
	cMidLetter    // :
	cMidNumLet    // .
	cSingleQuote  // '
	cMidNum       // , ;
	cWSegSpace    // space
	cCR
	cLF
	cNewline // \v \f
	cHigh    // a byte of 0x80 or more: not decidable here

	cMidNumLetQ = cMidNumLet | cSingleQuote
	cAlnum      = cALetter | cNumeric
)

var classes = func() (t [256]uint16) {
	for i := range t {
		switch {
		case i >= 0x80:
			t[i] = cHigh
		case 'a' <= i && i <= 'z', 'A' <= i && i <= 'Z':
			t[i] = cALetter
		case '0' <= i && i <= '9':
			t[i] = cNumeric
		default:
			t[i] = cOther
		}
	}
	t['_'] = cExtendNumLet
	t[':'] = cMidLetter
	t['.'] = cMidNumLet
	t['\''] = cSingleQuote
	t[','], t[';'] = cMidNum, cMidNum
	t[' '] = cWSegSpace
	t['\r'] = cCR
	t['\n'] = cLF
	t['\v'], t['\f'] = cNewline, cNewline
	return t
}()

// asciiToken returns the length of the token that starts data (non-empty)
// and whether it holds a letter or digit, the same token UAX #29 gives. ok
// is false when the decision needs a byte of 0x80 or more; the caller then
// asks UAX #29. It reads no byte past the one that ends the token (or the
// one after a mid-word punctuation mark), allocates nothing, and decodes no
// runes.
func asciiToken(data []byte) (n int, alnum, ok bool) {
	cur := classes[data[0]]
	if cur == cHigh {
		return 0, false, false
	}
	// The common case first: letters and digits up to a space or the end.
	if cur&cAlnum != 0 {
		i := 1
		for i < len(data) && classes[data[i]]&cAlnum != 0 {
			i++
		}
		if i == len(data) || data[i] == ' ' {
			return i, true, true
		}
	}
	alnum = cur&cAlnum != 0
	var lastEx, lastLastEx uint16
	pos := 1
	for pos < len(data) {
		last := cur
		lastLastEx, lastEx = lastEx, last
		cur = classes[data[pos]]
		if cur == cHigh {
			return 0, false, false
		}
		switch {
		case cur&cAlnum != 0 && lastEx&cAlnum != 0: // WB5, WB8, WB9, WB10
		case cur&last&cWSegSpace != 0: // WB3d
		case cur&cLF != 0 && last&cCR != 0: // WB3
		case (last|cur)&(cNewline|cCR|cLF) != 0: // WB3a, WB3b
			return pos, alnum, true
		case cur&(cMidLetter|cMidNumLetQ) != 0 && lastEx&cALetter != 0: // WB6
			if pos+1 >= len(data) {
				return pos, alnum, true
			}
			next := classes[data[pos+1]]
			if next == cHigh {
				return 0, false, false
			}
			if next&cALetter == 0 {
				// WB6 did not match; the later rules that could still
				// join a mid-word mark after a letter need a digit or an
				// underscore before it, which a letter is not.
				return pos, alnum, true
			}
			pos++ // past the mark; the letter is the next current
			continue
		case cur&cALetter != 0 && lastEx&(cMidLetter|cMidNumLetQ) != 0 && lastLastEx&cALetter != 0: // WB7
		case cur&cNumeric != 0 && lastEx&(cMidNum|cMidNumLetQ) != 0 && lastLastEx&cNumeric != 0: // WB11
		case cur&(cMidNum|cMidNumLetQ) != 0 && lastEx&cNumeric != 0: // WB12
			if pos+1 >= len(data) {
				return pos, alnum, true
			}
			next := classes[data[pos+1]]
			if next == cHigh {
				return 0, false, false
			}
			if next&cNumeric == 0 {
				return pos, alnum, true
			}
			pos++
			continue
		case cur&cExtendNumLet != 0 && lastEx&(cAlnum|cExtendNumLet) != 0: // WB13a
		case cur&cAlnum != 0 && lastEx&cExtendNumLet != 0: // WB13b
		default: // WB999
			return pos, alnum, true
		}
		alnum = alnum || cur&cAlnum != 0
		pos++
	}
	return pos, alnum, true
}

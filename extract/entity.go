package extract

import "golang.org/x/net/html"

// entity decodes the character reference at the start of b (b[0] == '&')
// with the html package's own rules, and returns the decoded text and the
// number of raw bytes it came from; ok is false when b does not start with
// a reference, and the '&' is then literal.
//
// The candidate is cut generously (all name characters and a ';'), and
// whatever tail html.UnescapeString left undecoded is given back: "&notit;"
// decodes as "¬" from "&not" followed by the text "it;", as browsers do.
func entity(b []byte) (dec string, n int, ok bool) {
	j := 1
	if j < len(b) && b[j] == '#' {
		j++
		hex := j < len(b) && (b[j] == 'x' || b[j] == 'X')
		if hex {
			j++
		}
		d := j
		for j < len(b) && j-d < 16 && (isDigit(b[j]) || hex && isHex(b[j])) {
			j++
		}
		if j == d {
			return "", 0, false
		}
	} else {
		for j < len(b) && j < 40 && (isDigit(b[j]) || isHex(b[j]) || b[j] >= 'g' && b[j] <= 'z' || b[j] >= 'G' && b[j] <= 'Z') {
			j++
		}
		if j == 1 {
			return "", 0, false
		}
	}
	if j < len(b) && b[j] == ';' {
		j++
	}
	src := string(b[:j])
	dec = html.UnescapeString(src)
	if dec == src {
		return "", 0, false
	}
	// Give back the common tail that was not part of the reference.
	k := 0
	for k < len(dec)-1 && k < j-2 && dec[len(dec)-1-k] == src[j-1-k] {
		k++
	}
	return dec[:len(dec)-k], j - k, true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isHex(c byte) bool { return c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

package extract

import "bytes"

// keepBlock judges one finished block of text that survived tag and class
// pruning: a block that is mostly link text is navigation, and a short
// block that asks the reader to subscribe, share, follow or accept cookies
// is a call to action, whatever markup it came in.
func keepBlock(b *block) bool {
	words := countWords(b.buf)
	if words == 0 {
		return false
	}
	if float64(b.links) > 0.5*float64(len(b.buf)) && words < 40 {
		return false
	}
	if words > 30 {
		return true
	}
	low := bytes.ToLower(b.buf)
	for _, p := range callToAction {
		if bytes.Contains(low, p) {
			return false
		}
	}
	if b.links > 0 {
		for _, p := range weakCallToAction {
			if bytes.Contains(low, p) {
				return false
			}
		}
	}
	return !buttonLabels[string(bytes.Trim(low, " .:!|»›→-"))]
}

// callToAction phrases mark a short block as boilerplate on their own.
var callToAction = bytesList(
	"subscribe to", "subscribe now", "subscribe for", "newsletter", "share this",
	"share on", "follow us", "we use cookies", "uses cookies", "accept cookies",
	"cookie policy", "cookie settings", "accept all cookies", "discover more from",
	"all rights reserved", "leave a comment", "leave a reply", "like this:",
	"related posts", "related articles", "sign up for", "advertisement",
	"skip to content", "skip to main content",
)

// weakCallToAction words mark a short block as boilerplate only when it
// carries links, since prose uses them too ("market share").
var weakCallToAction = bytesList(
	"subscribe", "share", "follow", "cookies", "sign up", "log in", "sign in",
	"read more", "sponsored", "tweet", "facebook", "whatsapp", "linkedin", "email",
)

// buttonLabels are whole blocks that are the label of a widget.
var buttonLabels = map[string]bool{
	"share": true, "share this": true, "tweet": true, "subscribe": true, "print": true,
	"email": true, "advertisement": true, "advertisements": true, "sponsored": true,
	"like this": true, "loading...": true, "loading": true, "menu": true, "close": true,
	"search": true, "top": true, "back to top": true,
}

func bytesList(s ...string) [][]byte {
	out := make([][]byte, len(s))
	for i, x := range s {
		out[i] = []byte(x)
	}
	return out
}

// countWords counts runs of letters and digits, ASCII or not.
func countWords(b []byte) int {
	n, in := 0, false
	for _, c := range b {
		w := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
		if w && !in {
			n++
		}
		in = w
	}
	return n
}

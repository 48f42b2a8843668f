package extract

import "bytes"

// sniffLen is how much of the input LooksLikeHTML reads.
const sniffLen = 4096

// LooksLikeHTML reports whether b holds HTML: a full page, or a fragment
// such as `<div class="x"><p>text</p>` saved in a .txt file. It reads only
// the first 4 KiB. It does not fire on prose that mentions a tag or two
// ("use <b> for bold"): it wants the input to open with markup and hold a
// second tag, or else to hold many tags of HTML's own vocabulary.
func LooksLikeHTML(b []byte) bool {
	b = b[:min(len(b), sniffLen)]
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	b = bytes.TrimLeft(b, " \t\r\n\f")
	if len(b) == 0 || bytes.IndexByte(b, 0) >= 0 {
		return false
	}
	low := bytes.ToLower(b[:min(len(b), 64)])
	for _, p := range [...]string{"<!doctype html", "<html", "<?xml"} {
		if bytes.HasPrefix(low, []byte(p)) {
			return p != "<?xml" || bytes.Contains(bytes.ToLower(b), []byte("<html"))
		}
	}
	opens := b[0] == '<' && (knownTagAt(b) || bytes.HasPrefix(b, []byte("<!--")))
	tags := 0
	for i := 0; i < len(b); i++ {
		j := bytes.IndexByte(b[i:], '<')
		if j < 0 {
			break
		}
		i += j
		if knownTagAt(b[i:]) {
			tags++
		}
	}
	return opens && tags >= 2 || tags >= 6
}

// htmlTags are the tags that count: common body elements and a few of the
// head, lower case.
var htmlTags = map[string]bool{
	"a": true, "abbr": true, "article": true, "aside": true, "b": true, "blockquote": true,
	"body": true, "br": true, "code": true, "div": true, "em": true, "footer": true,
	"form": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"head": true, "header": true, "hr": true, "html": true, "i": true, "iframe": true,
	"img": true, "input": true, "li": true, "link": true, "main": true, "meta": true,
	"nav": true, "ol": true, "p": true, "pre": true, "script": true, "section": true,
	"span": true, "strong": true, "style": true, "table": true, "td": true, "th": true,
	"title": true, "tr": true, "u": true, "ul": true, "figure": true, "time": true,
	"amp-ad": true, "ins": true, "noscript": true, "small": true, "sup": true, "sub": true,
}

// knownTagAt reports whether b starts with "<name" or "</name" followed by
// a space, "/" or ">", for a name in htmlTags.
func knownTagAt(b []byte) bool {
	if len(b) < 3 || b[0] != '<' {
		return false
	}
	i := 1
	if b[i] == '/' {
		i++
	}
	j := i
	for j < len(b) && j-i < 10 && (b[j] >= 'a' && b[j] <= 'z' || b[j] >= 'A' && b[j] <= 'Z' || b[j] >= '0' && b[j] <= '9' || b[j] == '-') {
		j++
	}
	if j == i || j >= len(b) {
		return false
	}
	switch b[j] {
	case ' ', '\t', '\n', '\r', '/', '>':
	default:
		return false
	}
	var name [12]byte
	n := copy(name[:], bytes.ToLower(b[i:j]))
	return htmlTags[string(name[:n])]
}

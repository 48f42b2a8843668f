package ingest

import (
	"unicode/utf8"

	"github.com/rehashdev/rehash"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
)

// transcodeHTML converts a page that is not UTF-8 to UTF-8, following its
// byte-order mark or <meta charset> declaration (windows-1252 when it
// declares nothing, as browsers do). For single-byte charsets, the common
// case of legacy pages, it returns a map from every converted byte back to
// the page byte it came from, so evidence still points into the raw file;
// for multi-byte charsets the map is nil and the caller falls back to a
// coarse one. ok is false when the page is UTF-8 already or cannot be
// converted.
func transcodeHTML(page []byte) (out []byte, m *rehash.OffsetMap, ok bool) {
	if utf8.Valid(page) {
		return nil, nil, false
	}
	enc, name, _ := charset.DetermineEncoding(page[:min(len(page), 1024)], "text/html")
	if name == "utf-8" || enc == nil {
		return nil, nil, false
	}
	if table, single := byteTable(enc, name); single {
		out = make([]byte, 0, len(page)+len(page)/8)
		m = &rehash.OffsetMap{}
		for i, b := range page {
			n := len(out)
			out = utf8.AppendRune(out, table[b])
			m.Add(n, len(out)-n, i, 1)
		}
		return out, m, true
	}
	out, err := enc.NewDecoder().Bytes(page)
	if err != nil {
		return nil, nil, false
	}
	return out, nil, true
}

// multiByte names the WHATWG encodings in which one character may take
// more than one byte.
var multiByte = map[string]bool{
	"shift_jis": true, "euc-jp": true, "iso-2022-jp": true, "gbk": true, "gb18030": true,
	"big5": true, "euc-kr": true, "utf-16le": true, "utf-16be": true, "replacement": true,
}

// byteTable returns the character of each byte of a single-byte encoding.
// The encodings come wrapped by name lookup, so the table is read off the
// decoder rather than from a concrete charmap type.
func byteTable(enc encoding.Encoding, name string) (*[256]rune, bool) {
	if multiByte[name] {
		return nil, false
	}
	var t [256]rune
	dec := enc.NewDecoder()
	for b := 0; b < 256; b++ {
		out, err := dec.Bytes([]byte{byte(b)})
		r, size := utf8.DecodeRune(out)
		if err != nil || len(out) == 0 || size != len(out) {
			return nil, false
		}
		t[b] = r
	}
	return &t, true
}

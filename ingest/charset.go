package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"strings"
	"unicode/utf8"

	"github.com/rehashdev/rehash"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/transform"
)

// Charsets. rehash works on UTF-8; text in another charset is transcoded
// when it is decoded, with an offset map from every UTF-8 byte back to the
// raw bytes it came from, so that passages still point into the file as
// stored. The charset of a document is decided in this order:
//
//  1. Options.Charset (--charset), if set, for every document;
//  2. a byte order mark: UTF-8, UTF-16LE or UTF-16BE;
//  3. bytes that are valid UTF-8 are UTF-8;
//  4. the charset the record declares: an HTTP Content-Type in WARC, a
//     MIME Content-Type in a mail or news header block, an HTML
//     <meta charset> (or http-equiv) in the page;
//  5. windows-1252.
//
// Why this order: a BOM is unambiguous. Valid UTF-8 is put before a
// declaration because text in a legacy charset is almost never valid
// UTF-8 once it holds a non-ASCII byte (in windows-1252, "é" alone is an
// invalid sequence), while declarations are often wrong: server defaults
// and copied templates label UTF-8 pages "iso-8859-1". The last resort is
// what WHATWG's encoding standard prescribes for undeclared Western pages:
// windows-1252 maps every byte (latin-1 is a subset of it, and WHATWG
// reads the label "iso-8859-1" as windows-1252 for that reason).
//
// Labels are WHATWG's (golang.org/x/net/html/charset): "latin1",
// "cp1252", "shift_jis", "sjis", "euc-kr", "gbk", "big5", "koi8-r",
// "utf-16le" and the rest. A text in UTF-16 without a BOM is read only
// with --charset; a document that is not valid UTF-8 once its charset is
// decided (UTF-8 forced or declared) is a counted skip (invalid-utf8).
// Line formats (JSONL, CSV, TSV) are split on bytes, so their charset
// must keep ASCII as ASCII (not UTF-16); their text fields are transcoded
// field by field.

// ErrCharset reports a --charset that names no charset.
var ErrCharset = errors.New("ingest: unknown charset")

// lookupCharset returns the encoding of a label and its canonical name.
func lookupCharset(label string) (encoding.Encoding, string, error) {
	enc, name := charset.Lookup(strings.TrimSpace(label))
	if enc == nil || name == "replacement" {
		return nil, "", fmt.Errorf("%w %q", ErrCharset, label)
	}
	return enc, name, nil
}

// charsetName returns the canonical name of a label, "" for "".
func charsetName(label string) (string, error) {
	if label == "" {
		return "", nil
	}
	_, name, err := lookupCharset(label)
	return name, err
}

// utf16BOM returns the encoding name a UTF-16 byte order mark at the start
// of b announces, or "".
func utf16BOM(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte{0xff, 0xfe}):
		return "utf-16le"
	case bytes.HasPrefix(b, []byte{0xfe, 0xff}):
		return "utf-16be"
	}
	return ""
}

// toUTF8 decides the charset of raw (see the rules above; forced is
// Options.Charset, declared returns what the record says, "" for nothing,
// and is called only when valid UTF-8 and a BOM have not decided) and
// returns its text in UTF-8 with a map from the text back to raw. When raw
// is UTF-8 already it returns raw itself, a nil map and name "". A UTF-8
// byte order mark stays in the text, as it always has. The caller checks
// that a UTF-8 result is valid.
func toUTF8(raw []byte, forced string, declared func() string) (text []byte, m *rehash.OffsetMap, name string) {
	enc, name, skip := chooseCharset(raw, forced, declared)
	if enc == nil {
		return raw, nil, ""
	}
	text, m = transcode(raw, skip, enc, name)
	return text, m, name
}

// chooseCharset applies the rules; a nil encoding means UTF-8. skip is the
// length of a UTF-16 byte order mark, which the text leaves out.
func chooseCharset(raw []byte, forced string, declared func() string) (encoding.Encoding, string, int) {
	if forced != "" {
		enc, name, err := lookupCharset(forced)
		if err != nil || name == "utf-8" {
			return nil, "", 0 // Read validated the label
		}
		skip := 0
		if bom := utf16BOM(raw); bom != "" && bom == name {
			skip = 2
		}
		return enc, name, skip
	}
	if bom := utf16BOM(raw); bom != "" {
		enc, name, _ := lookupCharset(bom)
		return enc, name, 2
	}
	if utf8.Valid(raw) {
		return nil, "", 0
	}
	if d := declared(); d != "" {
		if enc, name, err := lookupCharset(d); err == nil {
			if name == "utf-8" {
				return nil, "", 0
			}
			if !strings.HasPrefix(name, "utf-16") {
				return enc, name, 0
			}
		}
	}
	enc, name, _ := lookupCharset("windows-1252")
	return enc, name, 0
}

// htmlCharset returns the charset an HTML page declares in a <meta> tag
// within its first kilobyte, or "".
func htmlCharset(page []byte) string {
	// charset.DetermineEncoding also falls back to UTF-8 or windows-1252
	// when the page declares nothing; stray continuation bytes after the
	// prefix rule out the UTF-8 guess, and windows-1252 is what the
	// rules above fall back to anyway.
	head := append(bytes.Clone(page[:min(len(page), 1020)]), 0x80, 0x80, 0x80, 0x80)
	_, name, _ := charset.DetermineEncoding(head, "")
	if name == "windows-1252" && !bytes.Contains(bytes.ToLower(page[:min(len(page), 1024)]), []byte("charset")) {
		return ""
	}
	return name
}

// contentTypeCharset returns the charset parameter of a Content-Type
// value, or "".
func contentTypeCharset(ctype string) string {
	if _, params, err := mime.ParseMediaType(ctype); err == nil {
		return params["charset"]
	}
	return ""
}

// transcode decodes raw[skip:] to UTF-8 and maps every output byte back to
// the raw bytes of its character. Single-byte charsets go through a
// 256-entry table; the others decode one character at a time, so that a
// character's UTF-8 bytes map (coarsely) to exactly its raw bytes.
// Undecodable bytes become U+FFFD mapped to themselves. Cost: O(len(raw)),
// one decoder call per character for multi-byte charsets.
func transcode(raw []byte, skip int, enc encoding.Encoding, name string) ([]byte, *rehash.OffsetMap) {
	m := &rehash.OffsetMap{}
	out := make([]byte, 0, len(raw)+len(raw)/4)
	if table, ok := byteTable(enc, name); ok {
		for i := skip; i < len(raw); i++ {
			n := len(out)
			out = utf8.AppendRune(out, table[raw[i]])
			m.Add(n, len(out)-n, i, 1)
		}
		return out, m
	}
	t := enc.NewDecoder()
	var buf [64]byte
	for i := skip; i < len(raw); {
		// Feed one more byte until a character is complete: the decoder
		// then consumes exactly that character (or a stateful escape).
		n := 1
		for {
			end := min(i+n, len(raw))
			nDst, nSrc, err := t.Transform(buf[:], raw[i:end], end == len(raw))
			if nSrc == 0 && errors.Is(err, transform.ErrShortSrc) && end < len(raw) && n < 8 {
				n++
				continue
			}
			if nSrc == 0 {
				// No progress: a byte the decoder cannot place.
				k := len(out)
				out = append(out, "\uFFFD"...)
				m.Add(k, len(out)-k, i, 1)
				nSrc = 1
			} else if nDst > 0 {
				m.Add(len(out), nDst, i, nSrc)
				out = append(out, buf[:nDst]...)
			}
			i += nSrc
			break
		}
	}
	return out, m
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

// mailCharset returns the charset a leading mail or news header block
// declares in its Content-Type, or "". Headers are ASCII, so the raw bytes
// are read whatever the body's charset.
func mailCharset(raw []byte) string {
	if len(raw) == 0 || raw[0] == ' ' || raw[0] == '\t' {
		return ""
	}
	for pos := 0; pos < len(raw) && pos < maxHeaderBytes; {
		eol := bytes.IndexByte(raw[pos:], '\n')
		if eol < 0 {
			return ""
		}
		line := bytes.TrimSuffix(raw[pos:pos+eol], []byte("\r"))
		pos += eol + 1
		if len(bytes.TrimSpace(line)) == 0 {
			return ""
		}
		if line[0] == ' ' || line[0] == '\t' {
			continue
		}
		name, value, ok := headerField(line)
		if !ok {
			return ""
		}
		if bytes.EqualFold(name, []byte("Content-Type")) {
			return contentTypeCharset(string(bytes.TrimSpace(value)))
		}
	}
	return ""
}

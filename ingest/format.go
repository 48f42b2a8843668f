package ingest

import (
	"bytes"
	"path"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/rehashdev/rehash/extract"
)

// formatEntry ties a Format to the file extensions it owns and a content
// sniffer for files whose extension says nothing.
type formatEntry struct {
	f     Format
	exts  []string
	sniff func(head []byte) bool
	// binary marks a sniffer of magic bytes, tried before content with
	// NUL bytes is dismissed as binary.
	binary bool
}

// formats lists every format, in the order sniffers are tried: the most
// specific signatures first, plain text last.
var formats = []formatEntry{
	{jsonArrayFormat{}, []string{".json"}, sniffJSONArray, false},
	{jsonlFormat{}, []string{".jsonl", ".ndjson", ".jsonlines"}, sniffJSONL, false},
	{csvFormat{"csv", ','}, []string{".csv"}, nil, false},
	{csvFormat{"tsv", '\t'}, []string{".tsv", ".tab"}, nil, false},
	{warcFormat{}, []string{".warc"}, sniffWARC, true},
	{parquetFormat{}, []string{".parquet", ".pq"}, sniffParquet, true},
	{tarFormat{}, []string{".tar", ".tgz", ".tbz2", ".tzst"}, sniffTar, true},
	{zipFormat{}, []string{".zip"}, sniffZip, true},
	{htmlFormat{}, []string{".html", ".htm", ".xhtml", ".shtml"}, sniffHTML, false},
	{textFormat{}, []string{".txt", ".text", ".md"}, sniffText, false},
}

func formatByName(name string) Format {
	for _, e := range formats {
		if e.f.Name() == name {
			return e.f
		}
	}
	return nil
}

// FormatNames lists the names --format accepts.
func FormatNames() []string {
	var names []string
	for _, e := range formats {
		names = append(names, e.f.Name())
	}
	sort.Strings(names)
	return names
}

// sniffLen is how much of a stream detection looks at.
const sniffLen = 8 << 10

// detect picks the format of in: forced by Options.Format, else by the
// extension of name, else by sniffing. It returns nil for binary content.
func detect(in *Input, name string) (Format, error) {
	if in.Opts.Format != "" {
		return formatByName(in.Opts.Format), nil
	}
	head, _ := in.R.Peek(sniffLen)
	ext := strings.ToLower(path.Ext(name))
	for _, e := range formats {
		for _, x := range e.exts {
			if x == ext {
				return e.f, nil
			}
		}
	}
	// UTF-16 text is full of NUL bytes: sniff it once decoded.
	if forced, _ := charsetName(in.Opts.Charset); utf16BOM(head) != "" || strings.HasPrefix(forced, "utf-16") {
		if text, _, _ := toUTF8(head, in.Opts.Charset, func() string { return "" }); extract.LooksLikeHTML(text) {
			return htmlFormat{}, nil
		}
		return textFormat{}, nil
	}
	// Binary containers announce themselves by magic bytes; look for
	// those before giving up on content with NUL bytes.
	for _, e := range formats {
		if e.binary && e.sniff(head) {
			return e.f, nil
		}
	}
	if looksBinary(head) {
		return nil, nil
	}
	if name == "-" {
		if f, err := sniffTable(head, in.Opts); f != nil || err != nil {
			return f, err
		}
	}
	for _, e := range formats {
		if e.sniff != nil && e.sniff(head) {
			return e.f, nil
		}
	}
	return textFormat{}, nil
}

// looksBinary reports NUL bytes, or mostly invalid UTF-8, in the head of a
// stream: images, executables and the like found in a walked directory.
func looksBinary(head []byte) bool {
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	bad := 0
	for i := 0; i < len(head); {
		r, size := utf8.DecodeRune(head[i:])
		if r == utf8.RuneError && size == 1 && len(head)-i >= utf8.UTFMax {
			bad++
		}
		i += size
	}
	return bad > len(head)/10
}

func sniffJSONL(head []byte) bool {
	t := bytes.TrimLeft(head, " \t\r\n\ufeff")
	return len(t) > 0 && t[0] == '{'
}

func sniffText(head []byte) bool { return true }

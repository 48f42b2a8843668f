package ingest

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http/httputil"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/klauspost/compress/gzip"
	"github.com/rehashdev/rehash"
)

// decode makes a document of a response, resource or conversion record.
func (h *warcHead) decode(r *Record) (*rehash.Document, error) {
	fail := func(reason rehash.SkipReason, err error) (*rehash.Document, error) {
		return nil, &rehash.RecordError{Source: r.Source, Reason: reason, Err: fmt.Errorf("WARC record at offset %d: %w", r.Source.Offset, err)}
	}
	doc := &rehash.Document{
		ID:     r.ID,
		Raw:    r.Raw,
		Source: r.Source,
		Meta:   rehash.Meta{Date: h.date, URL: h.uri, Bytes: int64(len(r.Raw))},
	}
	block := r.Raw[h.blockStart:]
	body, bodyStart, ctype := block, h.blockStart, h.contentType
	var headers map[string]string
	if h.typ == "response" && strings.HasPrefix(strings.ToLower(ctype), "application/http") || h.typ == "response" && bytes.HasPrefix(block, []byte("HTTP/")) {
		status, hs, n, err := parseHTTPHead(block)
		if err != nil {
			return fail(rehash.SkipMalformed, err)
		}
		if status < 200 || status > 299 {
			return fail(rehash.SkipNoText, fmt.Errorf("HTTP status %d", status))
		}
		headers, body, bodyStart, ctype = hs, block[n:], h.blockStart+n, hs["content-type"]
	}
	if len(body) == 0 {
		return fail(rehash.SkipNoText, errors.New("empty body"))
	}
	decoded, changed, err := decodeHTTPBody(body, headers)
	if err != nil {
		return fail(rehash.SkipBinary, err)
	}
	span := rehash.Span{Start: bodyStart, End: bodyStart + len(body)}
	loc := at(bodyStart)
	if changed {
		// A transfer or content coding keeps no finer correspondence.
		loc = within(span)
	}
	media, _, _ := mime.ParseMediaType(ctype)
	// The Content-Type is the authority on what the body is; --content
	// overrides it, and only a body without one is sniffed.
	content := r.opts.Content
	if content == ContentAuto {
		switch media {
		case "text/html", "application/xhtml+xml":
			content = ContentHTML
		case "text/plain":
			content = ContentText
		case "":
			if looksBinary(decoded[:min(len(decoded), sniffLen)]) && utf16BOM(decoded) == "" {
				return fail(rehash.SkipBinary, errors.New("no Content-Type, and the body is not text"))
			}
		default:
			return fail(rehash.SkipBinary, fmt.Errorf("content type %q is not HTML or text", media))
		}
	}
	html, err := setText(doc, decoded, loc, content, contentTypeCharset(ctype), r.opts)
	if err != nil {
		var rerr *rehash.RecordError
		if errors.As(err, &rerr) {
			return fail(rerr.Reason, rerr.Err)
		}
		return nil, err
	}
	if html {
		doc.Source.Format = "warc/html"
	}
	return doc, nil
}

// parseHTTPHead parses an HTTP response's status line and headers. It
// returns the status code, the headers (lower-case names, the last of
// repeated ones) and the offset of the body.
func parseHTTPHead(block []byte) (int, map[string]string, int, error) {
	br := bufio.NewReader(bytes.NewReader(block))
	n := 0
	status := 0
	hs := map[string]string{}
	for i := 0; ; i++ {
		line, err := br.ReadSlice('\n')
		n += len(line)
		if err != nil && !errors.Is(err, io.EOF) {
			return 0, nil, 0, fmt.Errorf("HTTP headers: %w", err)
		}
		t := bytes.TrimRight(line, "\r\n")
		if i == 0 {
			f := strings.Fields(string(t))
			if len(f) < 2 || !strings.HasPrefix(f[0], "HTTP/") {
				return 0, nil, 0, fmt.Errorf("bad HTTP status line %q", truncate(t, 60))
			}
			status, err = strconv.Atoi(f[1])
			if err != nil {
				return 0, nil, 0, fmt.Errorf("bad HTTP status line %q", truncate(t, 60))
			}
			continue
		}
		if len(t) == 0 {
			return status, hs, n, nil
		}
		if name, value, ok := bytes.Cut(t, []byte(":")); ok {
			hs[strings.ToLower(string(bytes.TrimSpace(name)))] = string(bytes.TrimSpace(value))
		}
		if err != nil { // io.EOF in the headers
			return status, hs, n, nil
		}
	}
}

// decodeHTTPBody undoes a chunked transfer coding and a gzip or deflate
// content coding, and says whether it changed anything. Crawlers differ:
// some store the body as sent, some decoded with the headers left as they
// were, so a coding that does not parse leaves the body as it is rather
// than failing the record.
func decodeHTTPBody(body []byte, hs map[string]string) ([]byte, bool, error) {
	changed := false
	if strings.Contains(strings.ToLower(hs["transfer-encoding"]), "chunked") {
		if b, err := io.ReadAll(httputil.NewChunkedReader(bytes.NewReader(body))); err == nil {
			body, changed = b, true
		}
	}
	switch strings.ToLower(strings.TrimSpace(hs["content-encoding"])) {
	case "", "identity":
	case "gzip", "x-gzip":
		if zr, err := gzip.NewReader(bytes.NewReader(body)); err == nil {
			if b, err := io.ReadAll(zr); err == nil {
				body, changed = b, true
			}
		}
	case "deflate":
		// Usually zlib-wrapped, as the RFC says; some servers send raw
		// deflate.
		if zr, err := zlib.NewReader(bytes.NewReader(body)); err == nil {
			if b, err := io.ReadAll(zr); err == nil {
				return b, true, nil
			}
		}
		if b, err := io.ReadAll(flate.NewReader(bytes.NewReader(body))); err == nil {
			body, changed = b, true
		}
	default:
		if !utf8.Valid(body) {
			return nil, false, fmt.Errorf("content coding %q is not supported", hs["content-encoding"])
		}
	}
	return body, changed, nil
}

func truncate(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "..."
	}
	return string(b)
}

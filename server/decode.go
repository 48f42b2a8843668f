package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"mime"
	"net/http"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/index"
)

// Request bodies are decoded strictly, by hand rather than with
// encoding/json's struct decoding, because that one matches field names
// case-insensitively ({"ID": ...} sets id), keeps the last of duplicate
// fields, turns invalid UTF-8 and lone surrogate escapes into U+FFFD (so
// different ids collide), and words its errors in Go's types. Here field
// names are exact and case-sensitive, unknown and repeated fields are
// refused, the body must be UTF-8, ids must not hold lone surrogates, and
// every message speaks of the API's fields.

// checkJSON requires a JSON content type.
func checkJSON(r *http.Request) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return &apiError{Status: http.StatusUnsupportedMediaType, Code: CodeMediaType, Message: "Content-Type must be application/json"}
	}
	return nil
}

// field is one member of a JSON object, in input order.
type field struct {
	name string
	raw  json.RawMessage
}

// parseObject reads one JSON object whose member names must be among
// allowed (exactly), each at most once. what names the object in errors.
func parseObject(raw []byte, what string, allowed ...string) ([]field, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, syntaxError(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, badRequest("%s must be a JSON object", what)
	}
	var out []field
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, syntaxError(err)
		}
		name := tok.(string)
		known := false
		for _, a := range allowed {
			known = known || a == name
		}
		if !known {
			return nil, badRequest("%s: unknown field %q (field names are case-sensitive: %s)", what, name, quoteList(allowed))
		}
		for _, f := range out {
			if f.name == name {
				return nil, badRequest("%s: field %q given twice", what, name)
			}
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, syntaxError(err)
		}
		out = append(out, field{name, v})
	}
	if _, err := dec.Token(); err != nil {
		return nil, syntaxError(err)
	}
	return out, nil
}

func quoteList(s []string) string {
	var b []byte
	for i, x := range s {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = strconv.AppendQuote(b, x)
	}
	return string(b)
}

func syntaxError(err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return badRequest("malformed JSON at byte %d", se.Offset)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return badRequest("malformed JSON: the body ends too soon")
	}
	return badRequest("malformed JSON")
}

// readBody reads the whole body (bounded by the caller's MaxBytesReader)
// and checks that it is one JSON value of valid UTF-8.
func readBody(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, &apiError{Status: http.StatusRequestEntityTooLarge, Code: CodeTooLarge, Message: "request body over " + itoa(tooBig.Limit) + " bytes"}
		}
		return nil, err
	}
	return checkBody(b)
}

func checkBody(b []byte) ([]byte, error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, badRequest("empty body")
	}
	if !utf8.Valid(b) {
		return nil, badRequest("the body is not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	var v json.RawMessage
	if err := dec.Decode(&v); err != nil {
		return nil, syntaxError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, badRequest("trailing data after the JSON value")
	}
	return v, nil
}

// str decodes a JSON string; strict also refuses lone surrogate escapes,
// which decoding would turn into U+FFFD.
func str(raw json.RawMessage, name string, strict bool) (string, error) {
	var s string
	if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
		return "", badRequest("%q must be a string", name)
	}
	if strict && loneSurrogate(raw) {
		return "", badRequest("%q is not valid UTF-8 (it escapes a lone surrogate)", name)
	}
	return s, nil
}

// loneSurrogate reports whether a JSON string literal escapes half of a
// UTF-16 surrogate pair without the other half.
func loneSurrogate(raw []byte) bool {
	hex := func(b []byte) (rune, bool) {
		v, err := strconv.ParseUint(string(b), 16, 16)
		return rune(v), err == nil
	}
	for i := 0; i+6 <= len(raw); i++ {
		if raw[i] != '\\' {
			continue
		}
		if raw[i+1] != 'u' {
			i++ // skip the escaped character, which may be a backslash
			continue
		}
		r, ok := hex(raw[i+2 : i+6])
		if !ok || !utf16.IsSurrogate(r) {
			i += 5
			continue
		}
		if r >= 0xdc00 || i+12 > len(raw) || raw[i+6] != '\\' || raw[i+7] != 'u' {
			return true
		}
		r2, ok := hex(raw[i+8 : i+12])
		if !ok || r2 < 0xdc00 || r2 > 0xdfff {
			return true
		}
		i += 11
	}
	return false
}

func number(raw json.RawMessage, name string) (float64, error) {
	f, err := strconv.ParseFloat(string(raw), 64)
	if err != nil || len(raw) == 0 || raw[0] == '"' || math.IsInf(f, 0) {
		return 0, badRequest("%q must be a number", name)
	}
	return f, nil
}

func integer(raw json.RawMessage, name string) (int64, error) {
	n, err := strconv.ParseInt(string(raw), 10, 64)
	if err != nil {
		return 0, badRequest("%q must be an integer", name)
	}
	return n, nil
}

func boolean(raw json.RawMessage, name string) (bool, error) {
	switch string(raw) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, badRequest("%q must be true or false", name)
}

// decodeAdd parses an add request into documents, at most maxBatch: one
// document, {"id","text","meta"}, or {"documents":[...]}.
func decodeAdd(r io.Reader, maxBatch int) ([]index.Doc, error) {
	b, err := readBody(r)
	if err != nil {
		return nil, err
	}
	fs, err := parseObject(b, "the request", "id", "text", "meta", "documents")
	if err != nil {
		return nil, err
	}
	var batch json.RawMessage
	var single []field
	for _, f := range fs {
		if f.name == "documents" {
			batch = f.raw
		} else {
			single = append(single, f)
		}
	}
	switch {
	case batch != nil && len(single) > 0:
		return nil, badRequest("give one document or \"documents\", not both")
	case batch == nil:
		d, err := decodeDoc(single, "")
		if err != nil {
			return nil, err
		}
		return []index.Doc{d}, nil
	}
	var items []json.RawMessage
	if batch[0] != '[' || json.Unmarshal(batch, &items) != nil {
		return nil, badRequest("\"documents\" must be an array")
	}
	switch {
	case len(items) == 0:
		return nil, badRequest("\"documents\" is empty")
	case len(items) > maxBatch:
		return nil, badRequest("%d documents; at most %d per request", len(items), maxBatch)
	}
	docs := make([]index.Doc, len(items))
	for i, it := range items {
		where := "documents[" + strconv.Itoa(i) + "]"
		fs, err := parseObject(it, where, "id", "text", "meta")
		if err != nil {
			return nil, err
		}
		if docs[i], err = decodeDoc(fs, where+": "); err != nil {
			return nil, err
		}
	}
	return docs, nil
}

func decodeDoc(fs []field, where string) (index.Doc, error) {
	var d index.Doc
	var hasID, hasText bool
	for _, f := range fs {
		var err error
		switch f.name {
		case "id":
			hasID = true
			d.ID, err = str(f.raw, "id", true)
		case "text":
			hasText = true
			var t string
			t, err = str(f.raw, "text", false)
			d.Text = []byte(t)
		case "meta":
			d.Meta, err = decodeMeta(f.raw)
		}
		if err != nil {
			e := err.(*apiError)
			e.Message = where + e.Message
			return index.Doc{}, e
		}
	}
	switch {
	case !hasID || d.ID == "":
		return index.Doc{}, badRequest("%s\"id\" is required", where)
	case len(d.ID) > index.MaxIDBytes:
		return index.Doc{}, badRequest("%s\"id\" is over %d bytes", where, index.MaxIDBytes)
	case !hasText:
		return index.Doc{}, badRequest("%s\"text\" is required", where)
	}
	return d, nil
}

func decodeMeta(raw json.RawMessage) (rehash.Meta, error) {
	var m rehash.Meta
	if string(raw) == "null" {
		return m, nil
	}
	fs, err := parseObject(raw, "\"meta\"", "title", "date", "url", "site", "bytes")
	if err != nil {
		return m, err
	}
	for _, f := range fs {
		switch f.name {
		case "title":
			m.Title, err = str(f.raw, "meta.title", false)
		case "date":
			m.Date, err = str(f.raw, "meta.date", false)
		case "url":
			m.URL, err = str(f.raw, "meta.url", false)
		case "site":
			m.Site, err = str(f.raw, "meta.site", false)
		case "bytes":
			m.Bytes, err = integer(f.raw, "meta.bytes")
		}
		if err != nil {
			return m, err
		}
	}
	return m, nil
}

// checkRequest is the body of POST /v1/check.
type checkRequest struct {
	Text      string
	Threshold float64
	Limit     int
	// Reuse asks for reuse links as well.
	Reuse bool
}

// decodeCheck parses a check request.
func decodeCheck(r io.Reader) (*checkRequest, error) {
	b, err := readBody(r)
	if err != nil {
		return nil, err
	}
	fs, err := parseObject(b, "the request", "text", "threshold", "limit", "reuse")
	if err != nil {
		return nil, err
	}
	req := &checkRequest{}
	hasText := false
	for _, f := range fs {
		switch f.name {
		case "text":
			hasText = true
			req.Text, err = str(f.raw, "text", false)
		case "threshold":
			req.Threshold, err = number(f.raw, "threshold")
		case "limit":
			var n int64
			n, err = integer(f.raw, "limit")
			if err == nil && (n < 0 || n > math.MaxInt32) {
				err = badRequest("\"limit\" must be in [0, %d]", math.MaxInt32)
			}
			req.Limit = int(n)
		case "reuse":
			req.Reuse, err = boolean(f.raw, "reuse")
		}
		if err != nil {
			return nil, err
		}
	}
	switch {
	case !hasText:
		return nil, badRequest("\"text\" is required")
	case req.Threshold < 0 || req.Threshold > 1:
		return nil, badRequest("\"threshold\" must be in [0, 1]")
	}
	return req, nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

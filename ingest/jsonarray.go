package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/rehashdev/rehash"
)

// jsonArrayFormat reads a JSON document whose top level is an array of
// objects, each a record with the fields JSONL records have. The array is
// streamed element by element, so a file far larger than memory is fine as
// long as each element fits. A top-level object is read as one record.
//
// Records carry Source.Offset, the byte offset of the element, and no line
// number: counting lines would mean scanning every byte a second time.
//
// A syntax error between elements cannot be resynchronised (the decoder
// does not know where the next element starts), so it is yielded as one
// failed record naming the offset and the rest of the file is not read.
type jsonArrayFormat struct{}

func (jsonArrayFormat) Name() string { return "json" }

func (jsonArrayFormat) Split(ctx context.Context, in *Input, yield func(*Record) error) error {
	// A byte order mark is not JSON, but editors on Windows write one.
	var base int64
	if head, _ := in.R.Peek(3); string(head) == "\ufeff" {
		in.R.Discard(3)
		base = 3
	}
	er := &errorReader{r: in.R}
	dec := json.NewDecoder(er)
	malformed := func(err error) error {
		if er.err != nil {
			return readError{er.err}
		}
		src := rehash.Source{Path: in.Name, Offset: base + dec.InputOffset(), Format: "json"}
		return yield(failed(src, rehash.SkipMalformed, err))
	}
	tok, err := dec.Token()
	if errors.Is(err, io.EOF) && er.err == nil {
		return nil // an empty file holds no records
	}
	if err != nil {
		return malformed(err)
	}
	var single bool
	switch tok {
	case json.Delim('['):
	case json.Delim('{'):
		single = true
	default:
		return malformed(fmt.Errorf("top level is %v, not an array or object", tok))
	}
	if single {
		return splitSingleObject(in, dec, er, base, yield)
	}
	for n := 0; dec.More(); n++ {
		if n&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return malformed(err)
		}
		end := dec.InputOffset()
		src := rehash.Source{Path: in.Name, Offset: base + end - int64(len(raw)), Format: "json"}
		if len(raw) > in.Opts.MaxRecordBytes {
			if err := yield(failed(src, rehash.SkipMalformed, fmt.Errorf("record of %d bytes exceeds the %d-byte limit", len(raw), in.Opts.MaxRecordBytes))); err != nil {
				return err
			}
			continue
		}
		// decodeJSONL checks that the element is an object and takes its
		// fields; the element's bytes are exactly what a JSONL line holds.
		rec := &Record{Raw: raw, Source: src, ID: src.String(), opts: in.Opts, decode: decodeJSONL}
		if err := yield(rec); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil { // the closing ']'
		return malformed(err)
	}
	return nil
}

// splitSingleObject reads a file holding one top-level object, whose
// opening brace the decoder has already consumed, as one record.
func splitSingleObject(in *Input, dec *json.Decoder, er *errorReader, base int64, yield func(*Record) error) error {
	// The decoder has buffered part of the stream; rebuild the object
	// from its buffered rest and the unread remainder.
	rest, err := io.ReadAll(io.LimitReader(io.MultiReader(dec.Buffered(), er), int64(in.Opts.MaxRecordBytes)))
	if er.err != nil {
		return readError{er.err}
	}
	if err != nil {
		return readError{err}
	}
	start := base + dec.InputOffset() - 1
	raw := append([]byte("{"), rest...)
	src := rehash.Source{Path: in.Name, Offset: start, Format: "json"}
	return yield(&Record{Raw: trimSpaceRight(raw), Source: src, ID: in.IDBase, opts: in.Opts, decode: decodeJSONL})
}

func trimSpaceRight(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\n' || b[len(b)-1] == '\r' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}

// errorReader remembers the first error other than io.EOF from r, so that
// a read error (a truncated gzip stream) is told apart from a syntax error
// the JSON decoder reports for the same short input.
type errorReader struct {
	r   io.Reader
	err error
}

func (e *errorReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) && e.err == nil {
		e.err = err
	}
	return n, err
}

// sniffJSONArray wants "[" then "{": a text file may well start with a
// bracket ("[Verse 1]"), an array of records never starts otherwise.
func sniffJSONArray(head []byte) bool {
	t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\ufeff")), " \t\r\n")
	if len(t) == 0 || t[0] != '[' {
		return false
	}
	t = bytes.TrimLeft(t[1:], " \t\r\n")
	return len(t) > 0 && t[0] == '{'
}

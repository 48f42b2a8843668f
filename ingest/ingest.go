// Package ingest reads inputs (files, directories, standard input) and
// splits them into records, one per document, in a stable order.
//
// Reading is split from decoding. Read walks the inputs in order on one
// goroutine and hands out Records: the raw bytes of each record and where
// they came from. Record.Document decodes a record (parses JSON, extracts
// HTML) and is safe to call from many goroutines, so the costly part of
// ingestion runs on all cores while the order of documents stays the order
// of the input.
//
//	err := ingest.Read(ctx, []string{"corpus.jsonl.gz"}, nil, func(r *ingest.Record) error {
//		doc, err := r.Document()
//		...
//	})
//
// Compression (gzip, zstd, bzip2) is recognised by magic bytes, whatever the
// file is called. The format comes from Options.Format, else the file
// extension (after any compression extension), else the content.
// Directories are walked recursively in lexical order; a document's id is
// then its path relative to the directory given.
package ingest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"

	"github.com/rehashdev/rehash"
)

// Options control reading. A nil *Options means the defaults.
type Options struct {
	// Format forces a format by name ("text", "jsonl", ...) instead of
	// detecting it. Default "": detect.
	Format string
	// IDField names the JSON field (or CSV column) holding the id.
	// Default "id".
	IDField string
	// TextField names the JSON field (or CSV column) holding the text.
	// Default "text".
	TextField string
	// TitleField and DateField name the JSON field (or CSV/Parquet
	// column) holding a record's title and date. Default "title" and
	// "date". A date in any form package when reads is compared as an
	// instant by the dated keep policies.
	TitleField, DateField string
	// Charset forces the charset of every document, by a WHATWG label
	// ("windows-1252", "latin1", "utf-16le", "shift_jis", ...), instead
	// of detecting it; see charset.go for the detection rules. Default
	// "": detect.
	Charset string
	// Content says what the text of a record (a JSON or CSV field, a
	// Parquet column, a text file) holds: "text", "html" (extract the
	// main text, as for an HTML file) or "auto" (sniff each record's
	// text as files are sniffed). Default "auto".
	Content string
	// MaxRecordBytes bounds one record (a JSONL line, a text file).
	// Default 512 MiB.
	MaxRecordBytes int
	// BytesRead, if set, is advanced by every byte read from the files as
	// stored (compressed), for progress reporting.
	BytesRead *atomic.Int64
	// Stdin is read for the path "-". Default os.Stdin.
	Stdin io.Reader
	// KeepMail keeps mail and news headers and signatures in the text.
	// Default false: in plain-text documents (text files, JSON, CSV/TSV
	// and Parquet text fields; not HTML) a leading header block becomes
	// metadata (Subject the title, Date the date) and a trailing "-- "
	// signature is dropped, so that what recurs across one author's
	// posts is not taken for shared text. See mail.go for the rules.
	KeepMail bool
	// NoOffsets skips building the map from a JSON text field back to its
	// escaped bytes in the record (Document.Offsets, TextStart), for
	// consumers that never point into raw bytes, such as deduplication:
	// it costs about a tenth of decoding. Default false: offsets are built.
	NoOffsets bool
}

func (o *Options) withDefaults() *Options {
	c := Options{}
	if o != nil {
		c = *o
	}
	if c.IDField == "" {
		c.IDField = DefaultIDField
	}
	if c.TextField == "" {
		c.TextField = DefaultTextField
	}
	if c.TitleField == "" {
		c.TitleField = DefaultTitleField
	}
	if c.DateField == "" {
		c.DateField = DefaultDateField
	}
	if c.Content == "" {
		c.Content = ContentAuto
	}
	if c.MaxRecordBytes <= 0 {
		c.MaxRecordBytes = 512 << 20
	}
	if c.Stdin == nil {
		c.Stdin = os.Stdin
	}
	return &c
}

// Validate checks the options that name things: the format, the charset
// and the content type. Read calls it; commands call it before they
// create any output.
func (o *Options) Validate() error {
	if o == nil {
		return nil
	}
	if o.Format != "" && formatByName(o.Format) == nil {
		return fmt.Errorf("%w %q (known: %s)", ErrUnknownFormat, o.Format, strings.Join(FormatNames(), ", "))
	}
	if o.Charset != "" {
		if _, _, err := lookupCharset(o.Charset); err != nil {
			return err
		}
	}
	return checkContent(o.Content)
}

// ErrUnknownFormat reports a --format that names no format.
var ErrUnknownFormat = errors.New("ingest: unknown format")

// Record is one undecoded record.
type Record struct {
	// Raw is the record's bytes as they stood in the decompressed input.
	Raw []byte
	// Source says where the record came from.
	Source rehash.Source
	// ID is the id the reader gave the record; decoding may replace it
	// with an id field of its own.
	ID string
	// Header is the raw header line of the table the record is a row of
	// (CSV, TSV), shared by all rows of one file; nil for other formats.
	// Deduplicated output writes it before the first kept row.
	Header []byte

	opts   *Options
	decode func(*Record) (*rehash.Document, error)
}

// Document decodes the record. Problems with the record itself come back
// as a *rehash.RecordError. It is safe to call from several goroutines on
// different records.
func (r *Record) Document() (doc *rehash.Document, err error) {
	// A decoder that panics on one damaged record (a library's, or one
	// of ours) costs that record, named, and not the run.
	defer func() {
		if p := recover(); p != nil {
			doc, err = nil, &rehash.RecordError{Source: r.Source, Reason: rehash.SkipMalformed, Err: fmt.Errorf("%w: %v", errDecoderPanic, p)}
		}
	}()
	return r.decode(r)
}

// failed returns a record that decodes to err, so that a problem found
// while reading (an unreadable file in a directory) reaches the consumer in
// input order like any other record.
func failed(src rehash.Source, reason rehash.SkipReason, err error) *Record {
	e := &rehash.RecordError{Source: src, Reason: reason, Err: err}
	return &Record{Source: src, ID: src.String(), decode: func(*Record) (*rehash.Document, error) { return nil, e }}
}

// Input is one decompressed stream handed to a Format.
type Input struct {
	// Name is the path as it will appear in Source.Path.
	Name string
	// IDBase is the id for a single-document input (a text file): the path
	// relative to the directory walked, or the path as given.
	IDBase string
	// R reads the decompressed bytes, buffered so that formats may peek.
	R *bufio.Reader
	// Opts are the reading options, with defaults filled in.
	Opts *Options
}

// Format splits one stream into records.
type Format interface {
	// Name is the name --format takes.
	Name() string
	// Split reads in and calls yield for every record in order. A problem
	// confined to one record is yielded as a record that fails to decode;
	// an error returned ends the stream and the run.
	Split(ctx context.Context, in *Input, yield func(*Record) error) error
}

// Read reads every path in order (a file, a directory walked recursively,
// or "-" for standard input) and calls yield for every record. It stops at
// the first error yield returns, and returns it.
func Read(ctx context.Context, paths []string, opts *Options, yield func(*Record) error) error {
	o := opts.withDefaults()
	if err := o.Validate(); err != nil {
		return err
	}
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		if p == "-" {
			if err := readStream(ctx, o, "-", "-", io.NopCloser(o.Stdin), yield); err != nil {
				return err
			}
			continue
		}
		file := func(path, id string) error { return readFile(ctx, o, path, id, yield) }
		if err := walkPath(ctx, p, file, yield); err != nil {
			return err
		}
	}
	return nil
}

// walkPath calls file for p, or for every file under p if it is a
// directory, in the order Read reads them.
func walkPath(ctx context.Context, p string, file func(path, id string) error, yield func(*Record) error) error {
	fi, err := os.Stat(p)
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	if !fi.IsDir() {
		return file(p, p)
	}
	return walk(ctx, p, "", []os.FileInfo{fi}, file, yield)
}

// Walk lists what Read reads for paths, in the same order, without
// reading it: file is called for every file (a path as given, or every
// file of a directory walked), with the id a single-document file gets
// from Read; problem is called for what Read would yield as a record
// that fails to decode (an unreadable directory, a symbolic-link loop, a
// special file in a directory). Together with ReadFile it lets a
// distributed reader (package beam/pipeline) spread one input's files
// over workers and still number and name records as Read does. "-"
// (standard input) is passed to file as it is.
func Walk(ctx context.Context, paths []string, file func(path, id string) error, problem func(*Record) error) error {
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		if p == "-" {
			if err := file("-", "-"); err != nil {
				return err
			}
			continue
		}
		if err := walkPath(ctx, p, file, problem); err != nil {
			return err
		}
	}
	return nil
}

// ReadFile reads one file as Read does when it meets it, id being the id
// a single-document file gets (Walk gives it). An unopenable file is
// yielded as a record that fails to decode, as in Read.
func ReadFile(ctx context.Context, path, id string, opts *Options, yield func(*Record) error) error {
	o := opts.withDefaults()
	if err := o.Validate(); err != nil {
		return err
	}
	return readFile(ctx, o, path, id, yield)
}

// ReadStream reads r as Read reads a file named name: the name gives the
// compression and format by extension and the records' sources, id is as
// in ReadFile. It is for files Read cannot open, such as a distributed
// reader's objects on gs:// or s3://; r is closed if it is an io.Closer.
func ReadStream(ctx context.Context, r io.Reader, name, id string, opts *Options, yield func(*Record) error) error {
	o := opts.withDefaults()
	if err := o.Validate(); err != nil {
		return err
	}
	rc, ok := r.(io.ReadCloser)
	if !ok {
		rc = io.NopCloser(r)
	}
	return readStream(ctx, o, name, id, rc, yield)
}

func readFile(ctx context.Context, o *Options, path, id string, yield func(*Record) error) error {
	f, err := os.Open(path)
	if err != nil {
		return yield(failed(rehash.Source{Path: path}, rehash.SkipUnreadable, err))
	}
	return readStream(ctx, o, path, id, f, yield)
}

// readStream decompresses rc, picks the format, and splits it.
func readStream(ctx context.Context, o *Options, name, id string, rc io.ReadCloser, yield func(*Record) error) error {
	defer rc.Close()
	var r io.Reader = rc
	if o.BytesRead != nil {
		r = &countingReader{r: r, n: o.BytesRead}
	}
	br := bufio.NewReaderSize(r, 1<<16)
	cr := &offsetReader{br: br}
	dr, cext, err := decompress(cr)
	if err != nil {
		return fmt.Errorf("ingest: %s: %w", name, &StreamError{Offset: cr.n, Err: err})
	}
	defer dr.Close()
	in := &Input{Name: name, IDBase: trimCompressExt(id, cext), R: bufio.NewReaderSize(dr, 1<<16), Opts: o}
	f, err := detect(in, trimCompressExt(name, cext))
	if err != nil {
		return err
	}
	if f == nil {
		return yield(failed(rehash.Source{Path: name}, rehash.SkipBinary, errors.New("not a text file")))
	}
	err = f.Split(ctx, in, yield)
	var rerr readError
	if errors.As(err, &rerr) {
		// A read error (a truncated gzip stream) ends this file; what was
		// read from it stands, and the damage is reported by name and,
		// for a compressed file, by where the decompressor stopped.
		if cext != "" {
			return fmt.Errorf("ingest: %s: %w", name, &StreamError{Offset: cr.n, Err: rerr.err})
		}
		return fmt.Errorf("ingest: %s: %w", name, rerr.err)
	}
	return err
}

// StreamError is a damaged compressed stream (gzip, zstd, bzip2): the
// decompressor's error and about where in the file, as stored, it
// stopped. Offset counts the compressed bytes the decompressor had taken
// when it failed; decompressors read ahead by up to a block, so the damage
// lies at or before it.
type StreamError struct {
	Offset int64
	Err    error
}

func (e *StreamError) Error() string {
	return fmt.Sprintf("corrupt compressed stream near byte %d: %v", e.Offset, e.Err)
}

func (e *StreamError) Unwrap() error { return e.Err }

// offsetReader counts the bytes a decompressor takes from the file. It is
// an io.ByteReader, so the flate decoders read from it directly rather
// than through a buffer of their own, and the count stays close to the
// decoder's position.
type offsetReader struct {
	br *bufio.Reader
	n  int64
}

func (r *offsetReader) Read(p []byte) (int, error) {
	n, err := r.br.Read(p)
	r.n += int64(n)
	return n, err
}

func (r *offsetReader) ReadByte() (byte, error) {
	b, err := r.br.ReadByte()
	if err == nil {
		r.n++
	}
	return b, err
}

func (r *offsetReader) Peek(n int) ([]byte, error) { return r.br.Peek(n) }

// readError marks an error from the underlying stream, as opposed to one
// returned by yield.
type readError struct{ err error }

func (e readError) Error() string { return e.err.Error() }
func (e readError) Unwrap() error { return e.err }

type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

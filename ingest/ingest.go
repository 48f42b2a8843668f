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
	"io/fs"
	"os"
	"path/filepath"
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
	if c.MaxRecordBytes <= 0 {
		c.MaxRecordBytes = 512 << 20
	}
	if c.Stdin == nil {
		c.Stdin = os.Stdin
	}
	return &c
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
func (r *Record) Document() (*rehash.Document, error) {
	doc, err := r.decode(r)
	if err == nil && doc != nil && r.opts != nil && !r.opts.KeepMail && mailFormat(doc.Source.Format) {
		stripMail(doc)
	}
	return doc, err
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
	if o.Format != "" && formatByName(o.Format) == nil {
		return fmt.Errorf("%w %q (known: %s)", ErrUnknownFormat, o.Format, strings.Join(FormatNames(), ", "))
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
		fi, err := os.Stat(p)
		if err != nil {
			return fmt.Errorf("ingest: %w", err)
		}
		if !fi.IsDir() {
			if err := readFile(ctx, o, p, p, yield); err != nil {
				return err
			}
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				// An unreadable directory entry is a counted skip, not the
				// end of a long walk.
				return yield(failed(rehash.Source{Path: path}, rehash.SkipUnreadable, err))
			}
			if d.IsDir() {
				if path != p && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if strings.HasPrefix(d.Name(), ".") || !d.Type().IsRegular() {
				return nil
			}
			rel, err := filepath.Rel(p, path)
			if err != nil {
				rel = path
			}
			return readFile(ctx, o, path, filepath.ToSlash(rel), yield)
		})
		if err != nil {
			return err
		}
	}
	return nil
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
	dr, cext, err := decompress(br)
	if err != nil {
		return fmt.Errorf("ingest: %s: %w", name, err)
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
		// read from it stands, and the damage is reported by name.
		return fmt.Errorf("ingest: %s: %w", name, rerr.err)
	}
	return err
}

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

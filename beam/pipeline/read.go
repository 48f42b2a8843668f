package pipeline

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/dedup"
	"github.com/rehashdev/rehash/ingest"
	"github.com/rehashdev/rehash/signature"
)

func init() {
	beam.RegisterType(reflect.TypeOf((*readFn)(nil)).Elem())
}

// remote reports whether path names a file on a Beam filesystem other
// than the local one (gs://bucket/..., s3://...).
func remote(path string) bool { return strings.Contains(path, "://") }

// expand turns the inputs into files, in the order the CLI reads them: a
// local input is a file, a directory (walked as ingest.Read walks it, by
// ingest.Walk) or a glob pattern (its matches sorted by name, each a file
// or a directory); a remote one (gs://, s3://, any scheme the Beam SDK
// has a filesystem for) is a pattern its filesystem lists. A file named
// twice is read twice, as `rehash dedup` reads it. Listing happens once,
// when the pipeline is built, so that every worker agrees on the
// numbering.
func expand(ctx context.Context, patterns []string) ([]fileRef, error) {
	var out []fileRef
	add := func(r fileRef) {
		r.Index = len(out)
		out = append(out, r)
	}
	for _, p := range patterns {
		if p == "-" {
			return nil, fmt.Errorf("%w: standard input cannot be read by a distributed job", ErrOptions)
		}
		if remote(p) {
			matches, err := list(ctx, p)
			if err != nil {
				return nil, err
			}
			for _, m := range matches {
				add(fileRef{Path: m, ID: m})
			}
			continue
		}
		matches, err := filepath.Glob(p)
		if err != nil {
			return nil, fmt.Errorf("pipeline: %s: %w", p, err)
		}
		if len(matches) == 0 {
			// Not a pattern, or one that matches nothing: ingest names
			// the missing file.
			matches = []string{p}
		}
		slices.Sort(matches)
		err = ingest.Walk(ctx, matches, func(path, id string) error {
			add(fileRef{Path: path, ID: id})
			return nil
		}, func(r *ingest.Record) error {
			_, err := r.Document()
			var rerr *rehash.RecordError
			if !errors.As(err, &rerr) {
				return fmt.Errorf("pipeline: %s: %w", r.Source, err)
			}
			add(fileRef{Path: rerr.Source.Path, ID: rerr.Source.Path, Reason: string(rerr.Reason), Err: rerr.Err.Error()})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("pipeline: %w", err)
		}
	}
	return out, nil
}

// list expands a remote pattern with its filesystem, sorted by name.
func list(ctx context.Context, pattern string) ([]string, error) {
	fs, err := filesystem.New(ctx, pattern)
	if err != nil {
		return nil, fmt.Errorf("pipeline: %s: %w", pattern, err)
	}
	defer fs.Close()
	matches, err := fs.List(ctx, pattern)
	if err != nil {
		return nil, fmt.Errorf("pipeline: %s: %w", pattern, err)
	}
	if len(matches) == 0 {
		return nil, fmt.Errorf("pipeline: %s: no such file", pattern)
	}
	slices.Sort(matches)
	return matches, nil
}

// open opens a remote file for reading through the SDK's filesystem
// registry.
func open(ctx context.Context, path string) (io.ReadCloser, error) {
	r, c, err := onFS(ctx, path, func(fs filesystem.Interface) (io.ReadCloser, error) { return fs.OpenRead(ctx, path) })
	if err != nil {
		return nil, err
	}
	return struct {
		io.Reader
		io.Closer
	}{r, c}, nil
}

// onFS calls op with the filesystem path is on; closing what it returns
// closes op's result and then the filesystem.
func onFS[T io.Closer](ctx context.Context, path string, op func(filesystem.Interface) (T, error)) (T, io.Closer, error) {
	var zero T
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return zero, nil, err
	}
	v, err := op(fs)
	if err != nil {
		fs.Close()
		return zero, nil, err
	}
	return v, closers{v, fs}, nil
}

type closers []io.Closer

func (cs closers) Close() error {
	var err error
	for _, c := range cs {
		if cerr := c.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

// readFile calls yield for every record of one input file, as ingest.Read
// does when it meets the file: a local file by ingest.ReadFile, a remote
// one streamed from the SDK's filesystem into ingest.ReadStream under its
// own name (so its format, compression and sources are as for a local
// file of that name).
func readFile(ctx context.Context, f fileRef, o *ingest.Options, yield func(*ingest.Record) error) error {
	if !remote(f.Path) {
		return ingest.ReadFile(ctx, f.Path, f.ID, o, yield)
	}
	rc, err := open(ctx, f.Path)
	if err != nil {
		return err
	}
	defer rc.Close()
	return ingest.ReadStream(ctx, rc, f.Path, f.ID, o, yield)
}

// deadLetter is one line of the dead-letter output.
type deadLetter struct {
	Source string `json:"source"`
	Reason string `json:"reason"`
	Error  string `json:"error"`
	// Record is the raw record, as text (invalid UTF-8 replaced).
	Record string `json:"record"`
}

// readFn reads one input file, analyzes every record with
// signature.Analyzer (as dedup does), and emits per document its exact-grouping element
// (keyed by content hash) and its shingle set (keyed by ordinal), and per
// bad record a dead-letter line (or fails, under OnError fail).
type readFn struct {
	Cfg config
	// NoSets leaves the shingle sets out, for the second read to rebuild.
	NoSets bool

	an   *signature.Analyzer
	opts *dedup.Options
}

func (f *readFn) Setup() error {
	f.opts = f.Cfg.dedupOptions()
	var err error
	f.an, err = signature.NewAnalyzer(f.Cfg.Params, nil)
	return err
}

func (f *readFn) ProcessElement(ctx context.Context, in fileRef,
	exact func(string, docVal), sets func(uint64, setVal), bad func(string, line)) error {
	docs := beam.NewCounter(ns, "docs")
	read := beam.NewCounter(ns, "records")
	bytesIn := beam.NewCounter(ns, "bytes_read")
	shExact := beam.NewCounter(ns, "shuffle_bytes_exact")
	shSets := beam.NewCounter(ns, "shuffle_bytes_sets")
	if in.Reason != "" {
		// A walk's problem is one record that fails, as in ingest.Read.
		read.Inc(ctx, 1)
		err := &rehash.RecordError{Source: rehash.Source{Path: in.Path}, Reason: rehash.SkipReason(in.Reason), Err: errors.New(in.Err)}
		if err := f.skip(ctx, ordinal(in.Index, 0), err, nil, bad); err != nil {
			return fmt.Errorf("pipeline: %s: %w", in.Path, err)
		}
		return nil
	}
	rec := uint64(0)
	err := readFile(ctx, in, f.opts.Ingest, func(r *ingest.Record) error {
		ord := ordinal(in.Index, rec)
		rec++
		read.Inc(ctx, 1)
		bytesIn.Inc(ctx, int64(len(r.Raw)))
		doc, err := r.Document()
		var a signature.Analysis
		if err == nil {
			// The parts and the skip are dedup's (dedup/analyze.go).
			if a, err = f.an.Analyze(doc.Text, signature.Hash|signature.Shingles|signature.Keys); errors.Is(err, signature.ErrEmpty) {
				err = &rehash.RecordError{Source: doc.Source, Reason: rehash.SkipEmpty, Err: err}
			}
		}
		if err != nil {
			return f.skip(ctx, ord, err, r.Raw, bad)
		}
		docs.Inc(ctx, 1)
		var h [16]byte
		binary.BigEndian.PutUint64(h[:8], a.Hash.Hi)
		binary.BigEndian.PutUint64(h[8:], a.Hash.Lo)
		dv := docVal{Ord: ord, Len: int64(len(doc.Text)), ID: doc.ID, Date: doc.Meta.Date, Keys: a.Keys}
		sv := setVal{Ord: ord, ID: doc.ID, Set: a.Set()}
		shExact.Inc(ctx, int64(16+1+dv.size()))
		exact(string(h[:]), dv)
		if !f.NoSets {
			shSets.Inc(ctx, int64(8+sv.size()))
			sets(ord, sv)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("pipeline: %s: %w", in.Path, err)
	}
	return nil
}

// skip counts a bad record and writes its dead letter, or returns err
// when the policy is to fail (or err is not a record's problem).
func (f *readFn) skip(ctx context.Context, ord uint64, err error, raw []byte, bad func(string, line)) error {
	var rerr *rehash.RecordError
	if !f.Cfg.Skip || !errors.As(err, &rerr) {
		return err
	}
	beam.NewCounter(ns, "skipped_"+string(rerr.Reason)).Inc(ctx, 1)
	data, jerr := marshalLine(deadLetter{Source: rerr.Source.String(), Reason: string(rerr.Reason),
		Error: rerr.Err.Error(), Record: string(bytes.ToValidUTF8(raw, []byte("\uFFFD")))})
	if jerr != nil {
		return jerr
	}
	bad(shardName("deadletter", ord), line{K1: ord, Data: data})
	return nil
}

// marshalLine encodes v as one JSON line the way the CLI writes its
// outputs (no HTML escaping, a trailing newline).
func marshalLine(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

package pipeline

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
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

// expand turns the input patterns into files, in order: each pattern's
// matches sorted by name, a file matched twice read once (where first
// matched). Listing happens once, when the pipeline is built, so that
// every worker agrees on the numbering.
func expand(ctx context.Context, patterns []string) ([]fileRef, error) {
	var out []fileRef
	seen := map[string]bool{}
	for _, p := range patterns {
		var matches []string
		if remote(p) {
			fs, err := filesystem.New(ctx, p)
			if err != nil {
				return nil, fmt.Errorf("pipeline: %s: %w", p, err)
			}
			matches, err = fs.List(ctx, p)
			fs.Close()
			if err != nil {
				return nil, fmt.Errorf("pipeline: %s: %w", p, err)
			}
		} else {
			var err error
			if matches, err = filepath.Glob(p); err != nil {
				return nil, fmt.Errorf("pipeline: %s: %w", p, err)
			}
		}
		if len(matches) == 0 {
			return nil, fmt.Errorf("pipeline: %s: no such file", p)
		}
		slices.Sort(matches)
		for _, m := range matches {
			if !seen[m] {
				seen[m] = true
				out = append(out, fileRef{Index: len(out), Path: m})
			}
		}
	}
	return out, nil
}

// readFile calls yield for every record of one input file. A remote file
// is streamed through the SDK's filesystem as ingest's standard input, so
// its records' sources read "-" (ids from an id field are unaffected).
func readFile(ctx context.Context, f fileRef, o *ingest.Options, yield func(*ingest.Record) error) error {
	if !remote(f.Path) {
		return ingest.Read(ctx, []string{f.Path}, o, yield)
	}
	fs, err := filesystem.New(ctx, f.Path)
	if err != nil {
		return err
	}
	defer fs.Close()
	rc, err := fs.OpenRead(ctx, f.Path)
	if err != nil {
		return err
	}
	defer rc.Close()
	c := *o
	c.Stdin = rc
	return ingest.Read(ctx, []string{"-"}, &c, yield)
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
			var rerr *rehash.RecordError
			if !f.Cfg.Skip || !errors.As(err, &rerr) {
				return err
			}
			beam.NewCounter(ns, "skipped_"+string(rerr.Reason)).Inc(ctx, 1)
			data, jerr := marshalLine(deadLetter{Source: rerr.Source.String(), Reason: string(rerr.Reason),
				Error: rerr.Err.Error(), Record: string(bytes.ToValidUTF8(r.Raw, []byte("\uFFFD")))})
			if jerr != nil {
				return jerr
			}
			bad(shardName("deadletter", ord), line{K1: ord, Data: data})
			return nil
		}
		docs.Inc(ctx, 1)
		var h [16]byte
		binary.BigEndian.PutUint64(h[:8], a.Hash.Hi)
		binary.BigEndian.PutUint64(h[8:], a.Hash.Lo)
		dv := docVal{Ord: ord, Len: int64(len(doc.Text)), ID: doc.ID, Date: doc.Meta.Date, Keys: a.Keys}
		sv := setVal{Ord: ord, ID: doc.ID, Set: a.Set()}
		shExact.Inc(ctx, int64(16+1+dv.size()))
		shSets.Inc(ctx, int64(8+sv.size()))
		exact(string(h[:]), dv)
		sets(ord, sv)
		return nil
	})
	if err != nil {
		return fmt.Errorf("pipeline: %s: %w", in.Path, err)
	}
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

package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/dedup"
	"github.com/rehashdev/rehash/evidence"
	"github.com/rehashdev/rehash/ingest"
)

func init() {
	beam.RegisterType(reflect.TypeOf(want{}))
	beam.RegisterType(reflect.TypeOf(docSide{}))
	beam.RegisterFunction(wantFn)
	beam.RegisterType(reflect.TypeOf((*docsFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*templateFn)(nil)).Elem())
}

// want asks an input file for one record, for one verified pair.
type want struct {
	Rec  uint64
	Pair string
}

// docSide is one document of a verified pair, whole (rehash.Document as
// JSON), for the template check.
type docSide struct {
	Ord uint64
	Doc []byte
}

// templates is the CLI's template check (dedup.Options.Templates) on the
// verified pairs: both documents of each pair are read again from their
// input files (routed by file and record number, as the second read
// routes candidates), meet under the pair's key, and are aligned by
// package evidence, as dedup does; each pair then becomes its pairs line,
// marked when it is a template, and an edge unless the rules say not to
// merge it. Shuffle: the verified pairs' documents, whole (about 2% of
// documents on news).
func templates(s beam.Scope, byFile, checks beam.PCollection, cfg config) (edges, lines beam.PCollection) {
	s = s.Scope("templates")
	ends := beam.ParDo(s, wantFn, checks)
	sides := beam.ParDo(s, &docsFn{Cfg: cfg}, beam.CoGroupByKey(s, byFile, ends))
	return beam.ParDo2(s, &templateFn{MergeContained: cfg.MergeContained, Keep: cfg.Templates == string(dedup.TemplatesKeep)},
		beam.CoGroupByKey(s, checks, sides))
}

// wantFn sends a verified pair to the files of its two documents.
func wantFn(k string, _ score, emit func(int, want)) {
	a, b := unpackPair(k)
	emit(fileOf(a), want{Rec: recOf(a), Pair: k})
	emit(fileOf(b), want{Rec: recOf(b), Pair: k})
}

// docsFn reads one input file again and sends each record asked for,
// whole, to the pairs it is in.
type docsFn struct {
	Cfg config
}

func (f *docsFn) ProcessElement(ctx context.Context, idx int, files func(*fileRef) bool, wants func(*want) bool, emit func(string, docSide)) error {
	var ref fileRef
	if !files(&ref) {
		return fmt.Errorf("pipeline: verified pairs in unknown input %d", idx)
	}
	pairs := map[uint64][]string{}
	var w want
	for wants(&w) {
		pairs[w.Rec] = append(pairs[w.Rec], w.Pair)
	}
	sh := beam.NewCounter(ns, "shuffle_bytes_template_sides")
	return readAgain(ctx, ref, f.Cfg.dedupOptions().Ingest, len(pairs), func(n uint64) bool { return pairs[n] != nil },
		func(n uint64, doc *rehash.Document) error {
			d := *doc
			d.Offsets = nil // not serializable; the check reads Text
			data, err := json.Marshal(&d)
			if err != nil {
				return err
			}
			for _, k := range pairs[n] {
				sh.Inc(ctx, int64(1+len(k)+8+len(data)+4))
				emit(k, docSide{Ord: ordinal(idx, n), Doc: data})
			}
			return nil
		})
}

// templateFn checks one verified pair with evidence's aligner, as
// dedup.Run does, and writes its pairs line and edge.
type templateFn struct {
	MergeContained, Keep bool

	al *evidence.Aligner
}

func (f *templateFn) Setup() error {
	var err error
	f.al, err = evidence.New(nil)
	return err
}

func (f *templateFn) ProcessElement(ctx context.Context, k string, scores func(*score) bool, sides func(*docSide) bool,
	edges func(uint64, uint64), pairs func(string, line)) error {
	var sc score
	if !scores(&sc) {
		return fmt.Errorf("pipeline: documents without a verified pair")
	}
	var docs [2]*rehash.Document
	var s docSide
	for sides(&s) {
		var d rehash.Document
		if err := json.Unmarshal(s.Doc, &d); err != nil {
			return err
		}
		switch s.Ord {
		case sc.A:
			docs[0] = &d
		case sc.B:
			docs[1] = &d
		}
	}
	if docs[0] == nil || docs[1] == nil {
		return fmt.Errorf("pipeline: pair %d-%d: a document was not read again", sc.A, sc.B)
	}
	l := f.al.Compare(f.al.Prepare(docs[0]), f.al.Prepare(docs[1]))
	if l.Template {
		beam.NewCounter(ns, "template_pairs").Inc(ctx, 1)
	}
	return emitPair(ctx, sc, l.Template, l.Slots, f.MergeContained, f.Keep, edges, pairs)
}

// readAgain reads one input file again, numbering its records as the
// first read did (the same reader), and calls fn with the document of
// each record that need asks for, of which there are count; it stops
// after the last.
func readAgain(ctx context.Context, ref fileRef, o *ingest.Options, count int, need func(uint64) bool, fn func(uint64, *rehash.Document) error) error {
	if count == 0 {
		return nil
	}
	rec := uint64(0)
	err := readFile(ctx, ref, o, func(r *ingest.Record) error {
		n := rec
		rec++
		if !need(n) {
			return nil
		}
		doc, err := r.Document()
		if err != nil {
			return fmt.Errorf("record %d, a document in the first read: %w", n, err)
		}
		if err := fn(n, doc); err != nil {
			return err
		}
		if count--; count == 0 {
			return errDone
		}
		return nil
	})
	if err != nil && !errors.Is(err, errDone) {
		return fmt.Errorf("pipeline: second read of %s: %w", ref.Path, err)
	}
	if count > 0 {
		return fmt.Errorf("pipeline: second read of %s: %d records asked for were not found (the file changed since the first read?)", ref.Path, count)
	}
	return nil
}

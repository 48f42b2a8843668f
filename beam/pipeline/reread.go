package pipeline

import (
	"context"
	"errors"
	"fmt"
	"reflect"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/signature"
)

func init() {
	beam.RegisterFunction(needFn)
	beam.RegisterType(reflect.TypeOf((*rereadFn)(nil)).Elem())
}

// reread is the second-read variant of the verify join's input: instead
// of every document's shingle set crossing a shuffle, each candidate
// pair's two documents are routed to their input file by (file, record
// number), and the file is read again to rebuild the shingle sets of
// those documents only. It returns them keyed by ordinal, as the read
// stage's sets are.
//
// Shuffle: 16 bytes a pair end (file and record), then one set per
// document in some candidate pair, instead of one per document.
func reread(s beam.Scope, byFile, cands beam.PCollection, cfg config) beam.PCollection {
	s = s.Scope("reread")
	need := beam.ParDo(s, needFn, cands)
	return beam.ParDo(s, &rereadFn{Cfg: cfg}, beam.CoGroupByKey(s, byFile, need))
}

// needFn sends a candidate pair's two documents to their input files.
func needFn(ctx context.Context, k string, emit func(int, uint64)) {
	a, b := unpackPair(k)
	beam.NewCounter(ns, "shuffle_bytes_need").Inc(ctx, 2*(8+8))
	emit(fileOf(a), recOf(a))
	emit(fileOf(b), recOf(b))
}

// errDone ends a second read once the last record needed is past.
var errDone = errors.New("pipeline: second read done")

// rereadFn reads one input file again and emits the shingle sets of the
// records asked for, analyzed as the first read analyzed them (the same
// signature.Analyzer and parameters; the records are numbered the same
// way, by the same reader). Records not asked for are skipped without
// decoding, and the read stops after the last one asked for.
type rereadFn struct {
	Cfg config

	an *signature.Analyzer
}

func (f *rereadFn) Setup() error {
	var err error
	f.an, err = signature.NewAnalyzer(f.Cfg.Params, nil)
	return err
}

func (f *rereadFn) ProcessElement(ctx context.Context, idx int, files func(*fileRef) bool, recs func(*uint64) bool, sets func(uint64, setVal)) error {
	var ref fileRef
	if !files(&ref) {
		return fmt.Errorf("pipeline: candidates in unknown input %d", idx)
	}
	need := map[uint64]bool{}
	var r uint64
	for recs(&r) {
		need[r] = true
	}
	sh := beam.NewCounter(ns, "shuffle_bytes_reread_sets")
	docs := beam.NewCounter(ns, "reread_docs")
	return readAgain(ctx, ref, f.Cfg.dedupOptions().Ingest, len(need), func(n uint64) bool { return need[n] },
		func(n uint64, doc *rehash.Document) error {
			a, err := f.an.Analyze(doc.Text, signature.Shingles)
			if err != nil {
				return fmt.Errorf("record %d, a document in the first read: %w", n, err)
			}
			sv := setVal{Ord: ordinal(idx, n), ID: doc.ID, Set: a.Set()}
			sh.Inc(ctx, int64(8+sv.size()))
			docs.Inc(ctx, 1)
			sets(sv.Ord, sv)
			return nil
		})
}

package pipeline

import (
	"context"
	"fmt"
	"reflect"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/dedup"
	"github.com/rehashdev/rehash/verify"
)

func init() {
	beam.RegisterType(reflect.TypeOf((*meetFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*compareFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*verifyFn)(nil)).Elem())
}

// joinSets measures every pair in keys (pairKey strings, each once) on the
// exact shingle sets: both sets meet under the pair's key and
// verify.Compare measures them, A being the earlier document. It returns
// the scores by pair key, and the sets of the documents that were in some
// pair (for a later join that needs only those).
//
// Shuffle: every set in sets crosses the first grouping once; each pair's
// two sets cross the second.
func joinSets(s beam.Scope, stage string, sets, keys beam.PCollection) (scores, matched beam.PCollection) {
	s = s.Scope("join-" + stage)
	ends := beam.ParDo(s, endpointsFn, keys)
	met := beam.CoGroupByKey(s, sets, ends)
	sides, matched := beam.ParDo2(s, &meetFn{Stage: stage}, met)
	scores = beam.ParDo(s, &compareFn{}, beam.GroupByKey(s, sides))
	return scores, matched
}

// meetFn sends a document's set to every pair it is in.
type meetFn struct {
	Stage string
}

func (f *meetFn) ProcessElement(ctx context.Context, ord uint64, sets func(*setVal) bool, pairs func(*string) bool,
	sides func(string, setVal), matched func(uint64, setVal)) error {
	var set setVal
	if !sets(&set) {
		var k string
		if pairs(&k) {
			return fmt.Errorf("pipeline: no shingle set for document %d, which is in a pair", ord)
		}
		return nil
	}
	var k string
	n := 0
	for pairs(&k) {
		sides(k, set)
		n++
	}
	if n > 0 {
		beam.NewCounter(ns, "shuffle_bytes_"+f.Stage+"_sides").Inc(ctx, int64(n*(1+16+set.size())))
		matched(ord, set)
	}
	return nil
}

// compareFn measures one pair on its two sets.
type compareFn struct{}

func (f *compareFn) ProcessElement(k string, sides func(*setVal) bool, emit func(string, score)) error {
	a, b := unpackPair(k)
	var x, y, v setVal
	n := 0
	for sides(&v) {
		switch v.Ord {
		case a:
			x = v
		case b:
			y = v
		}
		n++
	}
	if n != 2 || x.Ord != a || y.Ord != b {
		return fmt.Errorf("pipeline: pair %d-%d met %d sets", a, b, n)
	}
	if a == b {
		return fmt.Errorf("pipeline: pair of document %d with itself", a)
	}
	c := verify.Compare(x.Set, y.Set)
	emit(k, score{A: a, B: b, IDA: x.ID, IDB: y.ID, Jaccard: c.Jaccard, AInB: c.AInB, BInA: c.BInA})
	return nil
}

// verifyFn keeps the pairs at or above the threshold: each becomes a line
// of the pairs output and, unless it is a containment pair that is not to
// be merged, an edge of the duplicate graph. With the template check on,
// the pairs go to it instead (checks), which writes them.
type verifyFn struct {
	Threshold      float64
	MergeContained bool
	Templates      bool
}

func (f *verifyFn) ProcessElement(ctx context.Context, k string, sc score, edges func(uint64, uint64), pairs func(string, line), checks func(string, score)) error {
	if sc.Jaccard < f.Threshold {
		return nil
	}
	beam.NewCounter(ns, "verified_pairs").Inc(ctx, 1)
	if f.Templates {
		checks(k, sc)
		return nil
	}
	return emitPair(ctx, sc, false, nil, f.MergeContained, false, edges, pairs)
}

// emitPair writes a verified pair's line and, unless dedup.Run's rules
// say not to merge it (a containment pair without MergeContained, a
// template kept apart), its edge.
func emitPair(ctx context.Context, sc score, template bool, slots []rehash.Slot, mergeContained, keepTemplates bool,
	edges func(uint64, uint64), pairs func(string, line)) error {
	pl := dedup.PairLine{A: sc.IDA, B: sc.IDB, Jaccard: sc.Jaccard, AInB: sc.AInB, BInA: sc.BInA, Template: template, Slots: slots}
	side := dedup.Contained(rehash.Pair{Jaccard: sc.Jaccard, AInB: sc.AInB, BInA: sc.BInA})
	if side != 0 {
		pl.Contained = string(side)
		beam.NewCounter(ns, "contained_pairs").Inc(ctx, 1)
	}
	data, err := marshalLine(pl)
	if err != nil {
		return err
	}
	if (side == 0 || mergeContained) && !(template && keepTemplates) {
		edges(sc.A, sc.B)
	}
	pairs(shardName("pairs", sc.A), line{K1: sc.A, K2: sc.B, Data: data})
	return nil
}

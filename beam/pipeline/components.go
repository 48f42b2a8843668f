package pipeline

import (
	"context"
	"fmt"
	"reflect"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/transforms/stats"
)

func init() {
	beam.RegisterFunction(bothWaysFn)
	beam.RegisterFunction(downFn)
	beam.RegisterFunction(largeStarFn)
	beam.RegisterFunction(smallStarFn)
	beam.RegisterFunction(starCheckFn)
	beam.RegisterType(reflect.TypeOf((*failUnconvergedFn)(nil)).Elem())
}

// components labels every node of the undirected graph edges (KV of
// ordinals) with the smallest node of its connected component. It runs
// rounds alternations of large-star and small-star, each one grouping of
// the edges, then checks that the graph has become a forest of stars
// (every node but a root has exactly one neighbour, its root): if it has
// not, the job fails with a message naming Options.Rounds. Beam pipelines
// have no loops, so the rounds are unrolled; each costs two shuffles of
// the edges (16 bytes an edge and direction), and on graphs already
// converged a round changes nothing.
//
// Large-star and small-star converge in O(log² n) rounds in the worst case
// and in a handful on real duplicate graphs, whose components are small
// and shallow (Kiveris et al., 2014).
func components(s beam.Scope, edges beam.PCollection, rounds int) beam.PCollection {
	s = s.Scope("components")
	for r := 0; r < rounds; r++ {
		edges = beam.ParDo(s, largeStarFn, beam.GroupByKey(s, beam.ParDo(s, bothWaysFn, edges)))
		edges = beam.ParDo(s, smallStarFn, beam.GroupByKey(s, beam.ParDo(s, downFn, edges)))
	}
	labels, bad := beam.ParDo2(s, starCheckFn, beam.GroupByKey(s, beam.ParDo(s, bothWaysFn, edges)))
	beam.ParDo0(s, &failUnconvergedFn{Rounds: rounds}, stats.Sum(s, bad))
	return labels
}

func bothWaysFn(ctx context.Context, u, v uint64, emit func(uint64, uint64)) {
	beam.NewCounter(ns, "shuffle_bytes_components").Inc(ctx, 2*16)
	emit(u, v)
	emit(v, u)
}

// downFn orients an edge from its larger end to its smaller.
func downFn(ctx context.Context, u, v uint64, emit func(uint64, uint64)) {
	beam.NewCounter(ns, "shuffle_bytes_components").Inc(ctx, 16)
	if v < u {
		emit(u, v)
	} else if u < v {
		emit(v, u)
	}
}

func neighbours(vals func(*uint64) bool) []uint64 {
	var n []uint64
	var v uint64
	for vals(&v) {
		n = append(n, v)
	}
	slices.Sort(n)
	return slices.Compact(n)
}

// largeStarFn links every larger neighbour of u to the smallest node of
// u's closed neighbourhood.
func largeStarFn(u uint64, vals func(*uint64) bool, emit func(uint64, uint64)) {
	n := neighbours(vals)
	m := min(u, n[0])
	for _, v := range n {
		if v > u {
			emit(v, m)
		}
	}
}

// smallStarFn links u and its smaller neighbours to the smallest of them.
func smallStarFn(u uint64, vals func(*uint64) bool, emit func(uint64, uint64)) {
	n := neighbours(vals) // all smaller than u
	m := n[0]
	for _, v := range n[1:] {
		emit(v, m)
	}
	emit(u, m)
}

// starCheckFn labels u with its root, and counts u as unconverged when it
// has a smaller neighbour and any other neighbour.
func starCheckFn(u uint64, vals func(*uint64) bool, labels func(uint64, uint64), bad func(int)) {
	n := neighbours(vals)
	switch {
	case n[0] > u:
		labels(u, u)
	case len(n) == 1:
		labels(u, n[0])
	default:
		bad(1)
	}
}

type failUnconvergedFn struct {
	Rounds int
}

func (f *failUnconvergedFn) ProcessElement(bad int) error {
	if bad > 0 {
		return fmt.Errorf("pipeline: connected components did not converge in %d rounds (%d nodes still off a star); raise Options.Rounds (--cc-rounds)", f.Rounds, bad)
	}
	return nil
}

package pipeline

import (
	"context"
	"fmt"
	"reflect"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/rehashdev/rehash/cluster"
	"github.com/rehashdev/rehash/dedup"
)

func init() {
	beam.RegisterType(reflect.TypeOf(assign{}))
	beam.RegisterFunction(componentFn)
	beam.RegisterType(reflect.TypeOf((*keepFn)(nil)).Elem())
	beam.RegisterFunction(keyOnlyFn)
	beam.RegisterFunction(similarityFn)
}

// assign is a document with the one its cluster keeps.
type assign struct {
	N        node
	RepOrd   uint64
	RepID    string
	RepOwner uint64
}

// componentFn sends the documents of one text (all owned by one ordinal)
// to their component: the owner's label, or the owner itself when it is
// in no verified pair.
func componentFn(ctx context.Context, owner uint64, nodes func(*node) bool, labels func(*uint64) bool, emit func(uint64, node)) {
	comp := owner
	var l uint64
	if labels(&l) {
		comp = l
	}
	var n node
	sh := beam.NewCounter(ns, "shuffle_bytes_clusters")
	for nodes(&n) {
		sh.Inc(ctx, int64(8+n.size()))
		emit(comp, n)
	}
}

// keepFn picks one component's kept document with cluster.Representatives
// (the CLI's code, with members in input order, so the policies' ties fall
// the same way) and writes each member's cluster line, except for members
// whose similarity to the kept one still needs measuring: those go on
// keyed by the pair of texts to compare.
type keepFn struct {
	Keep string
}

func (f *keepFn) ProcessElement(ctx context.Context, _ uint64, vals func(*node) bool,
	lines func(string, line), measure func(string, assign), kept func(int, uint64)) error {
	var members []node
	var n node
	for vals(&n) {
		members = append(members, n)
	}
	slices.SortFunc(members, func(a, b node) int { return cmpU64(a.Ord, b.Ord) })
	r := 0
	if len(members) > 1 {
		uf := cluster.NewUnionFind(len(members))
		ms := make([]cluster.Member, len(members))
		for i, m := range members {
			uf.Union(0, i)
			ms[i] = cluster.Member{ID: m.ID, Len: int(m.Len), Date: m.Date}
		}
		r = cluster.Representatives(uf, ms, cluster.Policy(f.Keep))[0]
		beam.NewCounter(ns, "clusters").Inc(ctx, 1)
	}
	rep := members[r]
	for i, m := range members {
		a := assign{N: m, RepOrd: rep.Ord, RepID: rep.ID, RepOwner: rep.Owner}
		switch {
		case i == r:
			kept(fileOf(m.Ord), recOf(m.Ord))
			if err := clusterLine(lines, a, 1, false); err != nil {
				return err
			}
		case m.Owner == rep.Owner:
			if err := clusterLine(lines, a, 1, true); err != nil {
				return err
			}
		default:
			measure(pairKey(m.Owner, rep.Owner), a)
		}
	}
	return nil
}

func clusterLine(lines func(string, line), a assign, sim float64, exact bool) error {
	keep := a.N.Ord == a.RepOrd
	cl := dedup.ClusterLine{ID: a.N.ID, Cluster: a.RepID, Keep: keep, Similarity: sim, Exact: exact}
	if !keep {
		rep := a.RepID
		cl.DuplicateOf = &rep
	}
	data, err := marshalLine(cl)
	if err != nil {
		return err
	}
	lines(shardName("clusters", a.N.Ord), line{K1: a.N.Ord, Data: data})
	return nil
}

func keyOnlyFn(k string, _ assign) (string, int) { return k, 1 }

// similarityFn writes the cluster lines of the members that waited for
// their pair's measure.
func similarityFn(k string, members func(*assign) bool, scores func(*score) bool, lines func(string, line)) error {
	var sc score
	if !scores(&sc) {
		a, b := unpackPair(k)
		return fmt.Errorf("pipeline: no similarity measured for %d-%d", a, b)
	}
	var a assign
	for members(&a) {
		if err := clusterLine(lines, a, sc.Jaccard, false); err != nil {
			return err
		}
	}
	return nil
}

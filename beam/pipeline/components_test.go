package pipeline

import (
	"context"
	"math/rand/v2"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	"github.com/rehashdev/rehash/cluster"
)

func init() {
	beam.RegisterFunction(splitEdgeFn)
	beam.RegisterFunction(collectLabelFn)
	beam.RegisterType(reflect.TypeOf(testEdge{}))
}

// testEdge wraps an edge: Beam cannot code a bare array.
type testEdge struct{ U, V uint64 }

func splitEdgeFn(e testEdge) (uint64, uint64) { return e.U, e.V }

// gotLabels collects labels from the in-process prism workers.
var gotLabels sync.Map

func collectLabelFn(u, l uint64) { gotLabels.Store(u, l) }

func runComponents(t *testing.T, edges [][2]uint64, rounds int) (map[uint64]uint64, error) {
	t.Helper()
	gotLabels.Clear()
	p, s := beam.NewPipelineWithRoot()
	in := make([]any, len(edges))
	for i, e := range edges {
		in[i] = testEdge{e[0], e[1]}
	}
	labels := components(s, beam.ParDo(s, splitEdgeFn, beam.Create(s, in...)), rounds)
	beam.ParDo0(s, collectLabelFn, labels)
	if _, err := prism.Execute(context.Background(), p); err != nil {
		return nil, err
	}
	got := map[uint64]uint64{}
	gotLabels.Range(func(k, v any) bool { got[k.(uint64)] = v.(uint64); return true })
	return got, nil
}

// TestComponents holds large-star/small-star against union-find on a
// random graph with a long path (the slowest shape to converge) in it.
func TestComponents(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	const n = 400
	var edges [][2]uint64
	for range 300 {
		edges = append(edges, [2]uint64{uint64(r.IntN(n)), uint64(r.IntN(n))})
	}
	for i := uint64(0); i < 60; i++ {
		// A path visiting nodes out of order, so that minima travel far.
		edges = append(edges, [2]uint64{1000 + (i*37)%61, 1000 + ((i+1)*37)%61})
	}
	var keep [][2]uint64
	for _, e := range edges {
		if e[0] != e[1] {
			keep = append(keep, e)
		}
	}
	edges = keep
	got, err := runComponents(t, edges, 8)
	if err != nil {
		t.Fatal(err)
	}
	uf := cluster.NewUnionFind(2000)
	for _, e := range edges {
		uf.Union(int(e[0]), int(e[1]))
	}
	least := map[int]uint64{}
	for _, e := range edges {
		for _, v := range e {
			if r := uf.Find(int(v)); !has(least, r) || v < least[r] {
				least[r] = v
			}
		}
	}
	want := map[uint64]uint64{}
	for _, e := range edges {
		for _, v := range e {
			want[v] = least[uf.Find(int(v))]
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%d labels, want %d", len(got), len(want))
	}
	for v, l := range want {
		if got[v] != l {
			t.Errorf("node %d: label %d, want %d", v, got[v], l)
		}
	}
}

func has(m map[int]uint64, k int) bool { _, ok := m[k]; return ok }

// TestComponentsNotConverged: too few rounds for a long path fail the job
// instead of giving wrong clusters.
func TestComponentsNotConverged(t *testing.T) {
	var edges [][2]uint64
	for i := uint64(0); i < 200; i++ {
		edges = append(edges, [2]uint64{(i * 37) % 211, ((i + 1) * 37) % 211})
	}
	_, err := runComponents(t, edges, 1)
	if err == nil || !strings.Contains(err.Error(), "did not converge") {
		t.Fatalf("got %v, want a convergence failure", err)
	}
}

package pipeline

import (
	"context"
	"reflect"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/rehashdev/rehash/dedup"
)

const ns = "rehash"

func init() {
	beam.RegisterFunction(exactFn)
	beam.RegisterType(reflect.TypeOf((*bucketFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*firstKeyFn)(nil)).Elem())
	beam.RegisterFunction(endpointsFn)
}

// exactFn settles one content hash: the document with the smallest
// ordinal owns the text, the others are its exact duplicates (an exact
// pair each, as the CLI reports them). Every document leaves as a node
// keyed by its owner; only the owner's band keys go on to LSH, as in the
// CLI, where exact duplicates take no part in candidate generation.
func exactFn(ctx context.Context, _ string, vals func(*docVal) bool,
	nodes func(uint64, node), bands func(string, uint64), pairs func(string, line)) error {
	var group []docVal
	var v docVal
	for vals(&v) {
		group = append(group, v)
	}
	slices.SortFunc(group, func(a, b docVal) int { return cmpU64(a.Ord, b.Ord) })
	first := group[0]
	shNodes := beam.NewCounter(ns, "shuffle_bytes_nodes")
	for _, d := range group {
		n := node{Ord: d.Ord, Owner: first.Ord, Len: d.Len, ID: d.ID, Date: d.Date}
		shNodes.Inc(ctx, int64(8+n.size()))
		nodes(first.Ord, n)
	}
	shBands := beam.NewCounter(ns, "shuffle_bytes_bands")
	for b, k := range first.Keys {
		bands(bandKey(b, k), first.Ord)
	}
	shBands.Inc(ctx, int64(len(first.Keys)*(1+10+8)))
	if len(group) > 1 {
		beam.NewCounter(ns, "exact_duplicates").Inc(ctx, int64(len(group)-1))
	}
	for _, d := range group[1:] {
		data, err := marshalLine(dedup.PairLine{A: first.ID, B: d.ID, Jaccard: 1, AInB: 1, BInA: 1, Exact: true})
		if err != nil {
			return err
		}
		pairs(shardName("pairs", first.Ord), line{K1: first.Ord, K2: d.Ord, Data: data})
	}
	return nil
}

// bucketFn turns one LSH bucket into candidate pairs, keyed by the pair so
// that a pair found in several bands is verified once. With MaxBucket set,
// each member is paired only with the MaxBucket-1 members after it in
// input order, which is what lsh.Candidates does with the same cap: a
// giant bucket (boilerplate shared by thousands of documents) then costs
// n·MaxBucket pairs instead of n²/2, at the price of pairs it never
// proposes (their members may still meet in another band, or be joined
// through a chain). The bucket itself is held in memory, 8 bytes a member.
type bucketFn struct {
	MaxBucket int
}

func (f *bucketFn) ProcessElement(ctx context.Context, _ string, vals func(*uint64) bool, emit func(string, int)) {
	var docs []uint64
	var d uint64
	for vals(&d) {
		docs = append(docs, d)
	}
	if len(docs) < 2 {
		return
	}
	slices.Sort(docs)
	if f.MaxBucket > 0 && len(docs) > f.MaxBucket {
		beam.NewCounter(ns, "capped_buckets").Inc(ctx, 1)
	}
	n := 0
	for x := range docs {
		end := len(docs)
		if f.MaxBucket > 0 && end > x+f.MaxBucket {
			end = x + f.MaxBucket
		}
		for y := x + 1; y < end; y++ {
			emit(pairKey(docs[x], docs[y]), 1)
			n++
		}
	}
	beam.NewCounter(ns, "bucket_pairs").Inc(ctx, int64(n))
	beam.NewCounter(ns, "shuffle_bytes_bucket_pairs").Inc(ctx, int64(n*(1+16+1)))
}

// firstKeyFn passes on each distinct pair once, counting them under
// Counter.
type firstKeyFn struct {
	Counter string
}

func (f *firstKeyFn) ProcessElement(ctx context.Context, k string, _ func(*int) bool) string {
	beam.NewCounter(ns, f.Counter).Inc(ctx, 1)
	return k
}

// endpointsFn sends a pair to both of its documents, to meet their sets.
func endpointsFn(ctx context.Context, k string, emit func(uint64, string)) {
	a, b := unpackPair(k)
	beam.NewCounter(ns, "shuffle_bytes_endpoints").Inc(ctx, 2*(8+1+16))
	emit(a, k)
	emit(b, k)
}

func cmpU64(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

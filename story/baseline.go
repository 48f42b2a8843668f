package story

import (
	"cmp"
	"slices"

	"github.com/rehashdev/rehash/cluster"
)

// SingleLink is the baseline stories are measured against: documents whose
// TF-IDF vectors have a cosine of at least t are linked, and stories are
// the connected components. It returns, for each threshold (in the order
// given), each document's component as the index of its lowest member.
//
// Every pair at or above the lowest threshold is found with an inverted
// index and prefix filtering (Bayardo et al. 2007, in its simplest form):
// terms are ordered commonest first, and a vector is indexed only from
// the term where the norm of what comes before it reaches tmin, since a
// pair sharing only terms before that point cannot reach tmin. Cost: the
// sum over indexed terms of their posting lengths, times the vector
// length; memory O(total vector length + pairs found).
func SingleLink(vecs []Vector, thresholds []float64) [][]int {
	tmin := 1.0
	for _, t := range thresholds {
		tmin = min(tmin, t)
	}
	df := map[uint64]int{}
	for _, v := range vecs {
		for _, t := range v.Terms {
			df[t]++
		}
	}
	type pair struct {
		a, b int
		sim  float64
	}
	var pairs []pair
	postings := map[uint64][]int{}
	acc := map[int]bool{}
	order := make([]int, 0, 64)
	for i, v := range vecs {
		// Candidates: earlier documents indexed under any of v's terms.
		clear(acc)
		for _, t := range v.Terms {
			for _, j := range postings[t] {
				acc[j] = true
			}
		}
		order = order[:0]
		for j := range acc {
			order = append(order, j)
		}
		slices.Sort(order)
		for _, j := range order {
			if s := Cosine(v, vecs[j]); s >= tmin {
				pairs = append(pairs, pair{j, i, s})
			}
		}
		// Index v from the point where its commonest terms stop being
		// able to reach tmin on their own.
		idx := make([]int, len(v.Terms))
		for k := range idx {
			idx[k] = k
		}
		slices.SortFunc(idx, func(a, b int) int {
			if c := cmp.Compare(df[v.Terms[b]], df[v.Terms[a]]); c != 0 {
				return c
			}
			return cmp.Compare(v.Terms[a], v.Terms[b])
		})
		var prefix float64
		for _, k := range idx {
			w := float64(v.Weights[k])
			if prefix+w*w < tmin*tmin {
				prefix += w * w
				continue
			}
			postings[v.Terms[k]] = append(postings[v.Terms[k]], i)
		}
	}
	slices.SortFunc(pairs, func(x, y pair) int { return cmp.Compare(y.sim, x.sim) })
	out := make([][]int, len(thresholds))
	for ti, t := range thresholds {
		uf := cluster.NewUnionFind(len(vecs))
		for _, p := range pairs {
			if p.sim < t {
				break
			}
			uf.Union(p.a, p.b)
		}
		comp := make([]int, len(vecs))
		low := map[int]int{}
		for i := range vecs {
			r := uf.Find(i)
			if _, ok := low[r]; !ok {
				low[r] = i
			}
			comp[i] = low[r]
		}
		out[ti] = comp
	}
	return out
}

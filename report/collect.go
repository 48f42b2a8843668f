package report

import (
	"cmp"
	"slices"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/dedup"
)

// Clusters returns the clusters of a dedup run that have more than one
// member, in the input order of their kept documents; members come in input
// order.
func Clusters(res *dedup.Result) []Cluster {
	byRep := map[int]int{} // representative -> index in out
	var out []Cluster
	for i, d := range res.Docs {
		if d.Rep == i {
			continue
		}
		c, ok := byRep[d.Rep]
		if !ok {
			c = len(out)
			byRep[d.Rep] = c
			out = append(out, Cluster{Keep: res.Docs[d.Rep].ID})
		}
		out[c].Members = append(out[c].Members, Member{ID: d.ID, Similarity: d.Similarity, Exact: d.Exact})
	}
	// Each cluster lists its kept document first, then the others in input
	// order; clusters are ordered by their kept document's position.
	sorted := make([]Cluster, 0, len(out))
	for i := range res.Docs {
		if c, ok := byRep[i]; ok {
			cl := out[c]
			cl.Members = append([]Member{{ID: res.Docs[i].ID, Similarity: 1}}, cl.Members...)
			sorted = append(sorted, cl)
		}
	}
	return sorted
}

// Links merges the verified pairs of a dedup run with the links of a
// reuse search (extra, with passages). A pair dedup verified becomes a link
// without passages (relation exact or near-duplicate) unless extra links
// the same two documents, in either order: extra's link, with its evidence,
// takes its place. Links come ordered by the input positions of their two
// documents (the earlier first, then the later); links naming ids the run
// did not see come last, in their order in extra.
func Links(res *dedup.Result, extra []rehash.Link) []rehash.Link {
	type key struct{ a, b string }
	norm := func(a, b string) key {
		if b < a {
			a, b = b, a
		}
		return key{a, b}
	}
	out := make([]rehash.Link, 0, len(res.Pairs)+len(extra))
	seen := map[key]bool{}
	for _, l := range extra {
		if k := norm(l.A, l.B); !seen[k] {
			seen[k] = true
			out = append(out, l)
		}
	}
	for _, p := range res.Pairs {
		a, b := res.Docs[p.A].ID, res.Docs[p.B].ID
		if seen[norm(a, b)] {
			continue
		}
		rel := rehash.NearDuplicate
		if p.Exact {
			rel = rehash.Exact
		}
		out = append(out, rehash.Link{A: a, B: b, Relation: rel, Jaccard: p.Jaccard, AInB: p.AInB, BInA: p.BInA})
	}
	pos := make(map[string]int, len(res.Docs))
	for i, d := range res.Docs {
		if _, ok := pos[d.ID]; !ok {
			pos[d.ID] = i
		}
	}
	where := func(l rehash.Link) (int, int) {
		a, okA := pos[l.A]
		b, okB := pos[l.B]
		if !okA || !okB {
			return len(res.Docs), len(res.Docs)
		}
		return min(a, b), max(a, b)
	}
	slices.SortStableFunc(out, func(x, y rehash.Link) int {
		x1, x2 := where(x)
		y1, y2 := where(y)
		return cmp.Or(cmp.Compare(x1, y1), cmp.Compare(x2, y2))
	})
	return out
}

package evidence

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/when"
)

// Orient gives every link among copies of one text a direction that agrees
// with one derivation order of its family, and says why in Link.Source,
// Link.Why and Link.Family. Judged pair by pair, directions contradict
// each other: with two copies of one article, the undated one can lose to
// a longer version by containment while the dated one wins against that
// version by date. Orient settles them together:
//
//  1. A family is a connected component of the links whose relation is
//     exact, near-duplicate, contains, contained-in or partial-reuse.
//     Excerpts join no family (a quoted sentence does not make two
//     articles versions of one text); an excerpt between two members of
//     one family takes the family's direction, other excerpts keep the
//     pairwise rule (the earlier date, else none).
//  2. Exact and near-duplicate links join members into versions: one
//     text, several copies. A version's date is its earliest member date.
//  3. The origin is the earliest-dated version; without dates, the
//     version that contains the most others (contains minus contained-in
//     links), then the one with the strongest links, then the smallest id.
//  4. The derivation tree grows from the origin: the earliest-dated
//     version not yet placed comes next, so dated versions are always in
//     date order; when none is left, the undated version with the
//     strongest link (CoverA + CoverB) to a placed one. Its parent is
//     the placed version it is most strongly linked to.
//  5. Every link of the family points from the version placed earlier to
//     the one placed later; inside a version, from the earliest-dated
//     member (undated members after dated ones, then by id).
//
// date returns a document's date ("" when unknown). The links are
// modified in place; their order is kept. Cost is O(L log L) for L links.
func Orient(links []rehash.Link, date func(id string) string) {
	ids := map[string]int{}
	var names []string
	node := func(id string) int {
		if i, ok := ids[id]; ok {
			return i
		}
		ids[id] = len(names)
		names = append(names, id)
		return len(names) - 1
	}
	for _, l := range links {
		node(l.A)
		node(l.B)
	}
	n := len(names)
	at := make([]time.Time, n)
	dated := make([]bool, n)
	for i, id := range names {
		t, err := when.Parse(date(id))
		at[i], dated[i] = t, err == nil
	}
	family := newUF(n)
	version := newUF(n)
	for _, l := range links {
		a, b := ids[l.A], ids[l.B]
		switch l.Relation {
		case rehash.Exact, rehash.NearDuplicate:
			version.union(a, b)
			family.union(a, b)
		case rehash.Contains, rehash.ContainedIn, rehash.PartialReuse:
			family.union(a, b)
		}
	}
	// Members of each version, ordered: dated first by date, then by id.
	earlier := func(x, y int) int {
		switch {
		case dated[x] && !dated[y]:
			return -1
		case dated[y] && !dated[x]:
			return 1
		case dated[x] && !at[x].Equal(at[y]):
			return at[x].Compare(at[y])
		}
		return cmp.Compare(names[x], names[y])
	}
	head := make([]int, n) // the version's first member
	for i := range head {
		head[i] = -1
	}
	for i := range n {
		v := version.find(i)
		if head[v] < 0 || earlier(i, head[v]) < 0 {
			head[v] = i
		}
	}
	// Version graph per family.
	type edge struct {
		to       int
		strength float64
		contains int // +1: this version contains `to`; -1: contained in it
	}
	adj := map[int][]edge{}
	for _, l := range links {
		if l.Relation == rehash.Excerpt || l.Relation == rehash.Unrelated {
			continue
		}
		va, vb := version.find(ids[l.A]), version.find(ids[l.B])
		if va == vb {
			continue
		}
		c := 0
		switch l.Relation {
		case rehash.Contains:
			c = 1
		case rehash.ContainedIn:
			c = -1
		}
		s := l.CoverA + l.CoverB
		adj[va] = append(adj[va], edge{vb, s, c})
		adj[vb] = append(adj[vb], edge{va, s, -c})
	}
	members := map[int][]int{} // family root -> versions
	for i := range n {
		if version.find(i) == i {
			f := family.find(i)
			members[f] = append(members[f], i)
		}
	}
	rank := make([]int, n)   // placement order of each version in its family
	parent := make([]int, n) // parent version in the tree, or -1
	ground := make([]string, n)
	origin := make([]int, n) // family root -> origin version
	size := map[int]int{}
	for i := range n {
		size[family.find(i)]++
	}
	roots := make([]int, 0, len(members))
	for f := range members {
		roots = append(roots, f)
	}
	slices.Sort(roots)
	for _, f := range roots {
		vs := members[f]
		hv := func(v int) int { return head[v] }
		// 3. The origin.
		score := func(v int) (int, float64) {
			c, s := 0, 0.0
			for _, e := range adj[v] {
				c += e.contains
				s += e.strength
			}
			return c, s
		}
		best := vs[0]
		for _, v := range vs[1:] {
			bv, hb := hv(v), hv(best)
			switch {
			case dated[bv] != dated[hb]:
				if dated[bv] {
					best = v
				}
				continue
			case dated[bv] && !at[bv].Equal(at[hb]):
				if at[bv].Before(at[hb]) {
					best = v
				}
				continue
			}
			cv, sv := score(v)
			cb, sb := score(best)
			if cv > cb || cv == cb && (sv > sb || sv == sb && names[bv] < names[hb]) {
				best = v
			}
		}
		o := best
		origin[f] = o
		switch c, _ := score(o); {
		case dated[hv(o)]:
			ground[o] = "the family's earliest date, " + date(names[hv(o)])
		case c > 0:
			ground[o] = "no dates; it contains the most of the others"
		default:
			ground[o] = "no dates and no containment: the strongest links"
		}
		// 4. Grow the tree.
		placed := map[int]bool{o: true}
		parent[o] = -1
		rank[o] = 0
		for k := 1; k < len(vs); k++ {
			next, from, fromS := -1, -1, -1.0
			for _, v := range vs {
				if placed[v] {
					continue
				}
				// The strongest link from v to a placed version.
				p, ps := -1, -1.0
				for _, e := range adj[v] {
					if placed[e.to] && (e.strength > ps || e.strength == ps && names[hv(e.to)] < names[hv(p)]) {
						p, ps = e.to, e.strength
					}
				}
				if p < 0 {
					continue
				}
				if next < 0 {
					next, from, fromS = v, p, ps
					continue
				}
				bv, bn := hv(v), hv(next)
				if ps > fromS || ps == fromS && names[bv] < names[bn] {
					next, from, fromS = v, p, ps
				}
			}
			// Dates first: the earliest-dated version not yet placed
			// comes next, linked to a placed one or not, so that two
			// dated versions are always in date order.
			for _, v := range vs {
				if placed[v] || !dated[hv(v)] {
					continue
				}
				if d := next; d < 0 || !dated[hv(d)] || at[hv(v)].Before(at[hv(d)]) ||
					at[hv(v)].Equal(at[hv(d)]) && names[hv(v)] < names[hv(d)] {
					next, from = v, -1
				}
			}
			if next < 0 {
				break // cannot happen: a family is connected
			}
			if from < 0 {
				ps := -1.0
				for _, e := range adj[next] {
					if placed[e.to] && (e.strength > ps || e.strength == ps && names[hv(e.to)] < names[hv(from)]) {
						from, ps = e.to, e.strength
					}
				}
			}
			placed[next] = true
			parent[next] = from
			rank[next] = k
		}
	}
	// 5. Direct the links.
	for i := range links {
		l := &links[i]
		a, b := ids[l.A], ids[l.B]
		if family.find(a) != family.find(b) || l.Relation == rehash.Unrelated {
			// Excerpts across families, and unrelated pairs: the pairwise rule.
			l.Source, l.Why = LikelySource(l.Relation, l.A, l.B, date(l.A), date(l.B))
			continue
		}
		f := family.find(a)
		o := origin[f]
		va, vb := version.find(a), version.find(b)
		var src, dst int
		var why string
		_ = dst
		switch {
		case va == vb:
			src, dst = a, b
			if earlier(b, a) < 0 {
				src, dst = b, a
			}
			if dated[src] {
				why = fmt.Sprintf("same text; %s has the earlier date (%s)", names[src], date(names[src]))
			} else {
				why = fmt.Sprintf("same text, neither dated: %s first by id", names[src])
			}
		default:
			src, dst = a, b
			if rank[vb] < rank[va] {
				src, dst = b, a
			}
			vs, vd := version.find(src), version.find(dst)
			copyOf := func(x, v int) string {
				if head[v] != x {
					return fmt.Sprintf("%s (a copy of %s)", names[x], names[head[v]])
				}
				return names[x]
			}
			switch {
			case parent[vd] == vs:
				why = fmt.Sprintf("%s derives from %s in the family tree", copyOf(dst, vd), copyOf(src, vs))
			default:
				why = fmt.Sprintf("%s comes before %s in the family tree", copyOf(src, vs), copyOf(dst, vd))
			}
			if dated[head[vs]] && dated[head[vd]] && !at[head[vs]].Equal(at[head[vd]]) {
				why += fmt.Sprintf(" (earlier date %s before %s)", date(names[head[vs]]), date(names[head[vd]]))
			} else if c := containsOf(*l, names[src]); c != "" {
				why += " (" + c + ")"
			}
		}
		l.Source = names[src]
		l.Family = names[head[o]]
		l.Why = fmt.Sprintf("%s; family of %d, origin %s (%s)", why, size[f], names[head[o]], ground[o])
	}
}

// containsOf says whether the link shows src containing the other side.
func containsOf(l rehash.Link, src string) string {
	switch {
	case l.Relation == rehash.Contains && src == l.A, l.Relation == rehash.ContainedIn && src == l.B:
		return src + " contains the other"
	case l.Relation == rehash.Contains || l.Relation == rehash.ContainedIn:
		return "contained in the other; placed by the family's dates"
	}
	return ""
}

// uf is a small union-find for Orient.
type uf []int

func newUF(n int) uf {
	u := make(uf, n)
	for i := range u {
		u[i] = i
	}
	return u
}

func (u uf) find(x int) int {
	for u[x] != x {
		u[x] = u[u[x]]
		x = u[x]
	}
	return x
}

// union joins the sets of a and b, the smaller root becoming the root, so
// that roots do not depend on the order of the calls.
func (u uf) union(a, b int) {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return
	}
	if rb < ra {
		ra, rb = rb, ra
	}
	u[rb] = ra
}

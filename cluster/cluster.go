// Package cluster groups verified pairs into duplicate clusters and picks
// the document each cluster keeps.
//
//	uf := cluster.NewUnionFind(n)
//	for _, p := range pairs { uf.Union(p.A, p.B) }
//	rep := cluster.Representatives(uf, docs, cluster.KeepFirst)
//
// Clusters are the connected components of the verified-pair graph, so a
// chain a~b~c joins a and c even when they are not similar enough
// themselves; each member's similarity to the kept document is measured
// again and reported, so such chains are visible in the output.
package cluster

import (
	"errors"
	"fmt"
	"time"

	"github.com/rehashdev/rehash/when"
)

// UnionFind is a disjoint-set forest with path halving and union by size.
// Find and Union cost amortized O(α(n)).
type UnionFind struct {
	parent []int32
	size   []int32
}

// NewUnionFind returns n singletons 0..n-1.
func NewUnionFind(n int) *UnionFind {
	u := &UnionFind{parent: make([]int32, n), size: make([]int32, n)}
	for i := range u.parent {
		u.parent[i] = int32(i)
		u.size[i] = 1
	}
	return u
}

// Find returns the root of x's set.
func (u *UnionFind) Find(x int) int {
	p := u.parent
	for int(p[x]) != x {
		p[x] = p[p[x]]
		x = int(p[x])
	}
	return x
}

// Union joins the sets of a and b and reports whether they were apart.
func (u *UnionFind) Union(a, b int) bool {
	ra, rb := u.Find(a), u.Find(b)
	if ra == rb {
		return false
	}
	if u.size[ra] < u.size[rb] || u.size[ra] == u.size[rb] && rb < ra {
		ra, rb = rb, ra
	}
	u.parent[rb] = int32(ra)
	u.size[ra] += u.size[rb]
	return true
}

// Policy decides which member of a cluster is kept.
type Policy string

// The keep policies.
const (
	// KeepFirst keeps the first member in input order.
	KeepFirst Policy = "first"
	// KeepLongest keeps the member with the longest text (bytes), ties to
	// the smallest id: independent of input order.
	KeepLongest Policy = "longest"
	// KeepEarliest keeps the member with the earliest date, compared as
	// instants (package when reads the date, zone included); members
	// without a date, or with one when cannot read, come after dated
	// ones; ties to the smallest id.
	KeepEarliest Policy = "earliest"
	// KeepLatest keeps the member with the latest date, the same way:
	// undated and unreadable dates still come last, ties to the smallest
	// id.
	KeepLatest Policy = "latest"
)

// ErrPolicy reports an unknown keep policy.
var ErrPolicy = errors.New("cluster: unknown keep policy")

// ParsePolicy checks a policy name.
func ParsePolicy(s string) (Policy, error) {
	switch p := Policy(s); p {
	case KeepFirst, KeepLongest, KeepEarliest, KeepLatest:
		return p, nil
	}
	return "", fmt.Errorf("%w %q (want first, longest, earliest or latest)", ErrPolicy, s)
}

// Member is what a policy needs to know of a document.
type Member struct {
	ID  string
	Len int
	// Date is the date as found in the input, read by when.Parse.
	Date string
}

// dated is a member's date as read for the dated policies.
type dated struct {
	t  time.Time
	ok bool
}

// better reports whether document a (at input position ia) should be kept
// over b (at ib) under p. da and db are their dates, read only for the
// dated policies.
func (p Policy) better(a Member, ia int, da dated, b Member, ib int, db dated) bool {
	switch p {
	case KeepLongest:
		if a.Len != b.Len {
			return a.Len > b.Len
		}
	case KeepEarliest, KeepLatest:
		c := when.Compare(da.t, db.t, da.ok, db.ok)
		if p == KeepLatest && da.ok && db.ok {
			c = -c
		}
		if c != 0 {
			return c < 0
		}
	default:
		return ia < ib
	}
	if a.ID != b.ID {
		return a.ID < b.ID
	}
	return ia < ib
}

// Representatives returns, for every document i, the index of the document
// its cluster keeps (rep[i] == i for kept documents).
func Representatives(u *UnionFind, docs []Member, p Policy) []int {
	n := len(docs)
	best := make([]int, n)
	for i := range best {
		best[i] = -1
	}
	// Each date is read once, not once per comparison.
	dates := make([]dated, n)
	if p == KeepEarliest || p == KeepLatest {
		for i, d := range docs {
			if d.Date != "" {
				t, err := when.Parse(d.Date)
				dates[i] = dated{t, err == nil}
			}
		}
	}
	for i := 0; i < n; i++ {
		r := u.Find(i)
		if b := best[r]; b < 0 || p.better(docs[i], i, dates[i], docs[b], b, dates[b]) {
			best[r] = i
		}
	}
	rep := make([]int, n)
	for i := 0; i < n; i++ {
		rep[i] = best[u.Find(i)]
	}
	return rep
}

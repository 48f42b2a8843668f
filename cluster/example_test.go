package cluster_test

import (
	"fmt"

	"github.com/rehashdev/rehash/cluster"
)

// Pairs join documents into clusters; the keep policy picks the one each
// cluster keeps.
func Example() {
	members := []cluster.Member{
		{ID: "wire", Len: 900, Date: "2026-03-02"},
		{ID: "blog", Len: 1200, Date: "2026-03-04"},
		{ID: "other", Len: 500},
		{ID: "paper", Len: 950, Date: "2026-03-01"},
	}
	uf := cluster.NewUnionFind(len(members))
	uf.Union(0, 1) // verified pairs
	uf.Union(1, 3)
	for _, p := range []cluster.Policy{cluster.KeepFirst, cluster.KeepLongest, cluster.KeepEarliest} {
		rep := cluster.Representatives(uf, members, p)
		fmt.Printf("%-8s", p)
		for i, r := range rep {
			fmt.Printf(" %s->%s", members[i].ID, members[r].ID)
		}
		fmt.Println()
	}
	// Output:
	// first    wire->wire blog->wire other->other paper->wire
	// longest  wire->blog blog->blog other->other paper->blog
	// earliest wire->paper blog->paper other->other paper->paper
}

package index

import (
	"cmp"
	"context"
	"slices"

	"github.com/rehashdev/rehash/verify"
)

// Cluster is the connected component of a document in the graph of
// verified pairs at the index's threshold, as `rehash dedup` builds it.
type Cluster struct {
	// Rep is the id of the member added first, the one `rehash dedup
	// --keep first` keeps when the corpus was added in input order.
	Rep string `json:"rep"`
	// Members are in insertion order, each with its exact Jaccard
	// similarity to Rep.
	Members []ClusterMember `json:"members"`
	// Truncated is true when the walk stopped at the limit: the cluster
	// has more members than listed and Rep may not be the first.
	Truncated bool `json:"truncated,omitempty"`
}

// ClusterMember is one member of a cluster.
type ClusterMember struct {
	ID         string  `json:"id"`
	Similarity float64 `json:"similarity"`
	Exact      bool    `json:"exact,omitempty"`
}

// DefaultClusterLimit bounds a cluster walk when no limit is given.
const DefaultClusterLimit = 1000

// Cluster walks the verified-pair graph from id, querying each member in
// turn, and returns the component, or ErrNotFound. It visits at most limit
// members (DefaultClusterLimit when limit ≤ 0); each visit costs a query.
func (ix *Index) Cluster(ctx context.Context, id string, limit int) (_ *Cluster, err error) {
	defer ix.catch(&err)
	if err := ix.enter(); err != nil {
		return nil, err
	}
	defer ix.leave()
	if limit <= 0 {
		limit = DefaultClusterLimit
	}
	start, err := ix.live(id, true)
	if err != nil {
		return nil, err
	}
	type member struct {
		id string
		r  *record
	}
	seen := map[string]*record{id: start}
	queue := []member{{id, start}}
	truncated := false
	for len(queue) > 0 {
		m := queue[0]
		queue = queue[1:]
		ms, err := ix.match(ctx, m.r, &QueryOptions{Threshold: ix.params.Threshold, Exclude: m.id})
		if err != nil {
			return nil, err
		}
		for _, x := range ms {
			if _, ok := seen[x.ID]; ok {
				continue
			}
			if len(seen) >= limit {
				truncated = true
				break
			}
			r, err := ix.live(x.ID, true)
			if err != nil {
				continue // deleted meanwhile
			}
			seen[x.ID] = r
			queue = append(queue, member{x.ID, r})
		}
	}
	c := &Cluster{Truncated: truncated}
	var rep *record
	for mid, r := range seen {
		if rep == nil || r.seq < rep.seq {
			rep, c.Rep = r, mid
		}
	}
	for mid, r := range seen {
		cm := ClusterMember{ID: mid, Similarity: 1}
		if mid != c.Rep {
			if r.hash == rep.hash {
				cm.Exact = true
			} else {
				cm.Similarity = verify.Compare(r.set, rep.set).Jaccard
			}
		}
		c.Members = append(c.Members, cm)
	}
	slices.SortFunc(c.Members, func(a, b ClusterMember) int { return cmp.Compare(seen[a.ID].seq, seen[b.ID].seq) })
	return c, nil
}

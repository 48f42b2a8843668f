package reuse

import (
	"cmp"
	"slices"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/cluster"
)

// Skeleton is one recurring template: documents joined by template links
// (Link.Template), each a filling of one form.
type Skeleton struct {
	// Fillings is the number of documents; Members are their ids, in the
	// order the links first named them.
	Fillings int      `json:"fillings"`
	Members  []string `json:"members"`
	// Links is the number of template links among them; Kinds counts
	// their slots by kind.
	Links int            `json:"links"`
	Kinds map[string]int `json:"kinds"`
	// Examples are the slots of the first links, at most maxExamples.
	Examples []rehash.Slot `json:"examples"`
}

const maxExamples = 6

// Skeletons gathers template links into recurring templates: the
// connected components of the template links. Feed it every link with Add
// (in the output's order, so the result does not depend on workers), then
// call List. Memory is per document named by a template link.
type Skeletons struct {
	ids   map[string]int
	names []string
	links []rehash.Link
}

// Add takes one link; links that are not templates are ignored.
func (s *Skeletons) Add(l rehash.Link) {
	if !l.Template {
		return
	}
	if s.ids == nil {
		s.ids = map[string]int{}
	}
	for _, id := range []string{l.A, l.B} {
		if _, ok := s.ids[id]; !ok {
			s.ids[id] = len(s.names)
			s.names = append(s.names, id)
		}
	}
	l.Passages = nil // only the slots are kept
	s.links = append(s.links, l)
}

// List returns the templates with at least minFillings documents, the
// most filled first (then by first member).
func (s *Skeletons) List(minFillings int) []Skeleton {
	uf := cluster.NewUnionFind(len(s.names))
	for _, l := range s.links {
		uf.Union(s.ids[l.A], s.ids[l.B])
	}
	byRoot := map[int]*Skeleton{}
	var order []int
	for i, id := range s.names {
		r := uf.Find(i)
		sk := byRoot[r]
		if sk == nil {
			sk = &Skeleton{Kinds: map[string]int{}}
			byRoot[r] = sk
			order = append(order, r)
		}
		sk.Members = append(sk.Members, id)
		sk.Fillings++
	}
	for _, l := range s.links {
		sk := byRoot[uf.Find(s.ids[l.A])]
		sk.Links++
		for _, sl := range l.Slots {
			sk.Kinds[sl.Kind]++
			if len(sk.Examples) < maxExamples {
				sk.Examples = append(sk.Examples, sl)
			}
		}
	}
	var out []Skeleton
	for _, r := range order {
		if sk := byRoot[r]; sk.Fillings >= minFillings {
			out = append(out, *sk)
		}
	}
	slices.SortStableFunc(out, func(a, b Skeleton) int { return cmp.Compare(b.Fillings, a.Fillings) })
	return out
}

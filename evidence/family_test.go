package evidence

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/rehashdev/rehash"
)

// TestOrientSeedShape: the seeds' shape, written out. d is dated and a is
// its undated copy; b, dated later, holds most of both. Pairwise, a loses
// to b by containment while d wins against b by date; Orient puts d (and
// so its copy a) first in every link.
func TestOrientSeedShape(t *testing.T) {
	links := []rehash.Link{
		{A: "a", B: "b", Relation: rehash.ContainedIn, CoverA: 0.85, CoverB: 0.5},
		{A: "a", B: "c", Relation: rehash.Excerpt, CoverA: 0.1, CoverB: 0.1},
		{A: "a", B: "d", Relation: rehash.NearDuplicate, CoverA: 1, CoverB: 1},
		{A: "b", B: "d", Relation: rehash.Contains, CoverA: 0.5, CoverB: 0.85},
	}
	dates := map[string]string{"d": "2016-11-03", "b": "2016-11-04"}
	Orient(links, func(id string) string { return dates[id] })
	want := []string{"a", "", "d", "d"}
	for i, l := range links {
		if l.Source != want[i] {
			t.Errorf("%s-%s: source %q, want %q (%s)", l.A, l.B, l.Source, want[i], l.Why)
		}
		if fam := map[bool]string{true: "d", false: ""}[l.Relation != rehash.Excerpt]; l.Family != fam {
			t.Errorf("%s-%s: family %q, want %q", l.A, l.B, l.Family, fam)
		}
	}
	// Without dates the container comes first, and its copies follow it.
	clear(dates)
	Orient(links, func(id string) string { return dates[id] })
	if links[0].Source != "b" || links[3].Source != "b" {
		t.Errorf("undated: sources %q, %q, want b, b", links[0].Source, links[3].Source)
	}
}

// TestOrientConsistent: on random families, every family's directions
// form no cycle, two dated versions are in date order, and all links of a
// family name one origin.
func TestOrientConsistent(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	rels := []rehash.Relation{rehash.Exact, rehash.NearDuplicate, rehash.Contains, rehash.ContainedIn, rehash.PartialReuse, rehash.Excerpt}
	for trial := range 500 {
		n := 2 + rng.IntN(7)
		dates := map[string]string{}
		for i := range n {
			if rng.IntN(3) > 0 {
				dates[fmt.Sprint(i)] = fmt.Sprintf("2020-01-%02d", 1+rng.IntN(5))
			}
		}
		var links []rehash.Link
		for a := range n {
			for b := a + 1; b < n; b++ {
				if rng.IntN(2) == 0 {
					continue
				}
				links = append(links, rehash.Link{A: fmt.Sprint(a), B: fmt.Sprint(b),
					Relation: rels[rng.IntN(len(rels))], CoverA: rng.Float64(), CoverB: rng.Float64()})
			}
		}
		Orient(links, func(id string) string { return dates[id] })
		// Directed graph of the family links.
		next := map[string][]string{}
		origin := map[string]string{}
		for _, l := range links {
			if l.Family == "" {
				continue
			}
			if l.Source != l.A && l.Source != l.B {
				t.Fatalf("trial %d: %s-%s in family %s has source %q", trial, l.A, l.B, l.Family, l.Source)
			}
			dst := l.A
			if l.Source == l.A {
				dst = l.B
			}
			next[l.Source] = append(next[l.Source], dst)
			for _, id := range []string{l.A, l.B} {
				if o, ok := origin[id]; ok && o != l.Family {
					t.Fatalf("trial %d: %s in families %s and %s", trial, id, o, l.Family)
				}
				origin[id] = l.Family
			}
			if l.Relation == rehash.Exact || l.Relation == rehash.NearDuplicate {
				continue // same version: ordered inside it
			}
			// A version's date is its earliest member's.
			ds, dd := versionDate(links, dates, l.Source), versionDate(links, dates, dst)
			if ds != "" && dd != "" && dd < ds {
				t.Fatalf("trial %d: %s (%s) named the source of %s (%s)\n%s", trial, l.Source, ds, dst, dd, l.Why)
			}
		}
		state := map[string]int{} // 1 visiting, 2 done
		var visit func(string) bool
		visit = func(v string) bool {
			switch state[v] {
			case 1:
				return false
			case 2:
				return true
			}
			state[v] = 1
			for _, w := range next[v] {
				if !visit(w) {
					return false
				}
			}
			state[v] = 2
			return true
		}
		for v := range next {
			if !visit(v) {
				t.Fatalf("trial %d: a cycle of directions through %s: %+v", trial, v, links)
			}
		}
	}
}

// versionDate returns the earliest date among the documents joined to id
// by exact or near-duplicate links: one text, several copies.
func versionDate(links []rehash.Link, dates map[string]string, id string) string {
	u := map[string]string{}
	var find func(string) string
	find = func(x string) string {
		if p, ok := u[x]; ok && p != x {
			return find(p)
		}
		return x
	}
	for _, l := range links {
		if l.Relation == rehash.Exact || l.Relation == rehash.NearDuplicate {
			if ra, rb := find(l.A), find(l.B); ra != rb {
				u[ra] = rb
			}
		}
	}
	best := ""
	for x, d := range dates {
		if find(x) == find(id) && d != "" && (best == "" || d < best) {
			best = d
		}
	}
	return best
}

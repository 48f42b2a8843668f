package cluster

import (
	"math/rand/v2"
	"testing"
)

func TestUnionFindAgainstLabels(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	const n = 500
	u := NewUnionFind(n)
	label := make([]int, n) // naive: relabel on every union
	for i := range label {
		label[i] = i
	}
	for step := 0; step < 400; step++ {
		a, b := rng.IntN(n), rng.IntN(n)
		joined := u.Union(a, b)
		if joined != (label[a] != label[b]) {
			t.Fatalf("Union(%d, %d) = %v", a, b, joined)
		}
		old := label[b]
		for i := range label {
			if label[i] == old {
				label[i] = label[a]
			}
		}
	}
	for a := 0; a < n; a++ {
		for b := 0; b < n; b += 7 {
			if (u.Find(a) == u.Find(b)) != (label[a] == label[b]) {
				t.Fatalf("%d and %d disagree", a, b)
			}
		}
	}
}

func TestRepresentatives(t *testing.T) {
	docs := []Member{
		{ID: "c", Len: 10, Date: ""},
		{ID: "b", Len: 30, Date: "2024-05-02"},
		{ID: "a", Len: 30, Date: "2024-05-01"},
		{ID: "d", Len: 5},
	}
	u := NewUnionFind(len(docs))
	u.Union(0, 1)
	u.Union(1, 2)
	for _, tc := range []struct {
		p    Policy
		want int
	}{
		{KeepFirst, 0},    // first in input order
		{KeepLongest, 2},  // a and b tie at 30: smallest id
		{KeepEarliest, 2}, // a is dated first; undated c comes last
		{KeepLatest, 1},   // b is dated last; undated c still comes last
	} {
		rep := Representatives(u, docs, tc.p)
		for i := 0; i < 3; i++ {
			if rep[i] != tc.want {
				t.Errorf("%s: rep[%d] = %d, want %d", tc.p, i, rep[i], tc.want)
			}
		}
		if rep[3] != 3 {
			t.Errorf("%s: singleton not its own representative", tc.p)
		}
	}
	// Dates compare as instants: as strings, "11-MAR-1987" would come
	// first, and the zone would be ignored.
	for _, tc := range []struct {
		p     Policy
		dates []string
		want  int
	}{
		{KeepEarliest, []string{"11-MAR-1987", "2-MAR-1987"}, 1},
		{KeepLatest, []string{"11-MAR-1987", "2-MAR-1987"}, 0},
		{KeepEarliest, []string{"1987-03-02T10:00:00-05:00", "1987-03-02T14:00:00Z"}, 1},
		{KeepEarliest, []string{"not a date", "1990-01-01"}, 1},    // unreadable sorts last
		{KeepLatest, []string{"1990-01-01", "not a date"}, 0},      // for latest too
		{KeepEarliest, []string{"March 2, 1987", "1987-03-02"}, 0}, // same instant: ties to the smallest id
		{KeepLatest, []string{"junk", "more junk"}, 0},             // both unreadable: smallest id
	} {
		ms := []Member{{ID: "a", Date: tc.dates[0]}, {ID: "b", Date: tc.dates[1]}}
		u := NewUnionFind(2)
		u.Union(0, 1)
		if rep := Representatives(u, ms, tc.p); rep[0] != tc.want || rep[1] != tc.want {
			t.Errorf("%s %q: kept %d, want %d", tc.p, tc.dates, rep[0], tc.want)
		}
	}
	if _, err := ParsePolicy("newest"); err == nil {
		t.Error("ParsePolicy accepted an unknown policy")
	}
}

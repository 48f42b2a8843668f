package reuse

import (
	"testing"

	"github.com/rehashdev/rehash"
)

// TestSkeletons: template links join their documents into one recurring
// template per connected component; other links are ignored; the most
// filled comes first and small ones are left out.
func TestSkeletons(t *testing.T) {
	var s Skeletons
	slot := func(a, b string) []rehash.Slot { return []rehash.Slot{{Kind: "number", A: a, B: b}} }
	s.Add(rehash.Link{A: "n1", B: "n2", Template: true, Slots: slot("6.25", "6.50")})
	s.Add(rehash.Link{A: "x", B: "y", Relation: rehash.NearDuplicate}) // not a template
	s.Add(rehash.Link{A: "d1", B: "d2", Template: true, Slots: slot("1", "2")})
	s.Add(rehash.Link{A: "n2", B: "n3", Template: true, Slots: slot("6.50", "6.75")})
	s.Add(rehash.Link{A: "n4", B: "n1", Template: true, Slots: slot("7", "6.25")})
	got := s.List(2)
	if len(got) != 2 {
		t.Fatalf("skeletons %+v", got)
	}
	if got[0].Fillings != 4 || got[0].Links != 3 || got[0].Members[0] != "n1" || got[0].Kinds["number"] != 3 || len(got[0].Examples) != 3 {
		t.Errorf("first %+v", got[0])
	}
	if got[1].Fillings != 2 || got[1].Members[1] != "d2" {
		t.Errorf("second %+v", got[1])
	}
	if n := len(s.List(3)); n != 1 {
		t.Errorf("List(3): %d skeletons, want 1", n)
	}
}

package testcorpus

import (
	"slices"
	"strings"
	"testing"
)

func TestGenerate(t *testing.T) {
	c := Config{Seed: 3, Bases: 50, Copies: 40, Exact: 10, Shuffle: true}
	a, b := Generate(c), Generate(c)
	if !slices.Equal(a, b) {
		t.Fatal("the same config gave two corpora")
	}
	if len(a) != 100 {
		t.Fatalf("%d documents, want 100", len(a))
	}
	byID := map[string]string{}
	for _, d := range a {
		if _, dup := byID[d.ID]; dup {
			t.Fatalf("id %s twice", d.ID)
		}
		byID[d.ID] = d.Text
	}
	// An exact copy differs from its source only in case and spacing.
	fold := func(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }
	exact := 0
	for id, text := range byID {
		if src, ok := strings.CutPrefix(id, "exact-"); ok {
			exact++
			_, src, _ = strings.Cut(src, "-of-")
			if fold(text) != fold(byID[src]) || text == byID[src] {
				t.Errorf("%s is not a case-and-spacing copy of %s", id, src)
			}
		}
	}
	if exact != 10 {
		t.Errorf("%d exact copies, want 10", exact)
	}
	if slices.Equal(Generate(Config{Seed: 4}), Generate(Config{Seed: 3})) {
		t.Error("two seeds gave one corpus")
	}
}

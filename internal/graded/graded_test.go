package graded

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

func TestAUC(t *testing.T) {
	for _, c := range []struct {
		pos, neg []float64
		want     float64
	}{
		{[]float64{0.9, 0.8}, []float64{0.1, 0.2}, 1},
		{[]float64{0.1}, []float64{0.9}, 0},
		{[]float64{0.5}, []float64{0.5}, 0.5},
		{[]float64{0.3, 0.7}, []float64{0.5}, 0.5},
	} {
		if got := AUC(c.pos, c.neg); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("AUC(%v, %v) = %v, want %v", c.pos, c.neg, got, c.want)
		}
	}
}

// TestGenerate: the same seed gives the same pairs; every grade is
// drawn; a verbatim cut is a substring of its source's words.
func TestGenerate(t *testing.T) {
	var docs []Doc
	for i := range 12 {
		var b strings.Builder
		for j := range 40 {
			fmt.Fprintf(&b, "Sentence %d of text %d tells of the harbour and the quay. ", j, i)
		}
		docs = append(docs, Doc{ID: fmt.Sprint(i), Text: b.String(), Topic: fmt.Sprint(i % 2)})
	}
	a, err := Generate(docs, 5, 1)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Generate(docs, 5, 1)
	if len(a) != 20 || fmt.Sprint(a) != fmt.Sprint(b) {
		t.Fatalf("%d pairs, or two runs differ", len(a))
	}
	for _, p := range a {
		switch p.Grade {
		case "verbatim":
			if !strings.Contains(strings.Join(strings.Fields(p.Source.Text), " "), p.Derived.Text) {
				t.Errorf("verbatim cut not in its source")
			}
		case "independent":
			if p.Derived.ID == p.Source.ID || p.Derived.Topic != p.Source.Topic {
				t.Errorf("independent %s for %s", p.Derived.ID, p.Source.ID)
			}
		}
	}
}

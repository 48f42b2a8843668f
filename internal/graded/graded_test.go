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
			fmt.Fprintf(&b, "Sentence %d of text %d tells of the harbour%d and the quay. ", j, i, i)
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
	grades := map[string]int{}
	for _, p := range a {
		grades[p.Grade]++
		src := map[string]bool{}
		for _, s := range sentences(p.Source.Text) {
			src[s] = true
		}
		lines := strings.Split(p.Derived.Text, "\n")
		switch p.Grade {
		case "verbatim":
			// Unchanged sentences of the source, in one run, perhaps
			// between other sentences.
			first, last, n := -1, -1, 0
			for i, l := range lines {
				if src[l] {
					if first < 0 {
						first = i
					}
					last = i
					n++
				}
			}
			if n == 0 || last-first+1 != n {
				t.Errorf("verbatim excerpt is not one run of source sentences: %q", p.Derived.Text)
			}
		case "independent":
			if p.Derived.ID == p.Source.ID || p.Derived.Topic != p.Source.Topic {
				t.Errorf("independent %s for %s", p.Derived.ID, p.Source.ID)
			}
			// An inserted run can meet its neighbours in a few 8-grams.
			if c := Containment(p.Source.Text, p.Derived.Text, 8); c > 0.05 {
				t.Errorf("independent text shares 8-word runs with its source (%.3f)", c)
			}
			if Containment(p.Source.Text, p.Derived.Text, 3) == 0 {
				t.Errorf("independent text shares no stock phrase with its source")
			}
		}
	}
	if len(grades) != 4 {
		t.Errorf("grades %v", grades)
	}
}

func TestContainment(t *testing.T) {
	if got := Containment("the ferry left at noon", "The ferry left late", 2); math.Abs(got-2.0/3) > 1e-12 {
		t.Errorf("Containment = %v, want 2/3", got)
	}
	if got := Containment("a b c", "", 1); got != 0 {
		t.Errorf("empty b: %v", got)
	}
}

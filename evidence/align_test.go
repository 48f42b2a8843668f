package evidence

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// seq returns n distinct words with the given prefix: "s0 s1 s2 ...".
func seq(prefix string, from, n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = fmt.Sprintf("%s%d", prefix, from+i)
	}
	return strings.Join(w, " ")
}

func words(t testing.TB, al *Aligner, s string) []uint64 {
	t.Helper()
	w, _ := al.Words([]byte(s))
	return w
}

func TestAlign(t *testing.T) {
	shared := seq("s", 0, 30)
	tests := []struct {
		name string
		a, b string
		want []Match
	}{
		{"empty", "", "", nil},
		{"one empty", shared, "", nil},
		{"identical", shared, shared, []Match{{0, 30, 0, 30, 30}}},
		{"case and spacing do not count", strings.ToUpper(shared), strings.ReplaceAll(shared, " ", "\n  "), []Match{{0, 30, 0, 30, 30}}},
		{"inside filler",
			seq("a", 0, 10) + " " + shared + " " + seq("a", 10, 5),
			seq("b", 0, 3) + " " + shared + " " + seq("b", 3, 20),
			[]Match{{10, 40, 3, 33, 30}}},
		{"one word replaced",
			seq("s", 0, 15) + " x " + seq("s", 16, 14),
			shared,
			[]Match{{0, 30, 0, 30, 29}}},
		{"two words inserted",
			seq("s", 0, 12) + " x y " + seq("s", 12, 18),
			shared,
			[]Match{{0, 32, 0, 30, 30}}},
		{"three words deleted",
			seq("s", 0, 10) + " " + seq("s", 13, 17),
			shared,
			[]Match{{0, 27, 0, 30, 27}}},
		{"edits on both sides",
			seq("s", 0, 8) + " x " + seq("s", 9, 10) + " " + seq("s", 21, 9),
			seq("s", 0, 19) + " y z " + seq("s", 19, 11),
			[]Match{{0, 28, 0, 32, 27}}},
		{"a clause inserted, merged",
			seq("s", 0, 15) + " " + seq("x", 0, 5) + " " + seq("s", 15, 15),
			shared,
			[]Match{{0, 35, 0, 30, 30}}},
		{"a sentence inserted, two passages",
			seq("s", 0, 15) + " " + seq("x", 0, 12) + " " + seq("s", 15, 15),
			shared,
			[]Match{{0, 15, 0, 15, 15}, {27, 42, 15, 30, 15}}},
		{"shorter than min words", seq("a", 0, 5) + " " + seq("s", 0, 7) + " " + seq("a", 5, 5), seq("b", 0, 4) + " " + seq("s", 0, 7), nil},
		{"exactly min words", seq("a", 0, 5) + " " + seq("s", 0, 8), seq("s", 0, 8) + " " + seq("b", 0, 4), []Match{{5, 13, 0, 8, 8}}},
		{"repeated in B",
			seq("s", 0, 10),
			seq("s", 0, 10) + " " + seq("b", 0, 20) + " " + seq("s", 0, 10),
			[]Match{{0, 10, 0, 10, 10}, {0, 10, 30, 40, 10}}},
		{"repeated in A",
			seq("s", 0, 10) + " " + seq("a", 0, 20) + " " + seq("s", 0, 10),
			seq("s", 0, 10),
			[]Match{{0, 10, 0, 10, 10}, {30, 40, 0, 10, 10}}},
		{"swapped paragraphs",
			seq("p", 0, 12) + " " + seq("q", 0, 12),
			seq("q", 0, 12) + " " + seq("p", 0, 12),
			[]Match{{0, 12, 12, 24, 12}, {12, 24, 0, 12, 12}}},
		{"overlapping matches at a paragraph's seam",
			// B repeats the seam of A's two paragraphs: the matches overlap
			// in A and must not be reported twice.
			seq("p", 0, 12) + " " + seq("q", 0, 12),
			seq("p", 0, 12) + " " + seq("q", 0, 12) + " " + seq("b", 0, 20) + " " + seq("p", 6, 6) + " " + seq("q", 0, 6),
			[]Match{{0, 24, 0, 24, 24}, {6, 18, 44, 56, 12}}},
	}
	al, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := al.Align(words(t, al, tt.a), words(t, al, tt.b))
			if !slices.Equal(got, tt.want) {
				t.Errorf("Align:\n got %v\nwant %v", got, tt.want)
			}
		})
	}
}

// TestAlignRepetitive: a text that repeats one short refrain many times
// costs linear time, since its seeds recur too often to be used; a
// refrain repeated a few times still aligns.
func TestAlignRepetitive(t *testing.T) {
	al, _ := New(nil)
	refrain := seq("r", 0, 20)
	many := strings.Repeat(refrain+" ", 2000)
	if got := al.Align(words(t, al, many), words(t, al, many)); len(got) != 0 {
		t.Errorf("%d passages in a text of one refrain 2000 times; its seeds should be ignored", len(got))
	}
	few := strings.Repeat(refrain+" ", 3)
	got := al.Align(words(t, al, few), words(t, al, refrain))
	if len(got) != 3 {
		t.Errorf("refrain thrice against once: %v, want 3 passages", got)
	}
}

// TestAlignReuse: an aligner gives the same answer whatever it aligned
// before, so workers can reuse theirs.
func TestAlignReuse(t *testing.T) {
	al, _ := New(nil)
	a := words(t, al, seq("a", 0, 5)+" "+seq("s", 0, 40))
	b := words(t, al, seq("s", 0, 40)+" "+seq("b", 0, 5))
	first := slices.Clone(al.Align(a, b))
	al.Align(b, a)
	al.Align(words(t, al, strings.Repeat("x y z ", 100)), words(t, al, strings.Repeat("x y z ", 50)))
	if again := al.Align(a, b); !slices.Equal(first, again) {
		t.Errorf("second Align differs: %v then %v", first, again)
	}
}

func TestOptions(t *testing.T) {
	for _, o := range []Options{{MinWords: -1}, {ExactRun: 100}, {MaxGap: 20}, {MergeGap: -2}, {Shingle: 70}} {
		if _, err := New(&o); err == nil {
			t.Errorf("New(%+v) accepted", o)
		}
	}
	al, err := New(&Options{MinWords: 3})
	if err != nil {
		t.Fatal(err)
	}
	// Seeds are never longer than the shortest passage.
	if got := al.Align(words(t, al, "x a b c y"), words(t, al, "z a b c w")); len(got) != 1 {
		t.Errorf("min words 3: %v, want one passage", got)
	}
}

func TestClassify(t *testing.T) {
	var th Thresholds
	tests := []struct {
		s    Scores
		want string
	}{
		{Scores{Exact: true, Jaccard: 1, CoverA: 1, CoverB: 1, Passages: 1}, "exact"},
		{Scores{Jaccard: 0.82, CoverA: 0.7, CoverB: 0.7, Passages: 3}, "near-duplicate"},
		{Scores{Jaccard: 0.6, CoverA: 0.9, CoverB: 0.88, Passages: 3}, "near-duplicate"},
		// A light rewrite of the whole text: most shingles broken, the
		// covers high. Shingles no longer decide.
		{Scores{Jaccard: 0.3, CoverA: 0.9, CoverB: 0.88, AInB: 0.3, BInA: 0.3, Passages: 3}, "near-duplicate"},
		// A light rewrite inside a longer text (cover 0.873, a_in_b 0.427).
		{Scores{Jaccard: 0.25, CoverA: 0.873, CoverB: 0.4, AInB: 0.427, BInA: 0.3, Passages: 6}, "contained-in"},
		// A reply quoting a whole short post and adding a line: J 0.846
		// would make it a near-duplicate, but the reply adds 13% of its own.
		{Scores{Jaccard: 0.846, CoverA: 1, CoverB: 0.867, AInB: 1, BInA: 0.846, Passages: 1}, "contained-in"},
		{Scores{Jaccard: 0.846, CoverA: 0.867, CoverB: 1, AInB: 0.846, BInA: 1, Passages: 1}, "contains"},
		// Both sides add a footer of their own: near-duplicates.
		{Scores{Jaccard: 0.8, CoverA: 0.9, CoverB: 0.9, Passages: 1}, "near-duplicate"},
		{Scores{Jaccard: 0.3, CoverA: 0.5, CoverB: 0.83, BInA: 0.6, Passages: 5}, "contains"},
		{Scores{Jaccard: 0.3, CoverA: 0.83, CoverB: 0.5, AInB: 0.6, Passages: 5}, "contained-in"},
		{Scores{Jaccard: 0.3, CoverA: 0.9, CoverB: 0.8, AInB: 0.3, BInA: 0.6, Passages: 5}, "contained-in"}, // the larger cover is inside
		{Scores{Jaccard: 0.1, CoverA: 0.35, CoverB: 0.1, SharedA: 40, SharedB: 40, Passages: 2}, "partial-reuse"},
		{Scores{Jaccard: 0.01, CoverA: 0.02, CoverB: 0.01, SharedA: 150, SharedB: 150, Passages: 2}, "partial-reuse"},
		{Scores{Jaccard: 0.05, CoverA: 0.16, CoverB: 0.12, SharedA: 60, SharedB: 60, Passages: 5}, "excerpt"},
		{Scores{}, "none"},
	}
	for _, tt := range tests {
		if got := th.Classify(tt.s); string(got) != tt.want {
			t.Errorf("Classify(%+v) = %s, want %s", tt.s, got, tt.want)
		}
	}
}

func TestLikelySource(t *testing.T) {
	tests := []struct {
		rel          string
		dateA, dateB string
		want         string
	}{
		{"excerpt", "2016-11-03", "2016-11-04T10:00:00Z", "a"},
		{"contains", "2016-11-05", "2016-11-04", "b"},
		{"partial-reuse", "26-FEB-1987 15:01:01.79", "26-FEB-1987 15:02:20.00", "a"},
		{"contains", "", "2016-11-04", "a"},
		{"contained-in", "2016-11-04", "2016-11-04", "b"},
		{"near-duplicate", "", "", ""},
		{"excerpt", "soon", "later", ""},
		// The same instants keep and compare agree on (package when).
		{"excerpt", "11-MAR-1987", "2-MAR-1987", "b"},
		{"excerpt", "Mon, 2 Mar 1987 10:00:00 EST", "Mon, 2 Mar 1987 14:00:00 GMT", "b"},
		{"excerpt", "March 2, 1987", "541780662", "a"},
		{"none", "2016-11-03", "2016-11-04", ""},
	}
	for _, tt := range tests {
		got, why := LikelySource(relation(tt.rel), "a", "b", tt.dateA, tt.dateB)
		if got != tt.want || (got != "") != (why != "") {
			t.Errorf("LikelySource(%s, %q, %q) = %q (%s), want %q", tt.rel, tt.dateA, tt.dateB, got, why, tt.want)
		}
	}
}

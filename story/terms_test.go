package story

import (
	"testing"

	"github.com/zeebo/xxh3"
)

func count(b Bag, word string) float32 {
	h := xxh3.HashSeed([]byte(word), termSeed)
	for i, t := range b.Terms {
		if t == h {
			return b.Counts[i]
		}
	}
	return 0
}

func TestAnalyzerBoosts(t *testing.T) {
	a := NewAnalyzer(&Options{TitleBoost: 3, LeadBoost: 2, NameBoost: 2, LeadWords: 4}, nil)
	b := a.Bag([]byte("Harbour closed"),
		[]byte("Storms closed the harbour. Boats stayed in port while Okafor waited; the storms eased on day 31 and the boats left."))
	for _, tc := range []struct {
		word string
		want float32
	}{
		// Title words count TitleBoost × LeadBoost (the title is all lead);
		// "Harbour" starts the title, so it is no name there.
		{"harbour", 3*2 + 2}, // title, then "harbour" as the lead's 4th word
		{"closed", 3*2 + 2},  // title, then the lead's 2nd word
		{"storm", 2*1 + 1},   // "Storms" starts a sentence: no name; lead, then body; plural off
		{"boat", 1 + 1},      // body twice: the capital of "Boats" starts a sentence
		{"okafor", 2},        // a name in the body
		{"31", 2},            // a number
		{"the", 0},           // a stopword
		{"in", 0},
	} {
		if got := count(b, tc.word); got != tc.want {
			t.Errorf("count(%q) = %g, want %g", tc.word, got, tc.want)
		}
	}
}

func TestStem(t *testing.T) {
	for in, want := range map[string]string{
		"sanctions": "sanction", "cities": "city", "policies": "policy", "taxes": "taxe",
		"bus": "bus", "glass": "glass", "news": "new", "series": "sery",
		"gas": "gas", "is": "is", "pies": "py", "eies": "eie", "goes": "goe",
	} {
		if got := string(stem([]byte(in))); got != want {
			t.Errorf("stem(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestThreadLabel(t *testing.T) {
	for in, want := range map[string]string{
		"Re: Re: The  Plan":       "the plan",
		"RE[2]: the plan":         "the plan",
		"Fwd: re: The plan ":      "the plan",
		"Rerun of the plan":       "rerun of the plan",
		"":                        "",
		"re:":                     "",
		"Re: Fw: Question (long)": "question (long)",
	} {
		if got := ThreadLabel(in); got != want {
			t.Errorf("ThreadLabel(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFillTimes(t *testing.T) {
	docs := []Doc{
		{ID: "a0"}, {ID: "a1", Time: 100, Dated: true}, {ID: "a2"}, {ID: "a3", Time: 50, Dated: true}, {ID: "a4"},
		{ID: "b0"}, {ID: "b1"},
	}
	src := []string{"a", "a", "a", "a", "a", "b", "b"}
	fillTimes(docs, src)
	want := []struct {
		t        int64
		timeless bool
	}{{100, false}, {100, false}, {100, false}, {50, false}, {50, false}, {0, true}, {0, true}}
	for i, w := range want {
		if docs[i].Time != w.t || docs[i].Timeless != w.timeless {
			t.Errorf("%s: time %d timeless %v, want %d %v", docs[i].ID, docs[i].Time, docs[i].Timeless, w.t, w.timeless)
		}
	}
}

func TestNull(t *testing.T) {
	if MeasureNull(make([]Vector, minSample-1), NullLevel, 200) != nil {
		t.Error("a null measured on too few texts")
	}
	m := &Null{T: [][]float64{
		{0.1, 0.2, 0.3, 0.4, 0.5},
		{0.2, 0.3, 0.4, 0.5, 0.6},
		{0.3, 0.4, 0.5, 0.6, 0.7},
		{0.4, 0.5, 0.6, 0.7, 0.8},
		{0.5, 0.6, 0.7, 0.8, 0.9},
	}}
	for _, tc := range []struct {
		n, k int
		want float64
	}{{1, 1, 0.1}, {4, 1, 0.2}, {1, 16, 0.3}, {2, 1, 0.15}, {256, 256, 0.9}, {5000, 1, 0.5}, {0, 0, 0.1}} {
		if got := m.At(tc.n, tc.k); got < tc.want-1e-9 || got > tc.want+1e-9 {
			t.Errorf("At(%d, %d) = %g, want %g", tc.n, tc.k, got, tc.want)
		}
	}
}

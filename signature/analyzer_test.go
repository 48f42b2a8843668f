package signature

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/rehashdev/rehash"

	"github.com/rehashdev/rehash/lsh"
	"github.com/rehashdev/rehash/shingle"
	"github.com/rehashdev/rehash/sketch"
	"github.com/rehashdev/rehash/textnorm"
	"github.com/zeebo/xxh3"
)

// texts written for these tests: plain prose, case and spacing variants,
// punctuation only, a text shorter than a shingle, scripts without spaces.
var texts = []string{
	"The ferry to the islands runs twice a day from Monday, the harbour office said.",
	"THE  FERRY to the islands runs twice a day from monday -- the harbour office said",
	"Rain.",
	"one two three",
	"東京の天気は晴れです。明日は雨が降るでしょう。",
	"ภาษาไทยไม่มีช่องว่างระหว่างคำ และยังอ่านได้",
	"Café déjà vu: naïve ﬁnance, Ⅻ o'clock, 3.5% of 1,000 — “quoted” words.",
}

// generated returns n texts of random words over a small vocabulary, so
// that texts share runs.
func generated(seed uint64, n int) []string {
	rng := rand.New(rand.NewPCG(seed, 7))
	out := make([]string, n)
	for i := range out {
		w := make([]string, rng.IntN(120))
		for j := range w {
			w[j] = fmt.Sprintf("w%d", rng.IntN(40))
		}
		out[i] = strings.Join(w, " ")
	}
	return out
}

// model is the analysis written out from the packages below signature,
// step by step, as dedup and the index composed them before it existed.
type model struct {
	p    Params
	band lsh.Params
	norm *textnorm.Normalizer
	sh   *shingle.Shingler
}

func newModel(p Params) *model {
	b := lsh.Params{Bands: p.Bands, Rows: p.Rows}
	p.EnsureDefaults()
	if b.Bands == 0 {
		b = lsh.ParamsFor(p.Threshold, p.Slots, nil)
	}
	return &model{p: p, band: b, norm: textnorm.New(), sh: shingle.New(shingle.Options{K: p.Shingle, Seed: p.Seed})}
}

func (m *model) keys(text string) (xxh3.Uint128, []uint64, []uint64) {
	norm := m.norm.Append(nil, []byte(text))
	sh := m.sh.Append(nil, norm)
	if len(sh) == 0 {
		return xxh3.Uint128{}, nil, nil
	}
	sig := sketch.New(sketch.Params{Size: m.p.Slots, Seed: m.p.Seed}).Sketch(nil, sh)
	return xxh3.Hash128Seed(norm, m.p.Seed), sh, m.band.Keys(nil, sig)
}

// winnowModel picks, for every window start, the rightmost smallest gram
// by scanning the window backwards, and collects the chosen positions.
func winnowModel(words []uint64, gram, window int, hash func([]uint64) uint64) []uint64 {
	var grams []uint64
	for i := 0; i+gram <= len(words); i++ {
		grams = append(grams, hash(words[i:i+gram]))
	}
	if len(grams) == 0 {
		return nil
	}
	window = min(window, len(grams))
	chosen := map[int]bool{}
	for s := 0; s+window <= len(grams); s++ {
		best := s + window - 1
		for i := best - 1; i >= s; i-- {
			if grams[i] < grams[best] {
				best = i
			}
		}
		chosen[best] = true
	}
	var out []uint64
	for i := range chosen {
		out = append(out, grams[i])
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func TestAnalyzeMatchesModel(t *testing.T) {
	all := append(slices.Clone(texts), generated(1, 200)...)
	for _, p := range []Params{{}, {Threshold: 0.5, Shingle: 3, Slots: 64, Seed: 9}, {Bands: 2, Rows: 16}} {
		a, err := NewAnalyzer(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		m := newModel(p)
		for _, text := range all {
			an, err := a.Analyze([]byte(text), Hash|Shingles|Keys)
			hash, sh, keys := m.keys(text)
			if sh == nil {
				if !errors.Is(err, ErrEmpty) {
					t.Errorf("%q: err = %v, want ErrEmpty", text, err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%q: %v", text, err)
			}
			if an.Hash != hash || !slices.Equal(an.Set(), shingle.Set(slices.Clone(sh))) || !slices.Equal(an.Keys, keys) {
				t.Errorf("%.40q with %+v: analysis differs from the model", text, p)
			}
			// The words path gives the same shingles and keys.
			an2, err := a.Analyze([]byte(text), Words|Shingles|Keys)
			if err != nil || !slices.Equal(an2.Shingles, sh) || !slices.Equal(an2.Keys, keys) {
				t.Errorf("%.40q: shingles via words differ (%v)", text, err)
			}
			if want := m.sh.Words(nil, m.norm.Append(nil, []byte(text))); !slices.Equal(an2.Words, want) {
				t.Errorf("%.40q: words differ", text)
			}
		}
	}
}

func TestAnchorsMatchModel(t *testing.T) {
	all := append(slices.Clone(texts), generated(2, 300)...)
	other := func(w []uint64) uint64 { // a gram hash other than Combine
		h := uint64(len(w))
		for _, x := range w {
			h = shingle.Mix(h ^ x)
		}
		return h
	}
	for _, w := range []Winnower{{}, {Gram: 5, Window: 4}, {Gram: 3, Window: 1}, {Gram: 8, Window: 16, Seed: 3, Hash: other}} {
		a, err := NewAnalyzer(Params{}, &w)
		if err != nil {
			t.Fatal(err)
		}
		seed := cmpOr(w.Seed, DefaultSeed)
		gram, window, hash := cmpOr(w.Gram, DefaultGram), cmpOr(w.Window, DefaultWindow), w.Hash
		if hash == nil {
			hash = shingle.Combine
		}
		sh := shingle.New(shingle.Options{Seed: seed})
		for _, text := range all {
			words := sh.Words(nil, textnorm.New().Append(nil, []byte(text)))
			an, err := a.Analyze([]byte(text), Anchors|Grams)
			if len(words) == 0 {
				if !errors.Is(err, ErrEmpty) {
					t.Errorf("%q: err = %v, want ErrEmpty", text, err)
				}
				continue
			}
			want := winnowModel(words, gram, window, hash)
			if !slices.Equal(an.Anchors, want) {
				t.Errorf("%.40q with %+v: anchors %v, model %v", text, w, an.Anchors, want)
			}
			if len(an.Grams) != max(0, len(words)-gram+1) {
				t.Errorf("%.40q: %d grams for %d words", text, len(an.Grams), len(words))
			}
		}
	}
}

func cmpOr[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// The winnowing guarantee: texts sharing a run of Gram+Window-1 words
// share an anchor, whatever surrounds the run.
func TestWinnowGuarantee(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	for _, w := range []*Winnower{{Gram: 4, Window: 6}, {}, {Gram: 5, Window: 4}} {
		winnowGuarantee(t, rng, w)
	}
}

func winnowGuarantee(t *testing.T, rng *rand.Rand, w *Winnower) {
	w.defaults()
	run := w.Gram + w.Window - 1
	for trial := range 300 {
		shared := make([]uint64, run)
		for i := range shared {
			shared[i] = rng.Uint64()
		}
		a := slices.Concat(randWords(rng, rng.IntN(50)), shared, randWords(rng, rng.IntN(50)))
		b := slices.Concat(randWords(rng, rng.IntN(50)), shared, randWords(rng, rng.IntN(50)))
		fa, fb := w.Winnow(a), w.Winnow(b)
		common := 0
		for _, x := range fa {
			if _, ok := slices.BinarySearch(fb, x); ok {
				common++
			}
		}
		if common == 0 {
			t.Fatalf("%d/%d trial %d: a shared run of %d words gave no common anchor", w.Gram, w.Window, trial, run)
		}
	}
}

func randWords(rng *rand.Rand, n int) []uint64 {
	w := make([]uint64, n)
	for i := range w {
		w[i] = rng.Uint64()
	}
	return w
}

func TestSpans(t *testing.T) {
	a, _ := NewAnalyzer(Params{}, nil)
	for _, text := range texts {
		an, err := a.Analyze([]byte(text), Spans)
		if err != nil {
			continue
		}
		if len(an.Spans) != len(an.Words) {
			t.Fatalf("%q: %d spans for %d words", text, len(an.Spans), len(an.Words))
		}
		// Spans are in order and inside the text; where normalization
		// maps bytes one to one (ASCII), each span's text is its word.
		sh := shingle.New(shingle.Options{Seed: DefaultSeed})
		// (Combining marks map coarsely, so neighbours may overlap.)
		var prev rehash.Span
		for i, s := range an.Spans {
			if s.Start < prev.Start || s.End < prev.End || s.End <= s.Start || s.End > len(text) {
				t.Fatalf("%q: span %d %v out of order or bounds", text, i, s)
			}
			prev = s
			if !textnorm.IsASCII([]byte(text)) {
				continue
			}
			w := sh.Words(nil, textnorm.New().Append(nil, []byte(text[s.Start:s.End])))
			if len(w) != 1 || w[0] != an.Words[i] {
				t.Errorf("%q: span %d %q does not give word %d", text, i, text[s.Start:s.End], i)
			}
		}
	}
}

func TestAnalyzeEmpty(t *testing.T) {
	a, _ := NewAnalyzer(Params{}, nil)
	for _, text := range []string{"", "   ", "... — !!!"} {
		for _, want := range []Parts{Hash, Keys, Words, Anchors, Spans} {
			if _, err := a.Analyze([]byte(text), want); !errors.Is(err, ErrEmpty) {
				t.Errorf("%q parts %b: err = %v, want ErrEmpty", text, want, err)
			}
		}
	}
}

func BenchmarkAnalyzeKeys(b *testing.B) {
	text := []byte(strings.Join(generated(4, 50), ". "))
	a, _ := NewAnalyzer(Params{}, nil)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		a.Analyze(text, Hash|Shingles|Keys)
	}
}

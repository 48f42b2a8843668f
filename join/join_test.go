package join_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/join"
	"github.com/rehashdev/rehash/verify"
)

// scores is the model: every pair with any overlap, compared exactly.
func scores(sets [][]uint64) []rehash.Pair {
	var out []rehash.Pair
	for a := range sets {
		for b := a + 1; b < len(sets); b++ {
			if s := verify.Compare(sets[a], sets[b]); s.Jaccard > 0 {
				out = append(out, rehash.Pair{A: a, B: b, Jaccard: s.Jaccard, AInB: s.AInB, BInA: s.BInA})
			}
		}
	}
	return out
}

// above keeps the pairs at or above t, as a brute-force join would.
func above(all []rehash.Pair, t float64) []rehash.Pair {
	var out []rehash.Pair
	for _, p := range all {
		if p.Jaccard >= t {
			out = append(out, p)
		}
	}
	return out
}

func check(t *testing.T, sets [][]uint64, all []rehash.Pair, th float64, workers int) {
	t.Helper()
	got, err := join.Jaccard(context.Background(), sets, th, &join.Options{Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	want := above(all, th)
	if !slices.Equal(got, want) {
		t.Fatalf("threshold %v, %d workers: join gives %d pairs, brute force %d\nmissing: %v\nextra: %v",
			th, workers, len(got), len(want), diff(want, got), diff(got, want))
	}
}

// diff lists the pairs of x not in y, at most 10.
func diff(x, y []rehash.Pair) []rehash.Pair {
	var out []rehash.Pair
	for _, p := range x {
		if !slices.Contains(y, p) && len(out) < 10 {
			out = append(out, p)
		}
	}
	return out
}

func set(v []uint64) []uint64 {
	slices.Sort(v)
	return slices.Compact(v)
}

// plantedSets makes n sets over a skewed vocabulary, most of them edits of
// an earlier set (drop and add a fraction of tokens), some exact copies,
// subsets and supersets, so that every band of similarity is populated.
func plantedSets(rng *rand.Rand, n int) [][]uint64 {
	zipf := rand.NewZipf(rng, 1.1, 4, 1<<16)
	fresh := func(size int) []uint64 {
		v := make([]uint64, size)
		for i := range v {
			v[i] = zipf.Uint64()
		}
		return set(v)
	}
	var sets [][]uint64
	for len(sets) < n {
		if len(sets) == 0 || rng.IntN(4) == 0 {
			sets = append(sets, fresh(1+rng.IntN(300)))
			continue
		}
		base := sets[rng.IntN(len(sets))]
		var v []uint64
		switch rng.IntN(6) {
		case 0: // exact copy
			v = slices.Clone(base)
		case 1: // subset
			for _, x := range base {
				if rng.Float64() < 0.9 {
					v = append(v, x)
				}
			}
		default: // drop some, add some
			rate := []float64{0.01, 0.03, 0.05, 0.1, 0.2, 0.4}[rng.IntN(6)]
			for _, x := range base {
				if rng.Float64() >= rate {
					v = append(v, x)
				}
			}
			v = append(v, fresh(int(rate*float64(len(base)))+rng.IntN(2))...)
		}
		sets = append(sets, set(v))
	}
	rng.Shuffle(len(sets), func(i, j int) { sets[i], sets[j] = sets[j], sets[i] })
	return sets
}

var thresholds = []float64{0.05, 0.1, 0.2, 0.25, 1.0 / 3, 0.4, 0.5, 0.6, 2.0 / 3, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.99, 1}

func TestJaccardMatchesBruteForce(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		rng := rand.New(rand.NewPCG(seed, 7))
		sets := plantedSets(rng, 400)
		all := scores(sets)
		for _, th := range thresholds {
			for _, w := range []int{1, 3} {
				check(t, sets, all, th, w)
			}
		}
	}
}

// The planted sets must actually populate the thresholds, or the test above
// proves little.
func TestPlantedSetsSpreadSimilarity(t *testing.T) {
	all := scores(plantedSets(rand.New(rand.NewPCG(1, 7)), 400))
	for _, th := range []float64{0.5, 0.8, 0.9, 1} {
		if n := len(above(all, th)); n < 20 {
			t.Errorf("only %d pairs at %v", n, th)
		}
	}
}

// Tiny sets over a tiny universe put many pairs exactly on the thresholds
// that small fractions make (1/2, 2/3, 3/4, ...).
func TestJaccardTinySets(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 9))
	for iter := 0; iter < 3000; iter++ {
		sets := make([][]uint64, 1+rng.IntN(12))
		for i := range sets {
			if i > 0 && rng.IntN(4) == 0 {
				sets[i] = slices.Clone(sets[rng.IntN(i)])
				continue
			}
			v := make([]uint64, rng.IntN(7))
			for k := range v {
				v[k] = uint64(rng.IntN(10))
			}
			sets[i] = set(v)
		}
		th := []float64{1.0 / 2, 2.0 / 3, 3.0 / 4, 0.6, 0.8, 1, 1.0 / 3, 0.2, rng.Float64() + 1e-9}[rng.IntN(9)]
		check(t, sets, scores(sets), min(th, 1), 1+rng.IntN(3))
	}
}

func TestJaccardEmpty(t *testing.T) {
	for _, sets := range [][][]uint64{
		nil,
		{},
		{{}},
		{nil, {}, nil},
		{{1, 2, 3}},
		{{}, {1, 2}, {}, {1, 2}, nil},
	} {
		for _, th := range []float64{0.01, 0.5, 1} {
			check(t, sets, scores(sets), th, 2)
		}
	}
	got, _ := join.Jaccard(context.Background(), [][]uint64{{}, {1, 2}, {}, {1, 2}}, 1, nil)
	if want := []rehash.Pair{{A: 1, B: 3, Jaccard: 1, AInB: 1, BInA: 1}}; !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

func TestJaccardThreshold(t *testing.T) {
	for _, th := range []float64{0, -0.1, 1.01} {
		if _, err := join.Jaccard(context.Background(), [][]uint64{{1}}, th, nil); !errors.Is(err, join.ErrThreshold) {
			t.Errorf("threshold %v: err %v, want ErrThreshold", th, err)
		}
	}
}

func TestJaccardCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	sets := plantedSets(rand.New(rand.NewPCG(3, 3)), 200)
	if _, err := join.Jaccard(ctx, sets, 0.5, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want context.Canceled", err)
	}
}

// FuzzJaccard decodes bytes into small sets and a threshold and holds the
// join to the brute-force model.
func FuzzJaccard(f *testing.F) {
	f.Add([]byte{128, 3, 1, 2, 3, 3, 1, 2, 3, 2, 1, 2})
	f.Add([]byte{200, 0, 4, 1, 2, 3, 4, 3, 2, 3, 4, 1, 9})
	f.Add([]byte{255, 2, 5, 5, 2, 5, 5})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 1 {
			return
		}
		th := float64(data[0]%100+1) / 100
		data = data[1:]
		var sets [][]uint64
		for len(data) > 0 && len(sets) < 64 {
			n := int(data[0] % 8)
			data = data[1:]
			n = min(n, len(data))
			v := make([]uint64, n)
			for i := range v {
				v[i] = uint64(data[i] % 16)
			}
			data = data[n:]
			sets = append(sets, set(v))
		}
		check(t, sets, scores(sets), th, 2)
	})
}

func BenchmarkJaccard(b *testing.B) {
	sets := plantedSets(rand.New(rand.NewPCG(4, 4)), 5000)
	for _, th := range []float64{0.5, 0.8} {
		b.Run(fmt.Sprint(th), func(b *testing.B) {
			for b.Loop() {
				join.Jaccard(context.Background(), sets, th, nil)
			}
		})
	}
}

func ExampleJaccard() {
	sets := [][]uint64{
		{1, 2, 3, 4, 5},
		{9, 10},
		{1, 2, 3, 4, 6},
		{1, 2, 3, 4, 5, 6},
	}
	pairs, err := join.Jaccard(context.Background(), sets, 0.6, nil)
	if err != nil {
		panic(err)
	}
	for _, p := range pairs {
		fmt.Printf("%d %d %.3f\n", p.A, p.B, p.Jaccard)
	}
	// Output:
	// 0 2 0.667
	// 0 3 0.833
	// 2 3 0.833
}

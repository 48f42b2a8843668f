package sketch

import (
	"math"
	"math/rand/v2"
	"testing"
)

// setPair draws two random sets whose union has n elements and whose
// intersection has round(j·n), splitting the rest evenly, and returns them
// with their exact Jaccard similarity.
func setPair(rng *rand.Rand, n int, j float64) (a, b []uint64, exact float64) {
	inter := int(math.Round(j * float64(n)))
	for i := 0; i < n; i++ {
		x := rng.Uint64()
		switch {
		case i < inter:
			a = append(a, x)
			b = append(b, x)
		case (i-inter)%2 == 0:
			a = append(a, x)
		default:
			b = append(b, x)
		}
	}
	return a, b, float64(inter) / float64(n)
}

type errStats struct {
	sum, sumSq float64
	n          int
}

func (e *errStats) add(est, exact float64) {
	d := est - exact
	e.sum += d
	e.sumSq += d * d
	e.n++
}
func (e *errStats) bias() float64 { return e.sum / float64(e.n) }
func (e *errStats) mse() float64  { return e.sumSq / float64(e.n) }

// TestEstimatorAgainstExact holds the sketch's estimate against exact
// Jaccard and against classic MinHash on the same random set pairs: the bias
// must lie within four standard errors of zero, and the mean squared error
// may exceed neither MinHash's measured MSE nor the theoretical MinHash
// variance J(1-J)/m by more than 20% (the sampling error of an MSE over 400
// trials is about 7%, so an estimator that is truly worse fails).
func TestEstimatorAgainstExact(t *testing.T) {
	const size = 128
	trials := 400
	if testing.Short() {
		trials = 150
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{10, 40, 128, 600, 4000} {
		for _, j := range []float64{0.1, 0.5, 0.8, 0.95} {
			var su, mh errStats
			for trial := 0; trial < trials; trial++ {
				a, b, exact := setPair(rng, n, j)
				p := Params{Size: size, Seed: rng.Uint64()}
				s := New(p)
				su.add(Similarity(s.Sketch(nil, a), s.Sketch(nil, b)), exact)
				mh.add(Similarity(MinHash(p, a), MinHash(p, b)), exact)
			}
			theory := j * (1 - j) / size
			se := math.Sqrt(su.mse() / float64(trials))
			t.Logf("n=%5d J=%.2f  sketch bias %+.4f mse %.5f | minhash bias %+.4f mse %.5f | theory %.5f",
				n, j, su.bias(), su.mse(), mh.bias(), mh.mse(), theory)
			if math.Abs(su.bias()) > 4*se+1e-3 {
				t.Errorf("n=%d J=%.2f: bias %.4f exceeds 4 standard errors (%.4f)", n, j, su.bias(), 4*se)
			}
			if su.mse() > 1.2*mh.mse()+1e-5 || su.mse() > 1.2*theory+1e-5 {
				t.Errorf("n=%d J=%.2f: mse %.5f worse than MinHash (measured %.5f, theory %.5f)", n, j, su.mse(), mh.mse(), theory)
			}
		}
	}
}

func TestSketchProperties(t *testing.T) {
	s := New(Params{Size: 64, Seed: 7})
	a := []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9}
	sa := append(Signature(nil), s.Sketch(nil, a)...)
	// Order and repeats do not matter: a sketch is of a set.
	b := []uint64{9, 8, 7, 6, 5, 4, 3, 2, 1, 1, 5}
	if got := Similarity(sa, s.Sketch(nil, b)); got != 1 {
		t.Errorf("same set, other order: similarity %v, want 1", got)
	}
	// Disjoint sets share nothing.
	if got := Similarity(sa, s.Sketch(nil, []uint64{100, 200, 300})); got != 0 {
		t.Errorf("disjoint sets: similarity %v, want 0", got)
	}
	// Another seed gives another signature.
	if Similarity(sa, New(Params{Size: 64, Seed: 8}).Sketch(nil, a)) > 0.2 {
		t.Error("seed does not change the signature")
	}
	// Every slot is filled for a non-empty set.
	for i, v := range sa {
		if v == empty {
			t.Fatalf("slot %d empty", i)
		}
	}
}

func benchSketch(b *testing.B, n int) {
	rng := rand.New(rand.NewPCG(3, 4))
	set := make([]uint64, n)
	for i := range set {
		set[i] = rng.Uint64()
	}
	s := New(Params{})
	var sig Signature
	b.SetBytes(int64(8 * n))
	b.ResetTimer()
	for b.Loop() {
		sig = s.Sketch(sig, set)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/shingle")
}

func BenchmarkSketch100(b *testing.B)  { benchSketch(b, 100) }
func BenchmarkSketch1000(b *testing.B) { benchSketch(b, 1000) }
func BenchmarkSketch100k(b *testing.B) { benchSketch(b, 100000) }
func BenchmarkMinHash1000(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	set := make([]uint64, 1000)
	for i := range set {
		set[i] = rng.Uint64()
	}
	for b.Loop() {
		MinHash(Params{}, set)
	}
}

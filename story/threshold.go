package story

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
)

// Where the default threshold comes from.
//
// A document should join a story only when it is more similar to it than
// it would be, except by rare chance, to a story it has nothing to do
// with. So the default threshold is a quantile of a null distribution:
// the similarity of a document to a "story" made of random documents of
// the same input, of the same size. At the (1 - NullLevel) quantile,
// NullLevel = 1%, the conventional level at which a match is called better
// than chance, one unrelated comparison in a hundred passes.
//
// The null is measured on the input itself, and by story size, because
// both change it. Headlines of ten words either share a rare word or
// nothing, so a random headline's similarity to anything is almost always
// 0 and the quantile is set by the rare chance hit; articles of five
// hundred words share a little of everything, and that little adds up in
// a story's centroid: the cosine of a document with the centroid of k
// unrelated documents grows like the square root of k. A single threshold
// measured on pairs of documents is then too strict for headlines, or
// lets a large story of long articles swallow everything on its topic.
// Merging two stories is judged the same way, against the similarity of
// two random stories of their sizes.
//
// Random "stories" are drawn with a fixed seed, so the same input gives
// the same thresholds. Related documents among the random draws can only
// raise the quantile, so the estimate errs towards splitting. Under
// minSample distinct texts the draws would be mostly related (five
// articles about one event) and DefaultThreshold is used instead.
const (
	// NullLevel is the share of unrelated comparisons allowed to pass.
	NullLevel = 0.01
	// minSample is the fewest distinct texts to measure the null on.
	minSample = 200
	// nullPool random stories of each size are drawn; every pair of
	// them (or document and story) is one draw of the null.
	nullPool = 100
	nullSeed = 0x6e756c6c // "null"
)

// nullSizes are the story sizes the null is measured at; sizes in between
// are interpolated in log size, larger ones take the last.
var nullSizes = []int{1, 4, 16, 64, 256}

// Null holds the measured thresholds: At(n, m) is the (1 - level)
// quantile of the cosine between the centroids of two random stories of
// n and m documents.
type Null struct {
	Level float64
	// T[i][j] is the threshold for stories of nullSizes[i] and
	// nullSizes[j] documents.
	T [][]float64
}

// MeasureNull draws random stories from vecs and returns their null
// thresholds at the given level, with centroids pruned to storyTerms
// terms as the clusterer prunes its own; nil if there are fewer than
// minSample vectors.
func MeasureNull(vecs []Vector, level float64, storyTerms int) *Null {
	n := len(vecs)
	if n < minSample {
		return nil
	}
	r := rand.New(rand.NewPCG(nullSeed, uint64(n)))
	pools := make([][]Story, len(nullSizes))
	for i, k := range nullSizes {
		pools[i] = make([]Story, nullPool)
		for p := range pools[i] {
			s := Story{sum: newCentroid()}
			for range k {
				s.sum.add(vecs[r.IntN(n)])
				if len(s.sum.terms) > 2*storyTerms {
					s.sum.prune(storyTerms)
				}
			}
			s.Items = k
			s.norm = s.sum.norm()
			pools[i][p] = s
		}
	}
	m := &Null{Level: level, T: make([][]float64, len(nullSizes))}
	for i := range m.T {
		m.T[i] = make([]float64, len(nullSizes))
	}
	sims := make([]float64, 0, nullPool*nullPool)
	for i := range nullSizes {
		for j := i; j < len(nullSizes); j++ {
			sims = sims[:0]
			for a := range pools[i] {
				for b := range pools[j] {
					if i == j && a == b {
						continue
					}
					sims = append(sims, pools[i][a].centroidCosine(&pools[j][b]))
				}
			}
			slices.Sort(sims)
			q := sims[int((1-level)*float64(len(sims)-1))]
			m.T[i][j], m.T[j][i] = q, q
		}
	}
	return m
}

// At returns the threshold for stories of n and m items.
func (m *Null) At(n, k int) float64 {
	x, y := sizePos(n), sizePos(k)
	i0, j0 := int(x), int(y)
	i1, j1 := min(i0+1, len(nullSizes)-1), min(j0+1, len(nullSizes)-1)
	fx, fy := x-float64(i0), y-float64(j0)
	return (1-fx)*(1-fy)*m.T[i0][j0] + fx*(1-fy)*m.T[i1][j0] + (1-fx)*fy*m.T[i0][j1] + fx*fy*m.T[i1][j1]
}

// sizePos places a story size on the nullSizes scale (log base 4),
// clamped to it.
func sizePos(n int) float64 {
	p := math.Log(float64(max(n, 1))) / math.Log(4)
	return min(p, float64(len(nullSizes)-1))
}

// String renders the thresholds of a document against stories of each
// measured size.
func (m *Null) String() string {
	var b strings.Builder
	for j, k := range nullSizes {
		if j > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%d:%.3f", k, m.T[0][j])
	}
	return b.String()
}

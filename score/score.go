// Package score compares a clustering with gold labels: pairwise and
// B-cubed precision, recall and F1, the adjusted Rand index, homogeneity
// and completeness. It is how `rehash eval stories` scores story
// clustering, and it knows nothing about documents: items are positions,
// clusters and classes are small integers.
//
//	s := score.Compare(gold, pred) // gold[i], pred[i]: class and cluster of item i
//	fmt.Println(s.BCubed.F1, s.ARI)
//
// Cost: O(n) time and O(number of non-empty class×cluster cells) memory.
package score

import (
	"cmp"
	"math"
	"slices"
)

// PRF is a precision, a recall and their harmonic mean.
type PRF struct {
	P  float64 `json:"p"`
	R  float64 `json:"r"`
	F1 float64 `json:"f1"`
}

func prf(p, r float64) PRF {
	f := 0.0
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return PRF{P: p, R: r, F1: f}
}

// Scores are the agreement measures of a clustering with gold classes.
type Scores struct {
	// Items is the number of items compared.
	Items int `json:"items"`
	// Classes and Clusters count the distinct gold and predicted groups.
	Classes  int `json:"classes"`
	Clusters int `json:"clusters"`
	// Pairwise counts pairs of items: precision is the share of pairs put
	// together that belong together, recall the share of pairs that belong
	// together that were put together. With no pair on a side, that side
	// reads 1 (nothing was claimed, or nothing was there to find).
	Pairwise PRF `json:"pairwise"`
	// BCubed averages over items: an item's precision is the share of its
	// cluster in its class, its recall the share of its class in its
	// cluster (Bagga and Baldwin 1998; Amigó et al. 2009).
	BCubed PRF `json:"bcubed"`
	// ARI is the Rand index adjusted for chance (Hubert and Arabie 1985):
	// 1 for identical partitions, about 0 for random ones. When both
	// partitions are all singletons or both one block it reads 1 if they
	// are equal.
	ARI float64 `json:"ari"`
	// Homogeneity is 1 - H(class|cluster)/H(class): 1 when every cluster
	// holds one class. Completeness is 1 - H(cluster|class)/H(cluster): 1
	// when every class sits in one cluster (Rosenberg and Hirschberg 2007).
	// A zero entropy in the denominator reads 1.
	Homogeneity  float64 `json:"homogeneity"`
	Completeness float64 `json:"completeness"`
	// VMeasure is their harmonic mean.
	VMeasure float64 `json:"v_measure"`
}

// Compare scores the clustering pred against the gold classes: gold[i]
// and pred[i] are item i's class and cluster, any integers. It panics if
// the lengths differ.
func Compare(gold, pred []int) Scores {
	if len(gold) != len(pred) {
		panic("score: gold and pred differ in length")
	}
	n := len(gold)
	s := Scores{Items: n}
	if n == 0 {
		s.Pairwise, s.BCubed = prf(1, 1), prf(1, 1)
		s.ARI, s.Homogeneity, s.Completeness, s.VMeasure = 1, 1, 1, 1
		return s
	}
	count := map[cell]int{}
	a := map[int]int{} // class sizes
	b := map[int]int{} // cluster sizes
	for i := range gold {
		count[cell{gold[i], pred[i]}]++
		a[gold[i]]++
		b[pred[i]]++
	}
	s.Classes, s.Clusters = len(a), len(b)
	// Floating-point sums run over the cells in a fixed order, so that the
	// scores do not change in their last digits from run to run.
	cells := make([]cellCount, 0, len(count))
	for c, k := range count {
		cells = append(cells, cellCount{c, k})
	}
	slices.SortFunc(cells, func(x, y cellCount) int {
		if x.g != y.g {
			return cmp.Compare(x.g, y.g)
		}
		return cmp.Compare(x.p, y.p)
	})
	as, bs := sortedSizes(a), sortedSizes(b)

	var tp, goldPairs, predPairs int64
	var bp, br float64
	for _, c := range cells {
		k := c.k
		tp += pairs(k)
		bp += float64(k) * float64(k) / float64(b[c.p])
		br += float64(k) * float64(k) / float64(a[c.g])
	}
	for _, k := range as {
		goldPairs += pairs(k)
	}
	for _, k := range bs {
		predPairs += pairs(k)
	}
	s.Pairwise = prf(ratio(tp, predPairs), ratio(tp, goldPairs))
	s.BCubed = prf(bp/float64(n), br/float64(n))

	all := float64(pairs(n))
	expected := 0.0
	if all > 0 {
		expected = float64(goldPairs) * float64(predPairs) / all
	}
	maxIndex := (float64(goldPairs) + float64(predPairs)) / 2
	if maxIndex == expected {
		// Both partitions are trivial (all singletons or one block).
		s.ARI = 0
		if goldPairs == predPairs && tp == goldPairs {
			s.ARI = 1
		}
	} else {
		s.ARI = (float64(tp) - expected) / (maxIndex - expected)
	}

	hc, hk, hck, hkc := 0.0, 0.0, 0.0, 0.0
	N := float64(n)
	for _, k := range as {
		hc -= float64(k) / N * math.Log(float64(k)/N)
	}
	for _, k := range bs {
		hk -= float64(k) / N * math.Log(float64(k)/N)
	}
	for _, c := range cells {
		f := float64(c.k)
		hck -= f / N * math.Log(f/float64(b[c.p])) // H(class | cluster)
		hkc -= f / N * math.Log(f/float64(a[c.g])) // H(cluster | class)
	}
	s.Homogeneity, s.Completeness = 1, 1
	if hc > 0 {
		s.Homogeneity = 1 - hck/hc
	}
	if hk > 0 {
		s.Completeness = 1 - hkc/hk
	}
	if s.Homogeneity+s.Completeness > 0 {
		s.VMeasure = 2 * s.Homogeneity * s.Completeness / (s.Homogeneity + s.Completeness)
	}
	return s
}

type cell struct{ g, p int }

type cellCount struct {
	cell
	k int
}

// sortedSizes returns the group sizes of m in increasing order.
func sortedSizes(m map[int]int) []int {
	out := make([]int, 0, len(m))
	for _, k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func pairs(k int) int64 { return int64(k) * int64(k-1) / 2 }

func ratio(num, den int64) float64 {
	if den == 0 {
		return 1
	}
	return float64(num) / float64(den)
}

// Labels turns string labels into the integers Compare takes, numbering
// them in order of first appearance.
func Labels(names []string) []int {
	ids := map[string]int{}
	out := make([]int, len(names))
	for i, s := range names {
		id, ok := ids[s]
		if !ok {
			id = len(ids)
			ids[s] = id
		}
		out[i] = id
	}
	return out
}

// Package verify measures candidate pairs exactly on their shingle sets, so
// that no pair is reported on the strength of an estimate.
//
//	inter := verify.Intersect(a, b) // a, b sorted and unique
//	p := verify.Scores(len(a), len(b), inter)
//	if p.Jaccard >= threshold { ... }
//
// Intersect merges the two sorted sets in O(|a| + |b|), galloping through the
// larger one when their sizes differ by more than a factor of 16, so a short
// text checked against a book costs O(|a| log |b|).
package verify

import "sort"

// Score holds the exact similarity measures of two shingle sets A and B.
type Score struct {
	Jaccard float64 // |A∩B| / |A∪B|
	AInB    float64 // |A∩B| / |A|: how much of A is inside B
	BInA    float64 // |A∩B| / |B|
}

// Scores computes the measures from the set sizes and the intersection.
func Scores(na, nb, inter int) Score {
	if na == 0 || nb == 0 {
		return Score{}
	}
	return Score{
		Jaccard: float64(inter) / float64(na+nb-inter),
		AInB:    float64(inter) / float64(na),
		BInA:    float64(inter) / float64(nb),
	}
}

// Compare returns the exact scores of two sorted, unique sets.
func Compare(a, b []uint64) Score {
	return Scores(len(a), len(b), Intersect(a, b))
}

// MaxJaccard is the largest Jaccard two sets of these sizes can have: the
// size filter that lets a pair be rejected without reading the sets.
func MaxJaccard(na, nb int) float64 {
	if na == 0 || nb == 0 {
		return 0
	}
	if na > nb {
		na, nb = nb, na
	}
	return float64(na) / float64(nb)
}

// Intersect returns |a ∩ b| for sorted, unique a and b.
func Intersect(a, b []uint64) int {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) == 0 {
		return 0
	}
	if len(b) > 16*len(a) {
		return gallop(a, b)
	}
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch x, y := a[i], b[j]; {
		case x < y:
			i++
		case x > y:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

// gallop looks each element of the small set up in the large one, searching
// only the part of b past the previous match.
func gallop(a, b []uint64) int {
	n := 0
	for _, x := range a {
		k := sort.Search(len(b), func(i int) bool { return b[i] >= x })
		if k < len(b) && b[k] == x {
			n++
			k++
		}
		b = b[k:]
		if len(b) == 0 {
			break
		}
	}
	return n
}

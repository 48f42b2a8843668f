package verify_test

import (
	"fmt"

	"github.com/rehashdev/rehash/verify"
)

// Exact scores of two sorted shingle sets.
func ExampleCompare() {
	a := []uint64{1, 2, 3, 4, 5, 6, 7, 8}
	b := []uint64{2, 3, 4, 5, 6, 7, 8, 9, 10}
	s := verify.Compare(a, b)
	fmt.Printf("jaccard %.2f, a in b %.2f, b in a %.2f\n", s.Jaccard, s.AInB, s.BInA)
	// Output: jaccard 0.70, a in b 0.88, b in a 0.78
}

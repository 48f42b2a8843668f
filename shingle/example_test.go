package shingle_test

import (
	"fmt"

	"github.com/rehashdev/rehash/shingle"
)

// Word 3-shingles: case and punctuation are the normalizer's business
// (package textnorm); the shingler hashes words, and the run "to be or",
// which occurs twice, is one member of the set.
func Example() {
	s := shingle.New(shingle.Options{K: 3, Seed: 1})
	hashes := s.Append(nil, []byte("to be or not to be or"))
	fmt.Println(len(hashes), "shingles,", len(shingle.Set(hashes)), "distinct")
	// Output: 5 shingles, 4 distinct
}

package index

import "github.com/rehashdev/rehash/internal/testcorpus"

// generate makes n documents (package internal/testcorpus): bases of
// random words, edited copies at known rates, and exact copies differing
// only in case and spacing, shuffled, so that pairs fall on both sides of
// any threshold.
func generate(seed uint64, n int) []testcorpus.Doc {
	exact := n / 20
	bases := n * 2 / 3
	return testcorpus.Generate(testcorpus.Config{
		Seed: seed, Bases: bases, Copies: n - bases - exact, Exact: exact,
		Vocabulary: 3000, MinWords: 40, MaxWords: 199, Shuffle: true,
	})
}

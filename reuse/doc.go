// Package reuse finds the pairs of documents in a corpus that share
// passages, however low their overall similarity, and links them with the
// evidence package: relation, scores and passages with byte offsets into
// the original inputs.
//
//	st, err := reuse.Run(ctx, []string{"corpus.jsonl.gz"}, nil, func(l rehash.Link) error {
//		return enc.Encode(l) // one JSON line per related pair
//	})
//
// The search runs in three steps:
//
//  1. Index. Every document is normalized and split into word hashes; its
//     5-word seed hashes and its number of distinct 5-word shingles are
//     kept too (all that is kept of it: 16 bytes a word). The seeds are winnowed
//     (Schleimer et al., 2003) with a window of MinWords−4 seeds, so any
//     run of MinWords identical words two documents share yields at least
//     one common fingerprint; about 2/(w+1) of the seeds are kept.
//     Documents whose normalized text repeats an earlier one are linked to
//     it as exact and not indexed.
//  2. Candidates. Postings are sorted by fingerprint (as single uint64
//     keys, fingerprint high bits and document low bits, sorted in
//     parallel buckets); a fingerprint held
//     by more than MaxDF documents is boilerplate (a licence, a
//     signature) and proposes nothing; the others propose every pair of
//     their holders. Each distinct pair is aligned once.
//  3. Align and map. Workers align the candidates on their word hashes and
//     keep pairs whose relation is not none. Pairs are grouped by B, so
//     that B's seed table is built once; the seed hashes are not
//     recomputed, and the shingle Jaccard comes from the seed table (the
//     seeds are the shingles) without sorting shingle sets. A second read of the inputs
//     decodes only the linked documents, to turn word ranges into byte
//     ranges in Text and Raw.
//
// Output is in input order of (A, B) and does not depend on the number of
// workers. Memory is the word and seed hashes (16 bytes a word), the
// postings (12 bytes a fingerprint, then 8 while sorting) and the links;
// never the texts.
// Standard input cannot be searched, since it cannot be read twice.
//
// Limits: near-duplicate groups larger than MaxDF share only fingerprints
// that count as boilerplate and are not linked; a repeated text links to
// its first copy only.
package reuse

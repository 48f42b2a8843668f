package index

import (
	"github.com/klauspost/compress/zstd"
	"github.com/rehashdev/rehash/shingle"
	"github.com/rehashdev/rehash/signature"
)

// Reuse anchors.
//
// Near-duplicate band keys cannot find a short piece that quotes two
// sentences of a long article; anchors can. Each document stores the
// anchors signature.Winnower chooses from its 8-word grams over windows of
// 16 grams, so two texts sharing a run of at least 8+16-1 = 23 words share
// at least one anchor, and a text keeps about 12% of its grams. A query
// gathers the documents that share anchors with it, skipping anchors held
// by more than QueryOptions.ReuseMaxDF documents (boilerplate), and aligns
// the best of them with package evidence on their stored text.
//
// Format 2 froze which anchors are stored: the gram and window lengths,
// the seed of the anchors' word hashes (anchorSeed, not the signature
// seed) and the gram hash below. Changing any of them requires a new
// format version.
const (
	anchorGram   = 8
	anchorWindow = 16
	anchorSeed   = 0x7265686173680003
)

// anchorWinnower is the analyzers' winnowing configuration.
var anchorWinnower = signature.Winnower{Gram: anchorGram, Window: anchorWindow, Seed: anchorSeed, Hash: anchorGramHash}

// stored are the parts of an analysis a document's entries hold.
const stored = signature.Hash | signature.Shingles | signature.Keys | signature.Anchors

// anchorGramHash is format 2's gram hash, kept apart from shingle.Combine
// (which reuse's in-memory anchors use) because stored anchors depend on
// it.
func anchorGramHash(words []uint64) uint64 {
	h := uint64(anchorSeed)
	for _, w := range words {
		h = (h ^ w) * 0x9e3779b97f4a7c15
		h ^= h >> 29
	}
	return shingle.Mix(h)
}

// The stored texts are compressed one by one with zstd; EncodeAll and
// DecodeAll are safe for concurrent use.
var (
	zenc, _ = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1))
	zdec, _ = zstd.NewReader(nil, zstd.WithDecoderConcurrency(0))
)

func compressText(text []byte) []byte { return zenc.EncodeAll(text, nil) }

func decompressText(b []byte) ([]byte, error) { return zdec.DecodeAll(b, nil) }

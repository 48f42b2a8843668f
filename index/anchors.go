package index

import (
	"slices"
	"sync"

	"github.com/klauspost/compress/zstd"
	"github.com/rehashdev/rehash/evidence"
	"github.com/rehashdev/rehash/shingle"
	"github.com/rehashdev/rehash/textnorm"
)

// Reuse anchors.
//
// Near-duplicate band keys find documents that are mostly the same; they
// cannot find a short piece that quotes two sentences of a long article,
// whose Jaccard similarity is near zero. For that each document stores a
// few "anchors": hashes of 8-word n-grams chosen by winnowing (Schleimer,
// Wilkerson and Aiken, 2003) over windows of anchorWindow consecutive
// n-grams. Winnowing keeps the smallest hash of every window, so two texts
// sharing a run of at least anchorGram+anchorWindow-1 = 23 words share at
// least one anchor whatever surrounds the run, and a text keeps about
// 2/(anchorWindow+1) ≈ 12% of its n-grams. A query gathers the documents
// that share anchors with it, skipping anchors held by more than
// QueryOptions.ReuseMaxDF documents (boilerplate), and aligns the best of
// them with package evidence on their stored text.
//
// The constants and anchorSeed decide which anchors are stored: changing
// any of them requires a new format version.
const (
	anchorGram   = 8
	anchorWindow = 16
	anchorSeed   = 0x7265686173680003
)

// wordHasher turns texts into word hashes as evidence.Prepare does, with
// the index's own seed; it is not safe for concurrent use.
type wordHasher struct {
	al   *evidence.Aligner
	norm *textnorm.Normalizer
	buf  []byte
}

var wordHashers = sync.Pool{New: func() any {
	al, err := evidence.New(&evidence.Options{HashSeed: anchorSeed})
	if err != nil {
		panic(err) // fixed, valid options
	}
	return &wordHasher{al: al, norm: textnorm.New()}
}}

// anchorsOf returns the sorted, unique anchors of text.
func anchorsOf(text []byte) []uint64 {
	h := wordHashers.Get().(*wordHasher)
	var words []uint64
	words, _, h.buf = h.al.Words(h.norm, h.buf, text)
	wordHashers.Put(h)
	return winnow(words)
}

// winnow returns the sorted, unique anchors of a word-hash sequence: the
// minimum n-gram hash of every window of anchorWindow n-grams (every
// n-gram's minimum when the text is shorter than a window). Cost
// O(len(words) × (anchorGram + anchorWindow)).
func winnow(words []uint64) []uint64 {
	if len(words) < anchorGram {
		return nil
	}
	grams := make([]uint64, len(words)-anchorGram+1)
	for i := range grams {
		h := uint64(anchorSeed)
		for _, w := range words[i : i+anchorGram] {
			h = (h ^ w) * 0x9e3779b97f4a7c15
			h ^= h >> 29
		}
		grams[i] = shingle.Mix(h)
	}
	w := min(anchorWindow, len(grams))
	var out []uint64
	last := -1
	for start := 0; start+w <= len(grams); start++ {
		m := start
		for i := start + 1; i < start+w; i++ {
			if grams[i] <= grams[m] { // rightmost minimum, as in the paper
				m = i
			}
		}
		if m != last {
			out = append(out, grams[m])
			last = m
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// The stored texts are compressed one by one with zstd; EncodeAll and
// DecodeAll are safe for concurrent use.
var (
	zenc, _ = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1))
	zdec, _ = zstd.NewReader(nil, zstd.WithDecoderConcurrency(0))
)

func compressText(text []byte) []byte { return zenc.EncodeAll(text, nil) }

func decompressText(b []byte) ([]byte, error) { return zdec.DecodeAll(b, nil) }

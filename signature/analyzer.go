package signature

import (
	"context"
	"errors"
	"slices"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/lsh"
	"github.com/rehashdev/rehash/shingle"
	"github.com/rehashdev/rehash/sketch"
	"github.com/rehashdev/rehash/textnorm"
	"github.com/zeebo/xxh3"
)

// Parts selects what Analyze computes; each consumer asks only for what it
// uses (dedup: Hash|Shingles|Keys; the index adds Anchors; reuse:
// Hash|Words|Anchors|Grams).
type Parts uint

// The parts of an Analysis.
const (
	// Hash is the 128-bit content hash of the normalized text.
	Hash Parts = 1 << iota
	// Words are the word hashes, in text order.
	Words
	// Spans are the words' byte ranges in the text given to Analyze
	// (mapped back through normalization). Implies Words.
	Spans
	// Shingles are the shingle hashes, in text order with repeats.
	Shingles
	// Keys are the LSH band keys of the signature.
	Keys
	// Anchors are the winnowed anchors.
	Anchors
	// Grams are the gram hashes winnowing chose the anchors from. Implies
	// Anchors.
	Grams
)

// ErrEmpty means the text has no words after normalization: nothing to
// sign. Callers skip such documents.
var ErrEmpty = errors.New("signature: no words after normalization")

// Analysis is one text reduced. Only the parts asked for are set; every
// slice is newly allocated and owned by the caller.
type Analysis struct {
	// Hash is the xxh3-128 hash, seeded with Params.Seed, of the
	// normalized text: equal hashes are exact duplicates.
	Hash xxh3.Uint128
	// Words are the hashes of the normalized words, seeded with
	// Params.Seed.
	Words []uint64
	// Spans[i] is word i's byte range in the text given to Analyze.
	Spans []rehash.Span
	// Shingles are the hashes of the Params.Shingle-word shingles,
	// unsorted: each once (in the order shingle.AppendDistinct gives) when only Hash,
	// Shingles and Keys are asked for (dedup's path); in text order with
	// repeats when the words are tokenized too. Set makes the sorted set
	// either way. A text shorter than a shingle has one shingle of all its
	// words.
	Shingles []uint64
	// Keys are the Params.Bands band keys of the text's signature.
	Keys []uint64
	// Anchors are the sorted, unique winnowed anchors (see Winnower).
	Anchors []uint64
	// Grams are the gram hashes behind Anchors, in text order.
	Grams []uint64
}

// Set returns the sorted, unique shingle set, sorting Shingles in place.
func (an *Analysis) Set() []uint64 {
	an.Shingles = slices.Clip(shingle.Set(an.Shingles))
	return an.Shingles
}

// Analyzer reduces texts with one normalizer, tokenizer, sketcher, banding
// and winnower, reusing its buffers. Every consumer of signatures goes
// through it, so they cannot drift apart. It is not safe for concurrent
// use; make one per goroutine (they are cheap) or pool them.
type Analyzer struct {
	p      Params
	band   lsh.Params
	norm   *textnorm.Normalizer
	sh     *shingle.Shingler
	sk     *sketch.Sketcher
	wn     Winnower
	buf    []byte
	hashes []uint64
	// distinct is scratch for the distinct shingles of the words path.
	distinct []uint64
	sig      sketch.Signature
}

// NewAnalyzer returns an analyzer for p, its defaults filled in, or an
// error wrapping ErrParams. w configures anchors; nil means the zero
// Winnower (the index's defaults).
func NewAnalyzer(p Params, w *Winnower) (*Analyzer, error) {
	p, err := p.Resolved()
	if err != nil {
		return nil, err
	}
	a := &Analyzer{
		p:    p,
		band: p.Banding(),
		norm: textnorm.New(),
		sh:   shingle.New(shingle.Options{K: p.Shingle, Seed: p.Seed}),
		sk:   sketch.New(sketch.Params{Size: p.Slots, Seed: p.Seed}),
	}
	if w != nil {
		a.wn = Winnower{Gram: w.Gram, Window: w.Window, Hash: w.Hash, Seed: w.Seed}
	}
	a.wn.defaults()
	return a, nil
}

// Params returns the parameters in effect, defaults filled in.
func (a *Analyzer) Params() Params { return a.p }

// Analyze normalizes text once (see package textnorm) and computes the
// parts asked for. A text with no words returns ErrEmpty. Cost is
// O(len(text)), plus one sketch for Keys and
// O(words × (Gram+Window)) for Anchors.
func (a *Analyzer) Analyze(text []byte, want Parts) (Analysis, error) {
	return a.AnalyzeContext(context.Background(), text, want)
}

// AnalyzeContext is Analyze that gives up, returning ctx's error, when ctx
// ends: it checks between the stages (normalizing, tokenizing, shingling,
// sketching, winnowing), so a deadline is overrun by at most one stage of
// one text, not the whole analysis.
func (a *Analyzer) AnalyzeContext(ctx context.Context, text []byte, want Parts) (Analysis, error) {
	var an Analysis
	if want&Grams != 0 {
		want |= Anchors
	}
	if want&Spans != 0 {
		want |= Words
	}
	anchorWords := want&Anchors != 0 && a.wn.Seed != 0 && a.wn.Seed != a.p.Seed
	var (
		m     *rehash.OffsetMap
		spans []rehash.Span
	)
	if want&Spans != 0 {
		a.buf, m = a.norm.AppendMap(a.buf[:0], text)
	} else {
		a.buf = a.norm.Append(a.buf[:0], text)
	}
	norm := a.buf
	if err := ctx.Err(); err != nil {
		return Analysis{}, err
	}

	// Words are needed on their own, or to winnow: tokenize once and make
	// the shingles from them. Otherwise (dedup's path) hash the distinct
	// shingles straight from the text, into scratch.
	var words []uint64
	if want&(Words|Anchors) != 0 {
		if want&Spans != 0 || anchorWords {
			words, spans = a.sh.Tokens(norm)
		} else {
			words = a.sh.Words(nil, norm)
		}
		if len(words) == 0 {
			return Analysis{}, ErrEmpty
		}
		if err := ctx.Err(); err != nil {
			return Analysis{}, err
		}
		if want&(Shingles|Keys) != 0 {
			a.hashes = a.sh.Shingles(a.hashes[:0], words)
		}
	} else {
		// Distinct shingles in one pass: the sketch's work and the
		// state a caller holds are per distinct shingle.
		a.hashes = a.sh.AppendDistinct(a.hashes[:0], norm)
		if len(a.hashes) == 0 {
			return Analysis{}, ErrEmpty
		}
	}

	if want&Hash != 0 {
		an.Hash = xxh3.Hash128Seed(norm, a.p.Seed)
	}
	if want&Words != 0 {
		an.Words = slices.Clip(words)
	}
	if want&Shingles != 0 {
		an.Shingles = slices.Clone(a.hashes)
	}
	if err := ctx.Err(); err != nil {
		return Analysis{}, err
	}
	if want&Keys != 0 {
		// The sketch does not care about order or repeats, so it is
		// given each shingle once: its cost is per shingle it sees, and
		// a repetitive text (the same phrase over and over) has few
		// distinct shingles among very many. AppendDistinct's path is
		// distinct already.
		h := a.hashes
		if want&(Words|Anchors) != 0 {
			a.distinct = shingle.Set(append(a.distinct[:0], a.hashes...))
			h = a.distinct
		}
		a.sig = a.sk.Sketch(a.sig, h)
		an.Keys = a.band.Keys(make([]uint64, 0, a.band.Bands), a.sig)
	}
	if err := ctx.Err(); err != nil {
		return Analysis{}, err
	}
	if want&Anchors != 0 {
		aw := words
		if anchorWords {
			// The anchors' words hashed with their own seed: the bytes a
			// second tokenizer would find, without segmenting again.
			aw = make([]uint64, len(words))
			for i, s := range spans {
				aw[i] = xxh3.HashSeed(norm[s.Start:s.End], a.wn.Seed)
			}
		}
		an.Anchors = a.wn.Winnow(aw)
		if want&Grams != 0 {
			an.Grams = slices.Clone(a.wn.Grams())
		}
	}
	if want&Spans != 0 {
		for i, s := range spans {
			spans[i] = m.Source(s)
		}
		an.Spans = spans
	}
	return an, nil
}

package evidence

import (
	"errors"
	"fmt"

	"github.com/rehashdev/rehash/shingle"
	"github.com/rehashdev/rehash/signature"
)

// DefaultSeed seeds word hashing. Scores do not depend on it (beyond
// 64-bit collisions); it is fixed so that runs agree.
const DefaultSeed = 0x7265686173680002

// Options shape alignment and the relation thresholds. A nil *Options
// means the defaults; zero fields take their defaults too.
type Options struct {
	// MinWords is the shortest passage reported, in words on each side.
	// Default 8: long enough that a shared run is not a stock phrase
	// ("the prime minister said on"), short enough for one quoted
	// sentence.
	MinWords int
	// ExactRun is the length in words of the identical runs alignment
	// starts from (its seeds). Default 5, the shingle length dedup uses;
	// never more than MinWords.
	ExactRun int
	// MaxGap is the largest edit, in words on either side, that a passage
	// steps over while extending (a word replaced, a clause inserted).
	// Default 3.
	MaxGap int
	// MergeGap joins passages separated by at most this many words on
	// both sides, in the same order: a sentence broken by a longer
	// insertion. Default 6, shorter than a typical added sentence, so
	// added lines stay outside the passages.
	MergeGap int
	// Shingle is the shingle length in words for the Jaccard and
	// containment scores. Default shingle.DefaultK (5), as dedup.
	Shingle int
	// HashSeed seeds the word hash. Default DefaultSeed.
	HashSeed uint64
	// Quotes puts each passage's text on both sides into the link
	// (Passage.QuoteA, QuoteB). Default false: offsets only.
	Quotes bool
	// Thresholds decide the relation. Zero fields take the defaults in
	// DefaultThresholds.
	Thresholds Thresholds
}

// ErrOptions reports options out of range.
var ErrOptions = errors.New("evidence: invalid options")

func (o *Options) withDefaults() (Options, error) {
	c := Options{}
	if o != nil {
		c = *o
	}
	if c.MinWords == 0 {
		c.MinWords = DefaultMinWords
	}
	if c.ExactRun == 0 {
		c.ExactRun = shingle.DefaultK
	}
	if c.MaxGap == 0 {
		c.MaxGap = 3
	}
	if c.MergeGap == 0 {
		c.MergeGap = 6
	}
	if c.Shingle == 0 {
		c.Shingle = shingle.DefaultK
	}
	if c.HashSeed == 0 {
		c.HashSeed = DefaultSeed
	}
	c.Thresholds = c.Thresholds.withDefaults()
	switch {
	case c.MinWords < 1:
		return c, fmt.Errorf("%w: min words %d < 1", ErrOptions, c.MinWords)
	case c.ExactRun < 1 || c.ExactRun > 64:
		return c, fmt.Errorf("%w: exact run of %d words is not in [1, 64]", ErrOptions, c.ExactRun)
	case c.MaxGap < 0 || c.MaxGap > 16:
		return c, fmt.Errorf("%w: max gap %d is not in [0, 16]", ErrOptions, c.MaxGap)
	case c.MergeGap < 0:
		return c, fmt.Errorf("%w: merge gap %d < 0", ErrOptions, c.MergeGap)
	case c.Shingle < 1 || c.Shingle > 64:
		return c, fmt.Errorf("%w: shingle of %d words is not in [1, 64]", ErrOptions, c.Shingle)
	}
	return c, nil
}

// Aligner aligns documents, reusing its scratch buffers. It is not safe for
// concurrent use; make one per goroutine.
type Aligner struct {
	opts   Options
	sh     *shingle.Shingler
	sa     *signature.Analyzer // Prepare's and Words' analysis
	table  []uint64            // open addressing: tag | position+1 of a seed's first occurrence
	mask   uint64
	seeds  []uint64 // B's seed hashes
	next   []int
	count  []int
	raw    []Match
	active []int
	merged []Match
	setA   []uint64
	setB   []uint64
	// indexed identifies the B whose seeds the table holds; distinct
	// counts its distinct seeds.
	indexed struct {
		p        *uint64
		n, q     int
		distinct int
	}
	// stamp marks, per B position heading a seed's chain, the last Align
	// (by epoch) whose A held that seed: counting the first marks gives
	// the number of distinct seeds the two texts share.
	stamp []uint32
	epoch uint32
	// aligned is the last pair Align saw and the distinct seeds they
	// share, which Scores reuses as the shingle intersection when seeds
	// and shingles have the same length.
	aligned struct {
		a, b   *uint64
		na, nb int
		shared int
	}
	// setOf identifies the text whose shingle set setB holds.
	setOf struct {
		p *uint64
		n int
	}
}

// New returns an Aligner for the options, or ErrOptions.
func New(opts *Options) (*Aligner, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	// Words are hashed as package signature hashes them, with the
	// aligner's own seed and shingle length.
	sa, err := signature.NewAnalyzer(signature.Params{Shingle: o.Shingle, Seed: o.HashSeed}, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrOptions, err)
	}
	return &Aligner{
		opts: o,
		sh:   shingle.New(shingle.Options{K: o.Shingle, Seed: o.HashSeed}),
		sa:   sa,
	}, nil
}

// Options returns the options in use, defaults filled in.
func (al *Aligner) Options() Options { return al.opts }

package evidence

import (
	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/shingle"
	"github.com/rehashdev/rehash/verify"
)

// Compare aligns two prepared documents and returns the link between
// them: the relation, the scores, the shared passages with their ranges
// in both Texts and both Raws, and the likely source. A Text without
// spans (hashes only) gives passages with word counts but zero spans.
//
// Cost is linear in the two lengths for ordinary text, plus sorting the
// two shingle sets for the Jaccard score: O(n log n).
func (al *Aligner) Compare(a, b *Text) rehash.Link {
	ms := al.Align(a.Words, b.Words)
	return al.Link(a, b, ms)
}

// Link builds the link for matches Align found between a and b.
func (al *Aligner) Link(a, b *Text, ms []Match) rehash.Link {
	s := al.Scores(a, b, ms)
	rel := al.opts.Thresholds.Classify(s)
	l := rehash.Link{
		A:        a.ID,
		B:        b.ID,
		Relation: rel,
		Jaccard:  s.Jaccard,
		CoverA:   ratio(s.SharedA, len(a.Words)),
		CoverB:   ratio(s.SharedB, len(b.Words)),
		Passages: make([]rehash.Passage, 0, len(ms)),
	}
	l.AInB, l.BInA = s.AInB, s.BInA
	for _, m := range ms {
		p := rehash.Passage{WordsA: m.WordsA(), WordsB: m.WordsB()}
		p.TextA, p.TextB = a.TextSpan(m.AStart, m.AEnd), b.TextSpan(m.BStart, m.BEnd)
		p.A, p.B = a.RawSpan(p.TextA), b.RawSpan(p.TextB)
		l.Passages = append(l.Passages, p)
	}
	l.Source, l.Why = LikelySource(rel, a.ID, b.ID, a.Date, b.Date)
	if a.hasSpans() && b.hasSpans() {
		edits := make([][]WordEdit, len(ms))
		for k, m := range ms {
			edits[k] = Edits(a.Words, b.Words, m)
		}
		Assemble(&l, edits, SideOf(a, ms, edits, false), SideOf(b, ms, edits, true), al.opts.Quotes)
	}
	return l
}

// hasSpans reports whether t knows where its words stand in the text.
func (t *Text) hasSpans() bool { return t.doc != nil && t.Spans != nil }

// Scores measures a pair from its matches: exactness, shingle Jaccard,
// and the words of each side inside passages.
func (al *Aligner) Scores(a, b *Text, ms []Match) Scores {
	sharedA := coverage(ms, len(a.Words), func(m Match) (int, int) { return m.AStart, m.AEnd })
	sharedB := coverage(ms, len(b.Words), func(m Match) (int, int) { return m.BStart, m.BEnd })
	s := Scores{
		Exact:    a.Hash == b.Hash && len(a.Words) > 0,
		SharedA:  sharedA,
		SharedB:  sharedB,
		CoverA:   ratio(sharedA, len(a.Words)),
		CoverB:   ratio(sharedB, len(b.Words)),
		Passages: len(ms),
	}
	if n, ok := al.alignedShared(a, b); ok {
		// Seeds are the K-shingles: the seed index of the last Align
		// already counted the shared ones, without sorting either set.
		sc := verify.Scores(a.Shingles, al.indexed.distinct, n)
		s.Jaccard, s.AInB, s.BInA = sc.Jaccard, sc.AInB, sc.BInA
		return s
	}
	al.setA = shingle.Set(al.sh.Shingles(al.setA[:0], a.Words))
	if len(b.Words) == 0 || al.setOf.p != &b.Words[0] || al.setOf.n != len(b.Words) {
		al.setB = shingle.Set(al.sh.Shingles(al.setB[:0], b.Words))
		al.setOf.p, al.setOf.n = nil, len(b.Words)
		if len(b.Words) > 0 {
			al.setOf.p = &b.Words[0]
		}
	}
	sc := verify.Compare(al.setA, al.setB)
	s.Jaccard, s.AInB, s.BInA = sc.Jaccard, sc.AInB, sc.BInA
	return s
}

// alignedShared returns the number of distinct K-shingles a and b share,
// as the last Align counted it, when that Align was of these two texts,
// its seeds were the K-shingles (Seed = K ≤ MinWords, both texts at least
// K words long) and a carries its distinct shingle count.
func (al *Aligner) alignedShared(a, b *Text) (int, bool) {
	o := &al.opts
	g := &al.aligned
	if a.Shingles <= 0 || min(o.ExactRun, o.MinWords) != o.Shingle || g.a == nil ||
		len(a.Words) == 0 || len(b.Words) == 0 ||
		g.a != &a.Words[0] || g.na != len(a.Words) || g.b != &b.Words[0] || g.nb != len(b.Words) {
		return 0, false
	}
	return g.shared, true
}

func ratio(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}

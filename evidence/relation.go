package evidence

import (
	"fmt"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/when"
)

// Thresholds decide a pair's relation from its scores. Covers are the
// shares of each side's words inside shared passages (Link.CoverA,
// CoverB); the smaller text's cover is the one that says "most of it was
// copied". The table in the package documentation and docs/evidence.md
// give the rules in order.
type Thresholds struct {
	// NearDuplicate is the cover both sides must reach to be
	// near-duplicates. Default 0.85.
	NearDuplicate float64
	// NearJaccard is the shingle Jaccard at which a pair is a
	// near-duplicate whatever the covers: dedup's default threshold, so
	// that every pair dedup clusters is at least a near-duplicate here.
	// Default 0.8.
	NearJaccard float64
	// Contains is the cover of one side at which it is contained in the
	// other. Default 0.7.
	Contains float64
	// Confirm is the shingle measure the covers must be confirmed by:
	// the Jaccard for a near-duplicate by cover, the contained side's
	// shingle containment (AInB or BInA) for contains. Alignment steps
	// over replaced words, so a template re-used with other figures (a
	// weekly rate report, a dividend notice) covers as much as a re-sent
	// story; its 5-word shingles, broken by every changed figure, tell
	// them apart. Default 0.5.
	Confirm float64
	// PartialCover is the cover of either side at or above which shared
	// passages are partial reuse rather than an excerpt. Default 0.3: a
	// few sentences of a news article stay below it.
	PartialCover float64
	// PartialWords is the number of shared words (on the side sharing
	// fewer) at or above which shared passages are partial reuse however
	// long the texts are: a chapter inside a book is not an excerpt.
	// Default 100.
	PartialWords int
}

// DefaultThresholds are the thresholds of a zero Thresholds.
var DefaultThresholds = Thresholds{
	NearDuplicate: 0.85,
	NearJaccard:   0.8,
	Contains:      0.7,
	Confirm:       0.5,
	PartialCover:  0.3,
	PartialWords:  100,
}

func (t Thresholds) withDefaults() Thresholds {
	d := DefaultThresholds
	if t.NearDuplicate == 0 {
		t.NearDuplicate = d.NearDuplicate
	}
	if t.NearJaccard == 0 {
		t.NearJaccard = d.NearJaccard
	}
	if t.Contains == 0 {
		t.Contains = d.Contains
	}
	if t.Confirm == 0 {
		t.Confirm = d.Confirm
	}
	if t.PartialCover == 0 {
		t.PartialCover = d.PartialCover
	}
	if t.PartialWords == 0 {
		t.PartialWords = d.PartialWords
	}
	return t
}

// Scores are what Classify reads.
type Scores struct {
	// Exact is true when the normalized texts are equal.
	Exact bool
	// Jaccard, AInB and BInA are the exact shingle-set measures (see
	// package verify).
	Jaccard, AInB, BInA float64
	// CoverA and CoverB are the shares of each side's words inside
	// shared passages.
	CoverA, CoverB float64
	// SharedA and SharedB count the words inside shared passages.
	SharedA, SharedB int
	// Passages is the number of shared passages.
	Passages int
}

// Classify names the relation, applying the rules in order:
//
//	exact           normalized texts equal
//	near-duplicate  Jaccard ≥ NearJaccard, or both covers ≥ NearDuplicate
//	                and Jaccard ≥ Confirm
//	contains        CoverB ≥ Contains and BInA ≥ Confirm (most of B is in A)
//	contained-in    CoverA ≥ Contains and AInB ≥ Confirm
//	partial-reuse   a cover ≥ PartialCover, or ≥ PartialWords shared words
//	excerpt         at least one passage
//	none            no passage
//
// When both covers reach Contains the larger cover decides the direction.
func (t Thresholds) Classify(s Scores) rehash.Relation {
	t = t.withDefaults()
	switch {
	case s.Exact:
		return rehash.Exact
	case s.Jaccard >= t.NearJaccard || min(s.CoverA, s.CoverB) >= t.NearDuplicate && s.Jaccard >= t.Confirm:
		return rehash.NearDuplicate
	case s.CoverB >= t.Contains && s.BInA >= t.Confirm && (s.CoverB >= s.CoverA || s.AInB < t.Confirm):
		return rehash.Contains
	case s.CoverA >= t.Contains && s.AInB >= t.Confirm:
		return rehash.ContainedIn
	case s.Passages == 0:
		return rehash.Unrelated
	case max(s.CoverA, s.CoverB) >= t.PartialCover || min(s.SharedA, s.SharedB) >= t.PartialWords:
		return rehash.PartialReuse
	}
	return rehash.Excerpt
}

// LikelySource says which side of a related pair is the likely source and
// why: the earlier date when both have dates that differ, else the side
// that contains the other. It returns "" when there is no telling (an
// excerpt or a near-duplicate without dates).
func LikelySource(rel rehash.Relation, a, b, dateA, dateB string) (source, why string) {
	if rel == rehash.Unrelated {
		return "", ""
	}
	ta, errA := when.Parse(dateA)
	tb, errB := when.Parse(dateB)
	okA, okB := errA == nil, errB == nil
	if okA && okB && !ta.Equal(tb) {
		if ta.Before(tb) {
			return a, fmt.Sprintf("earlier date: %s (%s) before %s (%s)", dateA, a, dateB, b)
		}
		return b, fmt.Sprintf("earlier date: %s (%s) before %s (%s)", dateB, b, dateA, a)
	}
	switch rel {
	case rehash.Contains:
		return a, fmt.Sprintf("%s contains most of %s", a, b)
	case rehash.ContainedIn:
		return b, fmt.Sprintf("%s contains most of %s", b, a)
	}
	return "", ""
}

// relation converts a name to a Relation, for tests and flags.
func relation(s string) rehash.Relation { return rehash.Relation(s) }

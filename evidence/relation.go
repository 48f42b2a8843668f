package evidence

import (
	"fmt"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/when"
)

// Thresholds decide a pair's relation from the aligned passages'
// coverage of each side (Link.CoverA, CoverB): the share of a side's
// words inside shared passages. Shingle measures (Jaccard, AInB, BInA)
// are kept in the link as evidence but decide nothing: a light rewrite
// breaks most 5-word shingles (a changed word every ten breaks half of
// them) while alignment steps over the edits, so a text 87% inside the
// passages is contained even when only 43% of its shingles are. Wire
// templates filled with other figures, which shingles used to tell apart,
// are flagged by Link.Template instead. The table in the package
// documentation and docs/evidence.md give the rules in order.
type Thresholds struct {
	// NearDuplicate is the cover both sides must reach to be
	// near-duplicates. Default 0.85.
	NearDuplicate float64
	// NearJaccard is the shingle Jaccard at which a pair that is not a
	// containment is a near-duplicate whatever the covers: dedup's
	// default threshold, so that every pair dedup clusters is at least a
	// near-duplicate here. Default 0.8.
	NearJaccard float64
	// Contains is the cover of one side at which it is contained in the
	// other. Default 0.7.
	Contains float64
	// Whole is the cover at which a side lies whole inside the other: a
	// quoted post, a story re-sent with a paragraph added. Default 0.95.
	Whole float64
	// Added is the share of a side's words outside the passages at which
	// it adds text of its own. A pair where one side is Whole inside the
	// other and the other adds at least this much is a containment, not a
	// near-duplicate: the container carries text the other lacks (a reply
	// quoting a short post and adding a line). Default 0.1.
	Added float64
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
	Whole:         0.95,
	Added:         0.1,
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
	if t.Whole == 0 {
		t.Whole = d.Whole
	}
	if t.Added == 0 {
		t.Added = d.Added
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
	// package verify): evidence, not rules.
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
//	contains        CoverB ≥ Whole and 1−CoverA ≥ Added (B whole inside A,
//	                A adds text)
//	contained-in    CoverA ≥ Whole and 1−CoverB ≥ Added
//	near-duplicate  both covers ≥ NearDuplicate, or Jaccard ≥ NearJaccard
//	none            no passage
//	contains        CoverB ≥ Contains (most of B is in A)
//	contained-in    CoverA ≥ Contains
//	partial-reuse   a cover ≥ PartialCover, or ≥ PartialWords shared words
//	excerpt         any other passage
//
// When both covers reach Contains the larger cover is the contained side;
// on equal covers, the side with the larger shingle containment.
func (t Thresholds) Classify(s Scores) rehash.Relation {
	t = t.withDefaults()
	bInside := s.CoverB >= s.CoverA
	if s.CoverA == s.CoverB {
		bInside = s.BInA >= s.AInB
	}
	switch {
	case s.Exact:
		return rehash.Exact
	case s.CoverB >= t.Whole && 1-s.CoverA >= t.Added:
		return rehash.Contains
	case s.CoverA >= t.Whole && 1-s.CoverB >= t.Added:
		return rehash.ContainedIn
	case min(s.CoverA, s.CoverB) >= t.NearDuplicate || s.Jaccard >= t.NearJaccard:
		return rehash.NearDuplicate
	case s.Passages == 0:
		return rehash.Unrelated
	case s.CoverB >= t.Contains && bInside:
		return rehash.Contains
	case s.CoverA >= t.Contains:
		return rehash.ContainedIn
	case s.CoverB >= t.Contains:
		return rehash.Contains
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

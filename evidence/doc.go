// Package evidence says how and where two documents share text: it aligns
// their shared passages, tolerant of small edits, maps each passage back to
// byte ranges in both original inputs (HTML included), and names the
// relation between them.
//
//	al, _ := evidence.New(nil) // defaults: passages of 8+ words
//	a, b := al.Prepare(docA), al.Prepare(docB)
//	link := al.Compare(a, b) // a rehash.Link
//	for _, p := range link.Passages {
//		fmt.Printf("%s\n", docA.Raw[p.A.Start:p.A.End])
//	}
//
// Alignment is seed and extend: runs of Options.ExactRun (5) identical
// normalized words found in both texts are extended both ways, stepping
// over edits of up to Options.MaxGap (3) words on either side when three
// identical words follow; pieces of one passage separated by at most
// Options.MergeGap (6) words on both sides, in the same order, are merged;
// passages shorter than Options.MinWords (8) words are dropped. The cost is
// linear in the lengths for ordinary text (see Align), and the result
// depends only on the two texts.
//
// The relation of a pair, from its scores (CoverA and CoverB are the
// shares of each side's words inside shared passages), with the default
// Thresholds, taking the first rule that holds:
//
//	relation        rule
//	exact           normalized texts are equal
//	contains        CoverB ≥ 0.95 and 1−CoverA ≥ 0.1 (B whole inside A,
//	                A adds text: a reply quoting a whole post)
//	contained-in    CoverA ≥ 0.95 and 1−CoverB ≥ 0.1
//	near-duplicate  CoverA and CoverB ≥ 0.85, or shingle Jaccard ≥ 0.8
//	none            no shared passage
//	contains        CoverB ≥ 0.7 (most of B lies inside A)
//	contained-in    CoverA ≥ 0.7
//	partial-reuse   CoverA or CoverB ≥ 0.3, or ≥ 100 shared words
//	excerpt         any other shared passage (a quote, a sentence or two)
//
// Covers come from alignment, which steps over replaced words, so a light
// rewrite is graded by how much of it stands in passages, not by how many
// 5-word shingles survived its edits. The shingle measures stay in the
// link as evidence. A pair whose differences are only numbers, dates,
// names or the title is flagged as a template (Link.Template).
//
// The likely source is the side with the earlier date when both have
// dates that differ, else the containing side of contains / contained-in;
// Link.Why says which ground applied. docs/evidence.md explains the
// choices and gives measured results.
package evidence

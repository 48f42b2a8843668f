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
// Alignment is seed and extend: runs of Options.Seed (5) identical
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
//	near-duplicate  shingle Jaccard ≥ 0.8, or CoverA and CoverB ≥ 0.85 with
//	                Jaccard ≥ 0.5
//	contains        CoverB ≥ 0.7 and BInA ≥ 0.5 (most of B lies inside A)
//	contained-in    CoverA ≥ 0.7 and AInB ≥ 0.5
//	none            no shared passage
//	partial-reuse   CoverA or CoverB ≥ 0.3, or ≥ 100 shared words
//	excerpt         any other shared passage (a quote, a sentence or two)
//
// Covers come from alignment, which steps over replaced words; the shingle
// measures (BInA, AInB, Jaccard ≥ 0.5) confirm that the words are the same
// and not a template filled with other figures.
//
// The likely source is the side with the earlier date when both have
// dates that differ, else the containing side of contains / contained-in;
// Link.Why says which ground applied. docs/evidence.md explains the
// choices and gives measured results.
package evidence

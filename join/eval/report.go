package eval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
)

// WriteJSON writes the report as one indented JSON object.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteText writes the report for people.
func (r *Report) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	p := func(format string, a ...any) { fmt.Fprintf(bw, format, a...) }
	p("threshold %.2f, %d-word shingles, %d slots, LSH b=%d r=%d, seed %#x\n",
		r.Threshold, r.Shingle, r.Slots, r.Bands, r.Rows, r.Seed)
	p("documents  %d: %d distinct texts, %d exact duplicates (%d reported by dedup)\n",
		r.Docs, r.Distinct, r.ExactDuplicates, r.ExactFound)
	p("near pairs %d true (J ≥ %.2f), %d found, %d both\n", r.TruePairs, r.Threshold, r.FoundPairs, r.Both)
	p("recall     %.4f   (J ≥ %.2f: %.4f, %d of %d)\n", r.Recall, r.StrongThreshold, r.StrongRecall, r.StrongFound, r.StrongPairs)
	p("precision  %.4f\n", r.Precision)
	p("expected   %.4f   (recall the banding curve predicts)\n", r.ExpectedRecall)
	if r.ScoreMismatches > 0 {
		p("WARNING    %d found pairs with a Jaccard other than the exact one\n", r.ScoreMismatches)
	}
	p("\n%-14s %8s %8s %8s %9s\n", "Jaccard", "true", "found", "recall", "expected")
	for _, b := range r.Buckets {
		rng := fmt.Sprintf("[%.2f, %.2f)", b.Lo, b.Hi)
		if b.Lo == b.Hi {
			rng = fmt.Sprintf("%.2f", b.Lo)
		}
		p("%-14s %8d %8d %8.4f %9.4f\n", rng, b.Pairs, b.Found, b.Recall, b.Expected)
	}
	c := r.Clusters
	p("\nclusters   %d true, %d found, %d identical\n", c.True, c.Found, c.Identical)
	p("           pairwise recall %.4f, precision %.4f (%d true document pairs, %d found)\n",
		c.PairRecall, c.PairPrecision, c.TruePairs, c.FoundPairs)
	p("\ntime       dedup %.2fs (%d candidates); exact join %.2fs, after %.2fs reading the sets\n",
		r.DedupSeconds, r.Candidates, r.JoinSeconds, r.SetsSeconds)
	if n := r.TruePairs - r.Both; n > 0 {
		p("\nmissed     %d pairs; ", n)
		if len(r.Missed) < n {
			p("the %d with the highest Jaccard:\n", len(r.Missed))
		} else {
			p("all of them:\n")
		}
		p("%8s %9s  %s\n", "Jaccard", "P(band)", "documents")
		for _, m := range r.Missed {
			p("%8.4f %9.4f  %s  %s\n", m.Jaccard, m.Collision, m.A, m.B)
		}
	}
	return bw.Flush()
}

package dedup

import (
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/rehashdev/rehash"
)

// Stats summarize a run. Read = Written + the sum of Skipped.
type Stats struct {
	// Read counts records read; Written those that made it into the
	// output; Skipped the rest, by reason.
	Read, Written int64
	Skipped       map[rehash.SkipReason]int64
	// Bytes is the raw size of all records read.
	Bytes int64
	// Clusters counts clusters of two or more documents; Duplicates the
	// documents that are not kept, Exact those among them whose normalized
	// text equals their representative's.
	Clusters, Duplicates, Exact int
	// Candidates counts LSH candidate pairs; Verified those whose exact
	// Jaccard reached the threshold.
	Candidates, Verified int
	// ShingleBytes is the memory held by shingle sets at the end of
	// reading, and StateBytes all per-document state, for the
	// bytes-per-document figure.
	ShingleBytes, StateBytes int64
	// ReadSeconds is the time to read and analyze; Seconds the whole run.
	ReadSeconds, Seconds float64
}

func (s *Stats) finish(res *Result, elapsed time.Duration) {
	s.Seconds = elapsed.Seconds()
	s.Written = int64(len(res.Docs))
	sizes := map[int]int{}
	for i, d := range res.Docs {
		sizes[d.Rep]++
		if d.Rep != i {
			s.Duplicates++
			if d.Exact {
				s.Exact++
			}
		}
	}
	for _, n := range sizes {
		if n > 1 {
			s.Clusters++
		}
	}
}

// Summary writes the human-readable run summary.
func (s *Stats) Summary(w io.Writer) {
	var skipped int64
	reasons := make([]string, 0, len(s.Skipped))
	for r, n := range s.Skipped {
		skipped += n
		reasons = append(reasons, fmt.Sprintf("%s %d", r, n))
	}
	slices.Sort(reasons)
	fmt.Fprintf(w, "rehash: read %d documents, wrote %d, skipped %d", s.Read, s.Written, skipped)
	if len(reasons) > 0 {
		fmt.Fprintf(w, " (")
		for i, r := range reasons {
			if i > 0 {
				fmt.Fprint(w, ", ")
			}
			fmt.Fprint(w, r)
		}
		fmt.Fprint(w, ")")
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "rehash: %d clusters, %d duplicates (%d exact, %d near), %d candidate pairs, %d verified\n",
		s.Clusters, s.Duplicates, s.Exact, s.Duplicates-s.Exact, s.Candidates, s.Verified)
	mb := float64(s.Bytes) / 1e6
	rate := 0.0
	if s.Seconds > 0 {
		rate = mb / s.Seconds
	}
	fmt.Fprintf(w, "rehash: %.1f MB in %.2fs (%.1f MB/s)\n", mb, s.Seconds, rate)
}

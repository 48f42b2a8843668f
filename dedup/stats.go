package dedup

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unsafe"

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
	// Transcoded counts the documents read from a charset other than
	// UTF-8 (see ingest's charset rules).
	Transcoded int64
	// BadDates counts documents whose date package when cannot read; the
	// dated keep policies put them last. Dates are read only under those
	// policies (earliest, latest), so it is 0 under the others. BadDate is the first such date,
	// named in the summary once rather than once per document.
	BadDates int64
	BadDate  string
	// Formats breaks the counts down by input format ("jsonl", "csv",
	// "html", ...; "unknown" for inputs that could not be read at all).
	Formats map[string]*FormatCount
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
	// SpillBytes is what an out-of-core run (Options.Memory) wrote to its
	// temporary files; 0 otherwise.
	SpillBytes int64
	// ResumedFrom is the stage a resumed run (Options.SpillDir) took up
	// again ("reading", "read", "candidates", "sets"), ResumedDocs the
	// documents its spill files already held; "" and 0 otherwise.
	ResumedFrom string `json:",omitempty"`
	ResumedDocs int    `json:",omitempty"`
	// ReadSeconds is the time to read and analyze; Seconds the whole run.
	ReadSeconds, Seconds float64
}

// measureState adds up the memory the run holds per document once
// everything is read: the shingle sets, the band keys, the per-document
// records and their strings. The texts are not held, so this is what the
// corpus costs beyond the reading buffers.
func (s *Stats) measureState(docs []Doc, states []state, keys int) {
	for _, st := range states {
		s.ShingleBytes += int64(cap(st.set)) * 8
	}
	s.StateBytes = s.ShingleBytes + int64(keys)*8 +
		int64(len(states))*int64(unsafe.Sizeof(state{})+unsafe.Sizeof(Doc{}))
	for _, d := range docs {
		s.StateBytes += int64(len(d.ID) + len(d.Source.Path) + len(d.Meta.Title) + len(d.Meta.Date) + len(d.Meta.URL) + len(d.Meta.Site))
	}
}

// FormatCount counts one format's records.
type FormatCount struct {
	Read, Written int64
	Skipped       map[rehash.SkipReason]int64
}

func (s *Stats) count(format string, skip rehash.SkipReason) {
	if format == "" {
		format = "unknown"
	}
	if s.Formats == nil {
		s.Formats = map[string]*FormatCount{}
	}
	f := s.Formats[format]
	if f == nil {
		f = &FormatCount{Skipped: map[rehash.SkipReason]int64{}}
		s.Formats[format] = f
	}
	f.Read++
	if skip != "" {
		f.Skipped[skip]++
	} else {
		f.Written++
	}
}

// take counts one analyzed record, in-memory and out-of-core runs alike.
// It reports whether the record is a document to keep working on; a bad
// record is counted and skipped under Skip, and returned as the run's error
// under Fail (as is any error that is not a record's).
func (s *Stats) take(it *item, policy OnError) (bool, error) {
	s.Read++
	s.Bytes += int64(it.rawLen)
	if it.err != nil {
		rerr, ok := policy.Skips(it.err)
		if !ok {
			return false, it.err
		}
		s.Skipped[rerr.Reason]++
		s.count(it.format, rerr.Reason)
		return false, nil
	}
	s.count(it.format, "")
	s.noteDoc(it)
	return true, nil
}

// noteDoc counts what the summary says of a document beyond its format:
// a transcoded charset, an unreadable date (found by the worker: parsing
// dates is too slow for the one goroutine that collects).
func (s *Stats) noteDoc(it *item) {
	d := it.doc
	if d.Meta.Charset != "" {
		s.Transcoded++
	}
	if it.badDate {
		if s.BadDates == 0 {
			s.BadDate = fmt.Sprintf("%q in %s", d.Meta.Date, d.Source)
		}
		s.BadDates++
	}
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

// skips renders "skipped N (reason n, ...)".
func skips(m map[rehash.SkipReason]int64) string {
	var total int64
	reasons := make([]string, 0, len(m))
	for r, n := range m {
		total += n
		reasons = append(reasons, fmt.Sprintf("%s %d", r, n))
	}
	slices.Sort(reasons)
	if len(reasons) == 0 {
		return fmt.Sprintf("skipped %d", total)
	}
	return fmt.Sprintf("skipped %d (%s)", total, strings.Join(reasons, ", "))
}

// count says n nouns in English: "1 cluster", "2 clusters".
func count[N int | int64](n N, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// Summary writes the human-readable run summary.
func (s *Stats) Summary(w io.Writer) {
	fmt.Fprintf(w, "rehash: read %s, wrote %d, %s", count(s.Read, "document"), s.Written, skips(s.Skipped))
	if len(s.Formats) == 1 {
		for f := range s.Formats {
			fmt.Fprintf(w, " [%s]", f)
		}
	}
	fmt.Fprintln(w)
	if len(s.Formats) > 1 {
		names := make([]string, 0, len(s.Formats))
		for f := range s.Formats {
			names = append(names, f)
		}
		slices.Sort(names)
		for _, f := range names {
			c := s.Formats[f]
			fmt.Fprintf(w, "rehash:   %s: read %d, wrote %d, %s\n", f, c.Read, c.Written, skips(c.Skipped))
		}
	}
	if s.Transcoded > 0 {
		fmt.Fprintf(w, "rehash: %d transcoded to UTF-8 from another charset\n", s.Transcoded)
	}
	if s.BadDates > 0 {
		fmt.Fprintf(w, "rehash: %s, sorted last by --keep earliest/latest (first: %s)\n", count(s.BadDates, "unreadable date"), s.BadDate)
	}
	if s.ResumedFrom != "" {
		fmt.Fprintf(w, "rehash: resumed at stage %q from the spill directory, with %s already read\n", s.ResumedFrom, count(s.ResumedDocs, "document"))
	}
	fmt.Fprintf(w, "rehash: %s, %s (%d exact, %d near), %s, %d verified\n",
		count(s.Clusters, "cluster"), count(s.Duplicates, "duplicate"), s.Exact, s.Duplicates-s.Exact, count(s.Candidates, "candidate pair"), s.Verified)
	mb := float64(s.Bytes) / 1e6
	rate := 0.0
	if s.Seconds > 0 {
		rate = mb / s.Seconds
	}
	fmt.Fprintf(w, "rehash: %.1f MB in %.2fs (%.1f MB/s)", mb, s.Seconds, rate)
	if s.Written > 0 {
		fmt.Fprintf(w, "; state held %.1f MB, %d bytes/document (%d in shingle sets)",
			float64(s.StateBytes)/1e6, s.StateBytes/s.Written, s.ShingleBytes/s.Written)
		if s.SpillBytes > 0 {
			fmt.Fprintf(w, "; %.1f MB spilled to disk", float64(s.SpillBytes)/1e6)
		}
	}
	fmt.Fprintln(w)
}

// Package rehash is the shared vocabulary of the rehash system: documents,
// spans, offset maps, pairs, relations and skips. It imports no other package
// of this module, so every stage (ingest, extract, textnorm, shingle, sketch,
// lsh, verify, cluster, dedup, index, report) can depend on it without cycles.
//
// Data flows one way:
//
//	raw bytes -> Document -> normalized text -> shingles -> sketch -> band keys
//	-> candidate pairs -> verified pairs (with evidence) -> clusters -> output
package rehash

import (
	"fmt"
	"sort"
)

// Document is one input text with its provenance. Readers fill it; the
// pipeline never modifies Text or Raw after it is handed over.
type Document struct {
	// ID names the document: the JSONL/CSV id field, the path of a file
	// relative to the root given, a WARC record id, or "path:line" when the
	// record has no id of its own.
	ID string

	// Text is the document's text as UTF-8, after format decoding and main
	// text extraction (for HTML) but before normalization.
	Text []byte

	// Raw is the record exactly as it stood in the (decompressed) input:
	// one JSONL line without its newline, a whole text file, an HTML page.
	// Deduplicated output copies it byte for byte.
	Raw []byte

	// Offsets maps byte offsets in Text to byte offsets in Raw. A nil map
	// means Text lies verbatim inside Raw starting at TextStart.
	Offsets *OffsetMap

	// TextStart is the offset of Text inside Raw when Offsets is nil and the
	// text was taken verbatim (for example after a leading date line).
	TextStart int

	// Source says where the record came from.
	Source Source

	// Meta is descriptive metadata carried into the outputs.
	Meta Meta
}

// Source locates a record in the input.
type Source struct {
	// Path is the input file as the user named it (or "-" for stdin),
	// joined with the path inside a directory walk or archive.
	Path string
	// Line is the 1-based line number of the record for line-oriented
	// formats (JSONL, CSV), or 0.
	Line int
	// Offset is the byte offset of the record in the decompressed stream.
	Offset int64
	// Format names the decoder that read it: "text", "jsonl", "html", ...
	Format string
}

// String renders the location as "path:line" or "path@offset".
func (s Source) String() string {
	switch {
	case s.Line > 0:
		return fmt.Sprintf("%s:%d", s.Path, s.Line)
	case s.Offset > 0:
		return fmt.Sprintf("%s@%d", s.Path, s.Offset)
	default:
		return s.Path
	}
}

// Meta is descriptive metadata of a document. Empty fields are unknown.
type Meta struct {
	Title string `json:"title,omitempty"`
	// Date is an ISO 8601 date or timestamp as found in the input.
	Date string `json:"date,omitempty"`
	URL  string `json:"url,omitempty"`
	Site string `json:"site,omitempty"`
	// Bytes is the length of the raw record.
	Bytes int64 `json:"bytes,omitempty"`
	// Charset names the charset the text was transcoded from to UTF-8
	// ("windows-1252", "utf-16le", "shift_jis"), or "" for UTF-8 input.
	Charset string `json:"charset,omitempty"`
}

// Span is a half-open byte range [Start, End).
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Len returns the span's length in bytes.
func (s Span) Len() int { return s.End - s.Start }

// OffsetMap maps byte offsets of a derived text (extracted or normalized)
// back to byte ranges of the text it was derived from. It is a sorted list of
// segments; inside a segment whose lengths agree the mapping is one to one,
// otherwise (an HTML entity decoded to one rune, a ligature expanded) every
// derived byte maps to the whole source range of the segment.
//
// The zero value maps nothing; use Add to build one in increasing order.
type OffsetMap struct {
	segs []segment
}

type segment struct {
	dst, dstLen int
	src, srcLen int
	// coarse: every derived byte maps to the whole source range. Set when
	// the lengths differ, and by Compose for a part of a coarse segment
	// whose lengths happen to agree.
	coarse bool
}

// Add records that derived bytes [dst, dst+dstLen) came from source bytes
// [src, src+srcLen). Calls must come in increasing dst order; adjacent
// one-to-one segments are merged so that verbatim runs cost one entry.
func (m *OffsetMap) Add(dst, dstLen, src, srcLen int) {
	m.add(dst, dstLen, src, srcLen, dstLen != srcLen)
}

func (m *OffsetMap) add(dst, dstLen, src, srcLen int, coarse bool) {
	if dstLen <= 0 {
		return
	}
	if n := len(m.segs); n > 0 && !coarse {
		last := &m.segs[n-1]
		if !last.coarse && last.dst+last.dstLen == dst && last.src+last.srcLen == src {
			last.dstLen += dstLen
			last.srcLen += srcLen
			return
		}
	}
	m.segs = append(m.segs, segment{dst, dstLen, src, srcLen, coarse})
}

// Len returns the number of segments, a measure of the map's memory cost.
func (m *OffsetMap) Len() int { return len(m.segs) }

// Source maps the derived span s to the smallest source span that covers
// every byte of it. Offsets outside the mapped range clamp to its ends.
func (m *OffsetMap) Source(s Span) Span {
	if m == nil || len(m.segs) == 0 || s.End <= s.Start {
		return s
	}
	return Span{m.point(s.Start, false), m.point(s.End-1, true)}
}

// point maps one derived byte offset to the start (end=false) or the end
// (end=true, exclusive) of its source range.
func (m *OffsetMap) point(off int, end bool) int {
	i := sort.Search(len(m.segs), func(i int) bool { return m.segs[i].dst+m.segs[i].dstLen > off })
	if i == len(m.segs) {
		last := m.segs[len(m.segs)-1]
		return last.src + last.srcLen
	}
	g := m.segs[i]
	if off < g.dst { // in a gap before segment i (inserted separator)
		return g.src
	}
	if !g.coarse {
		if end {
			return g.src + (off - g.dst) + 1
		}
		return g.src + (off - g.dst)
	}
	if end {
		return g.src + g.srcLen
	}
	return g.src
}

// Compose returns a map from m's derived text to outer's source: if m maps
// normalized text to extracted text and outer maps extracted text to raw
// bytes, the result maps normalized text to raw bytes. One-to-one runs are
// split at outer's segment boundaries, so a byte that maps exactly through
// both maps still maps exactly. A nil outer returns m.
func (m *OffsetMap) Compose(outer *OffsetMap) *OffsetMap {
	if outer == nil || len(outer.segs) == 0 {
		return m
	}
	if m == nil {
		return outer
	}
	out := &OffsetMap{segs: make([]segment, 0, len(m.segs))}
	for _, g := range m.segs {
		if g.coarse {
			src := outer.Source(Span{g.src, g.src + g.srcLen})
			out.add(g.dst, g.dstLen, src.Start, src.Len(), true)
			continue
		}
		for pos, end := g.src, g.src+g.srcLen; pos < end; {
			dst := g.dst + (pos - g.src)
			i := sort.Search(len(outer.segs), func(i int) bool { return outer.segs[i].dst+outer.segs[i].dstLen > pos })
			if i == len(outer.segs) || outer.segs[i].dst > pos {
				// pos lies in a gap of outer (an inserted separator) or
				// past its end: map the run up to outer's next segment
				// to what covers it.
				next := end
				if i < len(outer.segs) && outer.segs[i].dst < end {
					next = outer.segs[i].dst
				}
				src := outer.Source(Span{pos, next})
				out.add(dst, next-pos, src.Start, src.Len(), true)
				pos = next
				continue
			}
			o := outer.segs[i]
			next := min(end, o.dst+o.dstLen)
			if o.coarse {
				out.add(dst, next-pos, o.src, o.srcLen, true)
			} else {
				out.add(dst, next-pos, o.src+(pos-o.dst), next-pos, false)
			}
			pos = next
		}
	}
	return out
}

// Pair is a verified pair of documents, named by their input sequence
// numbers with A < B.
type Pair struct {
	A, B int
	// Jaccard is |SA ∩ SB| / |SA ∪ SB| over the exact shingle sets.
	Jaccard float64
	// AInB is |SA ∩ SB| / |SA|: how much of A is inside B.
	AInB float64
	// BInA is |SA ∩ SB| / |SB|.
	BInA float64
}

// Relation names how two documents share text.
type Relation string

// The relations, from strongest to weakest.
const (
	Exact         Relation = "exact"
	NearDuplicate Relation = "near-duplicate"
	Contains      Relation = "contains"
	ContainedIn   Relation = "contained-in"
	PartialReuse  Relation = "partial-reuse"
	Excerpt       Relation = "excerpt"
	Unrelated     Relation = "none"
)

// SkipReason says why a record was not used. The summary counts skips by
// reason, so that read = written + skipped always holds.
type SkipReason string

// The skip reasons.
const (
	SkipMalformed   SkipReason = "malformed"    // a record that does not parse
	SkipNoText      SkipReason = "no-text"      // the text field is missing or not a string
	SkipInvalidUTF8 SkipReason = "invalid-utf8" // text that is not UTF-8
	SkipEmpty       SkipReason = "empty"        // no words after normalization
	SkipUnreadable  SkipReason = "unreadable"   // a file that cannot be opened or read
	SkipBinary      SkipReason = "binary"       // a file that is not text
	SkipDuplicateID SkipReason = "duplicate-id" // an id seen before in the same run
	SkipBadID       SkipReason = "bad-id"       // an id the index cannot store (empty, too long, not UTF-8)
)

// RecordError is a problem with one record. Readers return it and go on
// with the next record; the caller decides to skip or to fail.
type RecordError struct {
	Source Source
	Reason SkipReason
	Err    error
}

func (e *RecordError) Error() string {
	return fmt.Sprintf("%s: %s: %v", e.Source, e.Reason, e.Err)
}

func (e *RecordError) Unwrap() error { return e.Err }

// Passage is a run of text two documents share, as found by alignment.
type Passage struct {
	// A and B are the passage's byte ranges in each document's raw input
	// (Document.Raw), mapped back through the offset maps, so that they
	// point into the original file, HTML included.
	A Span `json:"a"`
	B Span `json:"b"`
	// TextA and TextB are the ranges in each document's extracted Text.
	TextA Span `json:"text_a"`
	TextB Span `json:"text_b"`
	// WordsA and WordsB count the words the passage covers on each side.
	WordsA int `json:"words_a"`
	WordsB int `json:"words_b"`
	// Edits are the word-level differences inside the passage, in order.
	Edits []Edit `json:"edits,omitempty"`
	// QuoteA and QuoteB are the passage's text on each side, when asked
	// for (rehash compare --json --text, rehash reuse --text).
	QuoteA string `json:"quote_a,omitempty"`
	QuoteB string `json:"quote_b,omitempty"`
}

// Edit is one word-level difference inside a passage.
type Edit struct {
	// Op is "insert" (words only in B), "delete" (only in A) or
	// "substitute".
	Op string `json:"op"`
	// TextA and TextB are the edit's ranges in each document's Text (an
	// empty range where the other side's words would stand).
	TextA Span `json:"text_a"`
	TextB Span `json:"text_b"`
	// A and B are the differing words on each side.
	A string `json:"a,omitempty"`
	B string `json:"b,omitempty"`
	// Slot says what kind of template slot the edit is (number, date,
	// name, title), or "" when its words are ordinary words.
	Slot string `json:"slot,omitempty"`
}

// Slot is a difference between two copies of a template: its kind
// (number, date, name, title) and the words on each side.
type Slot struct {
	Kind string `json:"kind"`
	A    string `json:"a,omitempty"`
	B    string `json:"b,omitempty"`
}

// Link is a relation between two documents, with the evidence for it.
type Link struct {
	A        string   `json:"a"`
	B        string   `json:"b"`
	Relation Relation `json:"relation"`
	// Jaccard, AInB and BInA are the exact shingle-set measures.
	Jaccard float64 `json:"jaccard"`
	AInB    float64 `json:"a_in_b"`
	BInA    float64 `json:"b_in_a"`
	// CoverA is the share of A's words inside shared passages; CoverB the
	// same for B.
	CoverA float64 `json:"cover_a"`
	CoverB float64 `json:"cover_b"`
	// Passages are the shared passages in A's order.
	Passages []Passage `json:"passages"`
	// Source is the id of the likely source (A or B), or "" when there is
	// no telling; Why says on what grounds (earlier date, contains the
	// other).
	Source string `json:"source,omitempty"`
	Why    string `json:"why,omitempty"`
	// Template is true when the two differ only in numbers, dates,
	// names or the title line: two fillings of one form (a rate notice
	// of two days, one announcement from two companies). Slots lists
	// the differences.
	Template bool   `json:"template,omitempty"`
	Slots    []Slot `json:"slots,omitempty"`
	// Family is the id of the origin of the family of copies both
	// documents belong to (evidence.Orient), or "".
	Family string `json:"family,omitempty"`
}

package evidence

import (
	"bytes"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/shingle"
	"github.com/rehashdev/rehash/signature"
	"github.com/zeebo/xxh3"
)

// Text is a document prepared for alignment: its words as hashes, and
// where each word stands in the document's Text. Prepare makes one; the
// corpus search keeps only Words and fills in the spans later, for the
// documents that have passages.
type Text struct {
	// ID and Date are the document's id and metadata date.
	ID, Date string
	// Words are the hashes of the normalized words, in order.
	Words []uint64
	// Hash is the 128-bit hash of the whole normalized text: equal
	// hashes are the exact relation.
	Hash xxh3.Uint128
	// Spans[i] is word i's byte range in Document.Text; nil when only
	// the hashes were kept.
	Spans []rehash.Span
	// Shingles is the number of distinct K-shingles of Words, or 0 when
	// not known. When set (see DistinctShingles), scoring a pair right
	// after aligning it needs no shingle sets at all.
	Shingles int

	doc      *rehash.Document
	verbatim bool // doc.Text lies in doc.Raw at TextStart
}

// Prepare normalizes doc's text (see package textnorm) and splits it into
// words, keeping every word's span in doc.Text so that passages can be
// mapped back to doc.Text and doc.Raw. The Text refers to doc; doc must
// not change while it is in use. A document with neither Raw nor Offsets
// is its own raw input: Raw defaults to Text, so passages' raw spans are
// their text spans. Cost is O(len(doc.Text)).
func (al *Aligner) Prepare(doc *rehash.Document) *Text {
	doc = withRaw(doc)
	// A text without words has no words, spans or hash to compare (its
	// error is signature.ErrEmpty): it relates to nothing.
	an, _ := al.sa.Analyze(doc.Text, signature.Hash|signature.Spans)
	return &Text{
		ID:       doc.ID,
		Date:     doc.Meta.Date,
		Words:    an.Words,
		Hash:     an.Hash,
		Spans:    an.Spans,
		doc:      doc,
		verbatim: doc.Offsets == nil && verbatim(doc),
	}
}

// Locate prepares doc for mapping word ranges to byte ranges: Words and
// Spans, without the text hash. The corpus search uses it on its second
// read, for the documents that have passages. It reads the words and
// spans from the signature analyzer, as Prepare and Words do, so the three
// see one normalization and one tokenization. Cost is O(len(doc.Text)).
func (al *Aligner) Locate(doc *rehash.Document) *Text {
	doc = withRaw(doc)
	an, _ := al.sa.Analyze(doc.Text, signature.Spans)
	return &Text{
		ID:       doc.ID,
		Date:     doc.Meta.Date,
		Words:    an.Words,
		Spans:    an.Spans,
		doc:      doc,
		verbatim: doc.Offsets == nil && verbatim(doc),
	}
}

// Words returns the word hashes and the normalized-text hash of text
// without keeping spans: what the corpus search holds per document. A
// text without words gives none, and a zero hash.
func (al *Aligner) Words(text []byte) (words []uint64, hash xxh3.Uint128) {
	an, _ := al.sa.Analyze(text, signature.Hash|signature.Words)
	return an.Words, an.Hash
}

// withRaw returns doc, or, when doc has neither Raw nor Offsets, a copy
// whose Raw is its Text (the caller's document is not changed).
func withRaw(doc *rehash.Document) *rehash.Document {
	if doc.Raw != nil || doc.Offsets != nil {
		return doc
	}
	c := *doc
	c.Raw, c.TextStart = c.Text, 0
	return &c
}

// Document returns the document t was prepared from (with Raw defaulted
// to Text, see Prepare), or nil.
func (t *Text) Document() *rehash.Document { return t.doc }

// TextSpan returns the byte range in Document.Text of words [start, end).
func (t *Text) TextSpan(start, end int) rehash.Span {
	if start >= end || end > len(t.Spans) {
		return rehash.Span{}
	}
	return rehash.Span{Start: t.Spans[start].Start, End: t.Spans[end-1].End}
}

// RawSpan maps a span of the document's Text to its Raw: through
// Document.Offsets when the text was derived (HTML), by TextStart when it
// lies verbatim in Raw. When neither holds (a JSON string with escapes,
// which ingest does not map) the best it can say is the whole record.
func (t *Text) RawSpan(s rehash.Span) rehash.Span {
	doc := t.doc
	switch {
	case doc == nil:
		return s
	case doc.Offsets != nil && doc.Offsets.Len() > 0:
		return doc.Offsets.Source(s)
	case t.verbatim:
		return rehash.Span{Start: s.Start + doc.TextStart, End: s.End + doc.TextStart}
	}
	return rehash.Span{Start: 0, End: len(doc.Raw)}
}

// verbatim reports whether doc.Text stands in doc.Raw at TextStart. A
// slice of Raw (text files) is checked by address, in O(1).
func verbatim(doc *rehash.Document) bool {
	end := doc.TextStart + len(doc.Text)
	if doc.TextStart < 0 || end > len(doc.Raw) {
		return false
	}
	in := doc.Raw[doc.TextStart:end]
	if len(in) == 0 || &in[0] == &doc.Text[0] {
		return true
	}
	return bytes.Equal(in, doc.Text)
}

// DistinctShingles returns the number of distinct K-shingles of words, the
// size of the set the Jaccard score is taken over: what Text.Shingles
// holds. scratch is reused and returned. Cost O(n log n).
func (al *Aligner) DistinctShingles(words, scratch []uint64) (int, []uint64) {
	scratch = shingle.Set(al.sh.Shingles(scratch[:0], words))
	return len(scratch), scratch
}

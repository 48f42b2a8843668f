package ingest

import (
	"cmp"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/extract"
)

// Every format ends in the same step: a run of bytes (a whole file, a JSON
// string, a CSV cell, a Parquet column, an HTTP body) becomes the
// document's text. setText does it once for all of them, in this order:
//
//  1. charset: the bytes are transcoded to UTF-8 (see charset.go);
//  2. content: HTML is extracted (package extract) when the content is
//     "html", or "auto" and the text looks like HTML; else the text is
//     plain, and a leading "date YYYY-MM-DD title" line and (unless
//     Options.KeepMail) a mail header block and signature become metadata;
//  3. offsets: the maps of each step are composed with where the bytes
//     lie in Raw, so that Document.Offsets maps the final text to Raw.

// The values of Options.Content.
const (
	ContentAuto = "auto"
	ContentText = "text"
	ContentHTML = "html"
)

// ErrContent reports a --content that is not auto, text or html.
var ErrContent = errors.New("ingest: unknown content type")

// fieldLoc says where a field's bytes lie in the record's Raw.
type fieldLoc struct {
	// m maps the field's bytes to Raw; nil when they lie verbatim at
	// start, or cannot be located.
	m *rehash.OffsetMap
	// start is the offset of the field in Raw when m is nil; -1 when the
	// field cannot be located finer than span.
	start int
	// span is the part of Raw the field came from, for a field that
	// cannot be located finer (start -1): every text byte maps to all of
	// it.
	span rehash.Span
	// unknown: the field was not located (Options.NoOffsets); Offsets
	// stay nil and TextStart 0, which consumers do not take for verbatim
	// text, and fall back to the whole record.
	unknown bool
}

// nowhere is a field not located.
var nowhere = fieldLoc{unknown: true}

// at is a field lying verbatim at start in Raw.
func at(start int) fieldLoc { return fieldLoc{start: start} }

// within is a field that came from somewhere in span of Raw.
func within(span rehash.Span) fieldLoc { return fieldLoc{start: -1, span: span} }

// toRaw maps a map from derived text to the field (nil: the identity over
// n bytes) on to Raw. With both maps nil it returns nil and the offset
// where the text lies verbatim in Raw.
func (l fieldLoc) toRaw(m *rehash.OffsetMap, n int) (*rehash.OffsetMap, int) {
	switch {
	case l.start < 0:
		return coarseMap(n, l.span), 0
	case l.m != nil:
		if m == nil {
			return l.m, 0
		}
		return m.Compose(l.m), 0
	case m == nil:
		return nil, l.start
	case l.start == 0:
		return m, 0
	}
	shift := &rehash.OffsetMap{}
	shift.Add(0, 1<<31-1-l.start, l.start, 1<<31-1-l.start)
	return m.Compose(shift), 0
}

// setText sets doc's Text, Offsets (or TextStart), Meta.Charset and the
// metadata the content gives (HTML title and date, a date line, a mail
// header) from field, the bytes at loc in doc.Raw. content is "auto",
// "text" or "html"; declared is the charset the record declares ("" for
// none). Metadata doc has already (from record fields) wins. It reports
// whether the content was read as HTML. A problem is returned as a
// *rehash.RecordError.
func setText(doc *rehash.Document, field []byte, loc fieldLoc, content, declared string, o *Options) (html bool, err error) {
	fail := func(reason rehash.SkipReason, err error) (bool, error) {
		return false, &rehash.RecordError{Source: doc.Source, Reason: reason, Err: err}
	}
	// What the record declares is looked up only for text that is not
	// UTF-8: an HTML <meta>, else a mail header's Content-Type.
	declare := func() string {
		switch {
		case declared != "":
			return declared
		case content != ContentText && (content == ContentHTML || extract.LooksLikeHTML(field)):
			return htmlCharset(field)
		}
		return mailCharset(field)
	}
	text, cm, name := toUTF8(field, o.Charset, declare)
	doc.Meta.Charset = name
	if content == "" || content == ContentAuto {
		content = ContentText
		if extract.LooksLikeHTML(text) {
			content = ContentHTML
		}
	}
	if content == ContentHTML {
		if name == "" && !utf8.Valid(text) && looksBinary(text[:min(len(text), sniffLen)]) {
			// A page that says it is UTF-8 (or is forced to be) with a
			// few bad bytes still reads, with replacement characters;
			// one that is mostly not UTF-8 is refused.
			return fail(rehash.SkipInvalidUTF8, errInvalidUTF8)
		}
		res, err := extract.HTML(text, &extract.Options{MaxBytes: o.MaxRecordBytes})
		if err != nil {
			return fail(htmlSkipReason(err), err)
		}
		doc.Text = res.Text
		m := res.Offsets
		if m == nil {
			m = &rehash.OffsetMap{} // nil would claim Text lies verbatim
		}
		if !loc.unknown {
			doc.Offsets, doc.TextStart = loc.toRaw(m.Compose(cm), len(doc.Text))
		}
		meta := &doc.Meta
		meta.Title = cmp.Or(meta.Title, res.Meta.Title)
		meta.Date = cmp.Or(meta.Date, res.Meta.Date)
		meta.URL = cmp.Or(meta.URL, res.Meta.URL)
		meta.Site = cmp.Or(meta.Site, res.Meta.Site)
		return true, nil
	}
	if name == "" && !utf8.Valid(text) {
		return fail(rehash.SkipInvalidUTF8, errInvalidUTF8)
	}
	start, end := 0, len(text)
	if date, title, body, ok := extract.DateLine(text); ok {
		doc.Meta.Date = cmp.Or(doc.Meta.Date, date)
		doc.Meta.Title = cmp.Or(doc.Meta.Title, title)
		start = body
	}
	if !o.KeepMail {
		if p, ok := splitMail(text[start:]); ok {
			setMailMeta(&doc.Meta, p)
			start, end = start+p.start, start+p.end
		}
	}
	doc.Text = text[start:end]
	switch {
	case loc.unknown:
	case cm == nil && loc.m == nil && loc.start >= 0:
		// The common case costs no map: the text lies verbatim in Raw.
		doc.TextStart = loc.start + start
	default:
		m := &rehash.OffsetMap{}
		m.Add(0, end-start, start, end-start)
		doc.Offsets, doc.TextStart = loc.toRaw(m.Compose(cm), len(doc.Text))
	}
	return false, nil
}

var errInvalidUTF8 = errors.New("not valid UTF-8")

func htmlSkipReason(err error) rehash.SkipReason {
	switch {
	case errors.Is(err, extract.ErrBinary):
		return rehash.SkipBinary
	case errors.Is(err, errInvalidUTF8):
		return rehash.SkipInvalidUTF8
	}
	return rehash.SkipMalformed
}

// checkContent validates Options.Content.
func checkContent(c string) error {
	switch c {
	case "", ContentAuto, ContentText, ContentHTML:
		return nil
	}
	return fmt.Errorf("%w %q (want auto, text or html)", ErrContent, c)
}

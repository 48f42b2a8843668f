package report

import (
	"fmt"
	"math"
	"unicode/utf8"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/when"
)

// The payload is the JSON the page's script reads. Documents are named by
// their index in Docs; floats are rounded to four places; passage offsets
// are in UTF-16 code units of the (capped) text, the unit of JavaScript
// strings, so that the script can slice texts without decoding UTF-8.
type payload struct {
	Title    string     `json:"title"`
	Notes    []string   `json:"notes,omitempty"`
	MaxText  int        `json:"max_text"`
	Docs     []pdoc     `json:"docs"`
	Clusters []pcluster `json:"clusters"`
	Links    []plink    `json:"links"`
	Stories  []pstory   `json:"stories,omitempty"`
}

type pstory struct {
	Labels  []string `json:"labels"`
	Members []int    `json:"m"`
}

type pdoc struct {
	ID     string `json:"id"`
	Title  string `json:"title,omitempty"`
	Date   string `json:"date,omitempty"`
	Source string `json:"src,omitempty"`
	Site   string `json:"site,omitempty"`
	// Time is Date as Unix seconds (UTC) when package when reads it, for
	// the date facet and the timelines; absent when undated.
	Time int64  `json:"t,omitempty"`
	Text string `json:"text"`
	// Bytes is the length of the whole text in bytes.
	Bytes int `json:"bytes"`
	// Cut is true when Text holds only the first MaxText bytes.
	Cut bool `json:"cut,omitempty"`
	// Missing is true when the input had no text for this id.
	Missing bool `json:"missing,omitempty"`
	// Brief is true when the text is not carried (Document.TextOmitted).
	Brief bool `json:"brief,omitempty"`
}

type pcluster struct {
	Keep    int       `json:"keep"`
	Members []pmember `json:"m"`
}

type pmember struct {
	Doc        int     `json:"d"`
	Similarity float64 `json:"s"`
	Exact      bool    `json:"x,omitempty"`
}

type plink struct {
	A        int     `json:"a"`
	B        int     `json:"b"`
	Relation string  `json:"r"`
	Jaccard  float64 `json:"j"`
	AInB     float64 `json:"ab"`
	BInA     float64 `json:"ba"`
	CoverA   float64 `json:"ca"`
	CoverB   float64 `json:"cb"`
	// Source is "a" or "b" for the likely source, or "".
	Source string `json:"src,omitempty"`
	Why    string `json:"why,omitempty"`
	// Family is the document index of the origin of the family of copies
	// the pair belongs to (evidence.Orient), absent when none.
	Family *int `json:"fam,omitempty"`
	// Template marks two fillings of one form; Slots are their
	// differences, "kind: a → b".
	Template bool     `json:"tpl,omitempty"`
	Slots    []string `json:"slots,omitempty"`
	// Edits are the word-level differences inside the passages:
	// [passage, startA, endA, startB, endB, op], offsets as Passages' (-1
	// beyond the cut), op 0 insert (words only in B), 1 delete (only in
	// A), 2 substitute.
	Edits [][6]int `json:"e,omitempty"`
	// Passages are [startA, endA, startB, endB, wordsA, wordsB], the
	// offsets in UTF-16 units of the shown texts; -1 marks a side whose
	// passage lies beyond the cut or in a missing text.
	Passages [][6]int `json:"p"`
}

// build turns the input into the payload.
func build(in *Input) (*payload, error) {
	maxText := in.MaxText
	if maxText == 0 {
		maxText = DefaultMaxText
	}
	p := &payload{Title: in.Title, Notes: in.Notes, MaxText: maxText,
		Docs: []pdoc{}, Clusters: []pcluster{}, Links: []plink{}}
	if p.Title == "" {
		p.Title = "rehash report"
	}

	index := map[string]int{}
	for _, d := range in.Docs {
		if _, ok := index[d.ID]; ok {
			continue
		}
		index[d.ID] = len(p.Docs)
		text, cut := capText(d.Text, maxText)
		pd := pdoc{ID: d.ID, Title: d.Title, Date: d.Date, Source: d.Source, Site: d.Site,
			Text: text, Bytes: len(d.Text), Cut: cut, Brief: d.TextOmitted}
		if d.TextOmitted {
			pd.Text, pd.Bytes, pd.Cut = "", 0, false
		}
		if t, err := when.Parse(d.Date); err == nil && d.Date != "" {
			pd.Time = t.Unix()
		}
		p.Docs = append(p.Docs, pd)
	}
	// An id named by a cluster or a link but absent from Docs gets a stub.
	doc := func(id string) int {
		if i, ok := index[id]; ok {
			return i
		}
		index[id] = len(p.Docs)
		p.Docs = append(p.Docs, pdoc{ID: id, Missing: true})
		return index[id]
	}

	for ci, c := range in.Clusters {
		if len(c.Members) == 0 {
			return nil, fmt.Errorf("%w: cluster %d (%q) has no members", ErrInput, ci, c.Keep)
		}
		pc := pcluster{Keep: doc(c.Keep), Members: make([]pmember, len(c.Members))}
		for i, m := range c.Members {
			pc.Members[i] = pmember{Doc: doc(m.ID), Similarity: round(m.Similarity), Exact: m.Exact}
		}
		p.Clusters = append(p.Clusters, pc)
	}

	for si, st := range in.Stories {
		if len(st.Members) == 0 {
			return nil, fmt.Errorf("%w: story %d has no members", ErrInput, si)
		}
		ps := pstory{Labels: st.Labels, Members: make([]int, len(st.Members))}
		if ps.Labels == nil {
			ps.Labels = []string{}
		}
		for i, id := range st.Members {
			ps.Members[i] = doc(id)
		}
		p.Stories = append(p.Stories, ps)
	}

	// Passage offsets are converted per document, in one pass over its
	// text, whatever the number of links that name it.
	type ref struct {
		start, end *int // where the converted offsets go
		span       rehash.Span
	}
	refs := map[int][]ref{}
	ops := map[string]int{"insert": 0, "delete": 1, "substitute": 2}
	for li, l := range in.Links {
		pl := plink{A: doc(l.A), B: doc(l.B), Relation: string(l.Relation),
			Jaccard: round(l.Jaccard), AInB: round(l.AInB), BInA: round(l.BInA),
			CoverA: round(l.CoverA), CoverB: round(l.CoverB), Why: l.Why,
			Passages: make([][6]int, len(l.Passages))}
		switch {
		case l.Source == "":
		case l.Source == l.A:
			pl.Source = "a"
		case l.Source == l.B:
			pl.Source = "b"
		}
		if l.Family != "" {
			f := doc(l.Family)
			pl.Family = &f
		}
		if l.Template {
			pl.Template = true
			for _, s := range l.Slots {
				pl.Slots = append(pl.Slots, s.Kind+": "+s.A+" → "+s.B)
			}
		}
		ne := 0
		for _, ps := range l.Passages {
			ne += len(ps.Edits)
		}
		if ne > 0 {
			pl.Edits = make([][6]int, 0, ne)
		}
		for pi, ps := range l.Passages {
			pl.Passages[pi] = [6]int{-1, -1, -1, -1, ps.WordsA, ps.WordsB}
			pp := &pl.Passages[pi]
			refs[pl.A] = append(refs[pl.A], ref{&pp[0], &pp[1], ps.TextA})
			refs[pl.B] = append(refs[pl.B], ref{&pp[2], &pp[3], ps.TextB})
			for _, e := range ps.Edits {
				op, ok := ops[e.Op]
				if !ok {
					return nil, fmt.Errorf("%w: link %d (%s, %s): edit %q", ErrInput, li, l.A, l.B, e.Op)
				}
				pl.Edits = append(pl.Edits, [6]int{pi, -1, -1, -1, -1, op})
				pe := &pl.Edits[len(pl.Edits)-1]
				refs[pl.A] = append(refs[pl.A], ref{&pe[1], &pe[2], e.TextA})
				refs[pl.B] = append(refs[pl.B], ref{&pe[3], &pe[4], e.TextB})
			}
		}
		p.Links = append(p.Links, pl)
	}
	for d := range p.Docs {
		rs := refs[d]
		pd := &p.Docs[d]
		if len(rs) == 0 || pd.Missing || pd.Brief {
			continue
		}
		u16 := utf16Offsets(pd.Text)
		shown := len(pd.Text)
		for _, r := range rs {
			s := r.span
			// A side that is inverted, outside the text, or starts beyond
			// the cut stays -1: listed, not highlighted.
			if s.Start < 0 || s.End < s.Start || s.End > pd.Bytes || s.Start > shown || (pd.Cut && s.Start == shown) {
				continue
			}
			*r.start, *r.end = u16(s.Start, false), u16(min(s.End, shown), true)
		}
	}
	return p, nil
}

// capText cuts text to at most max bytes, at a character boundary.
func capText(text string, max int) (string, bool) {
	if max < 0 || len(text) <= max {
		return text, false
	}
	n := max
	for n > 0 && !utf8.RuneStart(text[n]) {
		n--
	}
	return text[:n], true
}

// utf16Offsets returns a function from a byte offset of text (0 to
// len(text)) to an offset in UTF-16 units. An offset inside a character
// moves to the character's start, or to its end when end is true, so that
// a span never loses a byte. It costs 4 bytes per byte of text. Invalid
// bytes count one unit each, as encoding/json writes each as U+FFFD.
func utf16Offsets(text string) func(off int, end bool) int {
	idx := make([]int32, len(text)+1)
	u := int32(0)
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		n := int32(1)
		if r >= 0x10000 {
			n = 2
		}
		idx[i] = u
		for k := 1; k < size; k++ {
			idx[i+k] = -(u + n) // inside: the character's end, negated
		}
		u += n
		i += size
	}
	idx[len(text)] = u
	return func(off int, end bool) int {
		v := idx[off]
		if v >= 0 {
			return int(v)
		}
		if end {
			return int(-v)
		}
		// Back to the character's start.
		for off > 0 && idx[off] < 0 {
			off--
		}
		return int(idx[off])
	}
}

// round keeps four decimal places, enough to read and to sort by.
func round(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	return math.Round(x*1e4) / 1e4
}

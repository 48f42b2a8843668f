package evidence

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/rehashdev/rehash"
)

// Show says which documents a comparison takes and how its link is
// written as text (rehash compare). The zero value takes the first
// document of each input and colours when asked by "auto" on a terminal.
type Show struct {
	// IDA and IDB pick the document of each input when it holds several;
	// "" takes the first.
	IDA, IDB string
	// Color is "auto" (colour on a terminal), "always" or "never".
	// Default "auto".
	Color string
	// Context is the number of characters of text shown around each
	// passage. Default DefaultContext.
	Context int
}

// DefaultContext is Show.Context's default: about a line of text on
// either side of a passage.
const DefaultContext = 60

// ErrColor reports a Show.Color that is none of auto, always, never.
var ErrColor = errors.New("evidence: --color wants auto, always or never")

// Flags binds --id-a, --id-b, --color and --context to fs with their
// defaults. Call it before fs is parsed; it sets the fields to their
// defaults.
func (s *Show) Flags(fs *flag.FlagSet) {
	fs.StringVar(&s.IDA, "id-a", "", "the document of A to use when A holds several (default: the first)")
	fs.StringVar(&s.IDB, "id-b", "", "the document of B to use when B holds several (default: the first)")
	fs.StringVar(&s.Color, "color", "auto", "colour the passages and their edits: auto (on a terminal), always, never")
	fs.IntVar(&s.Context, "context", DefaultContext, "characters of text shown around each passage")
}

// UseColor says whether to colour, given whether the output is a
// terminal, or ErrColor.
func (s *Show) UseColor(terminal bool) (bool, error) {
	switch s.Color {
	case "auto", "":
		return terminal, nil
	case "always":
		return true, nil
	case "never":
		return false, nil
	}
	return false, fmt.Errorf("%w, not %q", ErrColor, s.Color)
}

// ANSI styles for a terminal.
const (
	styleShared = "\x1b[1;33m" // bold yellow: the shared passage
	styleDim    = "\x1b[2m"    // dim: context around it
	styleHead   = "\x1b[1m"
	styleDel    = "\x1b[1;9;31m" // bold struck-through red: words only A has
	styleIns    = "\x1b[1;4;32m" // bold underlined green: words only B has
	styleReset  = "\x1b[0m"
)

// WriteText writes link l between da and db for a reader: the relation,
// the scores, the likely source, and every passage in its context with its
// edits marked. With colour the passage is bold yellow, words only A has
// struck through in red and words only B has underlined in green; without,
// «guillemets» mark the passage and [-A's words-] {+B's words+} the edits
// (as wdiff marks them).
func (s *Show) WriteText(w io.Writer, l rehash.Link, da, db *rehash.Document, color bool) error {
	ctxChars := s.Context
	if ctxChars == 0 {
		ctxChars = DefaultContext
	}
	st := func(style, t string) string {
		switch {
		case color:
			return style + t + styleReset
		case style == styleShared:
			return "«" + t + "»"
		}
		return t
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s%s\n", st(styleHead, "A"), l.A, describe(da))
	fmt.Fprintf(&b, "%s %s%s\n", st(styleHead, "B"), l.B, describe(db))
	fmt.Fprintf(&b, "relation  %s\n", st(styleHead, string(l.Relation)))
	if l.Source != "" {
		fmt.Fprintf(&b, "source    %s (%s)\n", l.Source, l.Why)
	}
	if l.Template {
		var slots []string
		for _, sl := range l.Slots {
			slots = append(slots, fmt.Sprintf("%s %q → %q", sl.Kind, sl.A, sl.B))
		}
		fmt.Fprintf(&b, "template  %s\n", strings.Join(slots, "; "))
	}
	fmt.Fprintf(&b, "scores    jaccard %.3f  a_in_b %.3f  b_in_a %.3f\n", l.Jaccard, l.AInB, l.BInA)
	fmt.Fprintf(&b, "cover     A %.3f  B %.3f (share of words inside shared passages)\n", l.CoverA, l.CoverB)
	fmt.Fprintf(&b, "passages  %d\n", len(l.Passages))
	for i, p := range l.Passages {
		edits := ""
		switch len(p.Edits) {
		case 0:
		case 1:
			edits = " · 1 edit"
		default:
			edits = fmt.Sprintf(" · %d edits", len(p.Edits))
		}
		fmt.Fprintf(&b, "\n%s A words %d, raw bytes %d-%d · B words %d, raw bytes %d-%d%s\n",
			st(styleHead, fmt.Sprintf("[%d]", i+1)), p.WordsA, p.A.Start, p.A.End, p.WordsB, p.B.Start, p.B.End, edits)
		a := excerpt(da.Text, p.TextA, ctxChars)
		bb := excerpt(db.Text, p.TextB, ctxChars)
		a[1] = marked(da.Text, p.TextA, p.Edits, false, color)
		bb[1] = marked(db.Text, p.TextB, p.Edits, true, color)
		fmt.Fprintf(&b, "  A: %s%s%s\n", st(styleDim, a[0]), st(styleShared, a[1]), st(styleDim, a[2]))
		if len(p.Edits) > 0 || oneLine(a[1]) != oneLine(bb[1]) {
			fmt.Fprintf(&b, "  B: %s%s%s\n", st(styleDim, bb[0]), st(styleShared, bb[1]), st(styleDim, bb[2]))
		} else {
			b.WriteString("  B: (same text)\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// marked returns the passage text at span s of text, on one line, with
// the side's words of every edit marked: A's (b false) as deletions, B's
// as insertions.
func marked(text []byte, s rehash.Span, edits []rehash.Edit, b, color bool) string {
	open, shut := "[-", "-]"
	if b {
		open, shut = "{+", "+}"
	}
	if color {
		open, shut = styleDel, styleReset+styleShared
		if b {
			open = styleIns
		}
	}
	var out strings.Builder
	at := s.Start
	for _, e := range edits {
		r := e.TextA
		if b {
			r = e.TextB
		}
		if r.Start >= r.End || r.Start < at || r.End > s.End {
			continue // an insertion on the other side, or out of the passage
		}
		out.WriteString(oneLine(string(text[at:r.Start])))
		out.WriteString(open + oneLine(string(text[r.Start:r.End])) + shut)
		at = r.End
	}
	if at < s.End {
		out.WriteString(oneLine(string(text[at:s.End])))
	}
	return out.String()
}

func describe(d *rehash.Document) string {
	var parts []string
	if d.Meta.Date != "" {
		parts = append(parts, "date "+d.Meta.Date)
	}
	if d.Source.Format != "" {
		parts = append(parts, d.Source.Format)
	}
	parts = append(parts, fmt.Sprintf("%d bytes", len(d.Raw)))
	return " (" + strings.Join(parts, ", ") + ")"
}

// excerpt returns the text before the span (up to n characters, from a
// word boundary), the span, and the text after it, each on one line.
func excerpt(text []byte, s rehash.Span, n int) [3]string {
	before := text[:s.Start]
	if len(before) > n {
		cut := len(before) - n
		for cut < len(before) && !utf8.RuneStart(before[cut]) {
			cut++
		}
		before = before[cut:]
		if i := strings.IndexAny(string(before), " \n"); i >= 0 {
			before = before[i+1:]
		}
		before = append([]byte("…"), before...)
	}
	after := text[s.End:]
	if len(after) > n {
		cut := n
		for cut > 0 && !utf8.RuneStart(after[cut]) {
			cut--
		}
		after = after[:cut]
		if i := strings.LastIndexAny(string(after), " \n"); i >= 0 {
			after = after[:i]
		}
		after = append(after[:len(after):len(after)], "…"...)
	}
	return [3]string{oneLine(string(before)), oneLine(string(text[s.Start:s.End])), oneLine(string(after))}
}

// oneLine collapses white space so that a passage prints on one line.
func oneLine(s string) string {
	lead := len(s) > 0 && (s[0] == ' ' || s[0] == '\n')
	trail := len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\n')
	out := strings.Join(strings.Fields(s), " ")
	if lead && out != "" {
		out = " " + out
	}
	if trail && out != "" {
		out += " "
	}
	return out
}

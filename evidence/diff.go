package evidence

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rehashdev/rehash"
)

// WordEdit is one difference inside a passage, as word ranges: A's words
// [AStart, AEnd) stand where B has [BStart, BEnd). An empty A range is an
// insertion in B, an empty B range a deletion.
type WordEdit struct {
	AStart, AEnd, BStart, BEnd int
}

// diffWindow is the largest edit, in words on either side, Edits looks
// for before it calls the rest of a passage one substitution: passages
// hold edits of at most MaxGap words and gaps of at most MergeGap, so a
// window above both finds every edit alignment stepped over.
const diffWindow = 24

// Edits returns the word-level differences inside passage m of a and b
// (word hashes), in order. It walks both sides while the words agree and,
// at a difference, takes the smallest edit after which resyncWords words
// agree again (or a side ends), as alignment's extension does. Cost is
// O(n) for a passage of n words with few edits, O(n·diffWindow²) at worst.
func Edits(a, b []uint64, m Match) []WordEdit {
	var out []WordEdit
	i, j := m.AStart, m.BStart
	for i < m.AEnd || j < m.BEnd {
		if i < m.AEnd && j < m.BEnd && a[i] == b[j] {
			i++
			j++
			continue
		}
		da, db, ok := resync(a[i:m.AEnd], b[j:m.BEnd])
		if !ok {
			da, db = m.AEnd-i, m.BEnd-j
		}
		out = append(out, WordEdit{i, i + da, j, j + db})
		i, j = i+da, j+db
	}
	return out
}

// resync finds the smallest da+db (then the smaller da) after which a and
// b agree for resyncWords words, or both end.
func resync(a, b []uint64) (da, db int, ok bool) {
	agree := func(x, y int) bool {
		if x == len(a) && y == len(b) {
			return true
		}
		n := min(resyncWords, len(a)-x, len(b)-y)
		if n < resyncWords && (x+n != len(a) || y+n != len(b)) || n == 0 {
			return false
		}
		for k := range n {
			if a[x+k] != b[y+k] {
				return false
			}
		}
		return true
	}
	for s := 1; s <= 2*diffWindow; s++ {
		for x := max(0, s-diffWindow); x <= min(s, diffWindow); x++ {
			y := s - x
			if x <= len(a) && y <= len(b) && agree(x, y) {
				return x, y, true
			}
		}
	}
	return 0, 0, false
}

// Slot kinds: what a word that differs between two copies of a template
// is.
const (
	SlotNumber = "number" // holds a digit or is a number word: a rate, an amount, a count
	SlotDate   = "date"   // a month or weekday name
	SlotName   = "name"   // capitalised: a company, a person, a place
	SlotTitle  = "title"  // in the first line of the text
)

var dateWords, numberWords = map[string]bool{}, map[string]bool{}

func init() {
	for _, w := range strings.Fields("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen " +
		"fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred " +
		"thousand million billion trillion half quarter third") {
		numberWords[w] = true
	}
	for _, w := range strings.Fields("january february march april may june july august september october november december " +
		"jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday " +
		"mon tue tues wed thu thur thurs fri sat sun today yesterday tomorrow") {
		dateWords[w] = true
	}
}

// SlotKind says which kind of template slot word (as it stands in the
// text, before normalization) is, or "" when it is an ordinary word.
func SlotKind(word string) string {
	w := strings.Trim(word, ".,;:!?\"'()[]")
	switch {
	case w == "":
		return ""
	case strings.ContainsAny(w, "0123456789") || numberWords[strings.ToLower(w)]:
		return SlotNumber
	case dateWords[strings.ToLower(w)]:
		return SlotDate
	}
	if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
		return SlotName
	}
	return ""
}

// word returns the text of word i of t, which must carry spans.
func (t *Text) word(i int) string {
	s := t.TextSpan(i, i+1)
	if t.doc == nil || s.End > len(t.doc.Text) {
		return ""
	}
	return string(t.doc.Text[s.Start:s.End])
}

// words returns the text of words [i, j) of t.
func (t *Text) words(i, j int) string {
	if i >= j {
		return ""
	}
	s := t.TextSpan(i, j)
	if t.doc == nil || s.End > len(t.doc.Text) {
		return ""
	}
	return string(t.doc.Text[s.Start:s.End])
}

// pos returns the Text offset where word i starts (or the text's end).
func (t *Text) pos(i int) rehash.Span {
	if i > 0 {
		e := t.TextSpan(i-1, i).End
		return rehash.Span{Start: e, End: e}
	}
	s := t.TextSpan(0, 1).Start
	return rehash.Span{Start: s, End: s}
}

// firstLine returns the number of words of t on its first non-empty line
// (the title, in a news item), or 0 when that line is longer than
// maxTitle words or is the whole text.
func (t *Text) firstLine() int {
	if t.doc == nil {
		return 0
	}
	text := t.doc.Text
	start := 0
	for start < len(text) && (text[start] == '\n' || text[start] == '\r' || text[start] == ' ' || text[start] == '\t') {
		start++
	}
	end := len(text)
	if k := strings.IndexByte(string(text[start:]), '\n'); k >= 0 {
		end = start + k
	}
	n := 0
	for i := range t.Words {
		if t.TextSpan(i, i+1).Start >= end {
			break
		}
		n++
	}
	if n > maxTitle || n == len(t.Words) {
		return 0 // a paragraph, or the whole text: no title line
	}
	return n
}

// maxTitle is the longest first line, in words, taken for a title.
const maxTitle = 20

// Side is what one document tells about the differences of a link: the
// text of each edit on its side and whether its words outside the
// passages are all template slots. Reuse fills the two sides of a link
// from two separate reads.
type Side struct {
	// Spans, Words and Kinds are, per passage and edit, the edit's range
	// in Text, its words, and their slot kind ("" when any word is not
	// a slot; an empty side is "-").
	Spans [][]rehash.Span
	Words [][]string
	Kinds [][]string
	// Outside lists the slot words outside the passages; OutsideOK is
	// false when some word outside them is not a slot.
	Outside   []rehash.Slot
	OutsideOK bool
	// Quotes are the passages' texts.
	Quotes []string
}

// maxOutside bounds the slots listed from outside the passages: a title
// and a few figures; more says the pair is no template.
const maxOutside = 12

// SideOf describes side b (false: A, true: B) of the passages ms with
// their edits, from t, which must carry spans (Prepare or Locate).
func SideOf(t *Text, ms []Match, edits [][]WordEdit, b bool) Side {
	s := Side{OutsideOK: true}
	title := t.firstLine()
	rng := func(m Match) (int, int) {
		if b {
			return m.BStart, m.BEnd
		}
		return m.AStart, m.AEnd
	}
	kindOf := func(i, j int) string {
		if i >= j {
			return "-"
		}
		kind := ""
		for k := i; k < j; k++ {
			sk := SlotKind(t.word(k))
			if sk == "" {
				kind = ""
				break
			}
			if kind == "" {
				kind = sk
			}
		}
		if kind == "" && j <= title {
			return SlotTitle
		}
		return kind
	}
	covered := make([]bool, len(t.Words))
	for k, m := range ms {
		lo, hi := rng(m)
		for i := lo; i < hi && i < len(covered); i++ {
			covered[i] = true
		}
		s.Quotes = append(s.Quotes, t.words(lo, hi))
		var spans []rehash.Span
		var words, kinds []string
		for _, e := range edits[k] {
			i, j := e.AStart, e.AEnd
			if b {
				i, j = e.BStart, e.BEnd
			}
			if i < j {
				spans = append(spans, t.TextSpan(i, j))
			} else {
				spans = append(spans, t.pos(i))
			}
			words = append(words, t.words(i, j))
			kinds = append(kinds, kindOf(i, j))
		}
		s.Spans, s.Words, s.Kinds = append(s.Spans, spans), append(s.Words, words), append(s.Kinds, kinds)
	}
	// Outside the passages: runs of uncovered words.
	for i := 0; i < len(covered); {
		if covered[i] {
			i++
			continue
		}
		j := i
		for j < len(covered) && !covered[j] {
			j++
		}
		kind := kindOf(i, j)
		if kind == "" || len(s.Outside) == maxOutside {
			s.OutsideOK = false
			return s
		}
		s.Outside = append(s.Outside, rehash.Slot{Kind: kind, A: t.words(i, j)})
		i = j
	}
	return s
}

// Assemble puts the two sides' descriptions into l: the edits of every
// passage, the passages' texts when text is set, and the template flag
// with its slots. A pair is a template when every difference, inside the
// passages and out, is a number, a date, a name or in the title line, and
// both sides fill a slot (a substitution, or slots outside the passages on
// both sides).
func Assemble(l *rehash.Link, edits [][]WordEdit, sa, sb Side, text bool) {
	differs, slotsOnly := false, sa.OutsideOK && sb.OutsideOK
	// A template is filled in on both sides: a number, date or name
	// substituted inside a passage, or such slots outside the passages on
	// both sides. Text only one side has (a site's headline over a copy)
	// is no filling; nor is a headline reworded over the same story, or a
	// word spelled two ways (Qtrly / Qtly, 2,000 / 2000, Jan / January).
	filled := fills(sa.Outside, sb.Outside)
	var slots []rehash.Slot
	for k := range l.Passages {
		if k >= len(edits) || k >= len(sa.Spans) || k >= len(sb.Spans) {
			break
		}
		p := &l.Passages[k]
		if text {
			p.QuoteA, p.QuoteB = sa.Quotes[k], sb.Quotes[k]
		}
		for e, we := range edits[k] {
			op := "substitute"
			switch {
			case we.AStart == we.AEnd:
				op = "insert"
			case we.BStart == we.BEnd:
				op = "delete"
			}
			ed := rehash.Edit{Op: op, TextA: sa.Spans[k][e], TextB: sb.Spans[k][e], A: sa.Words[k][e], B: sb.Words[k][e]}
			ka, kb := sa.Kinds[k][e], sb.Kinds[k][e]
			differs = true
			switch {
			case ka == "" || kb == "":
				slotsOnly = false
			case ka == "-":
				ed.Slot = kb
			default:
				ed.Slot = ka
			}
			if ed.Slot != "" && ed.Slot != SlotTitle && op == "substitute" && !respelled(ed.A, ed.B) {
				filled = true
			}
			if ed.Slot != "" && len(slots) < maxOutside {
				slots = append(slots, rehash.Slot{Kind: ed.Slot, A: ed.A, B: ed.B})
			}
			p.Edits = append(p.Edits, ed)
		}
	}
	for _, o := range sa.Outside {
		differs = true
		slots = append(slots, rehash.Slot{Kind: o.Kind, A: o.A})
	}
	for _, o := range sb.Outside {
		differs = true
		slots = append(slots, rehash.Slot{Kind: o.Kind, B: o.A})
	}
	if differs && slotsOnly && filled && l.Relation != rehash.Exact && len(l.Passages) > 0 {
		l.Template = true
		l.Slots = slots
	}
}

// fills reports whether the slots outside the passages of the two sides
// fill in a form: both sides have one that is a number, a date or a name,
// not only title words, and, when the sides have as many slots, some
// pair of them in turn is not one value spelled two ways.
func fills(a, b []rehash.Slot) bool {
	some := func(out []rehash.Slot) bool {
		for _, o := range out {
			if o.Kind != SlotTitle {
				return true
			}
		}
		return false
	}
	if !some(a) || !some(b) {
		return false
	}
	if len(a) != len(b) {
		return true
	}
	for i := range a {
		if a[i].Kind != SlotTitle && !respelled(a[i].A, b[i].A) {
			return true
		}
	}
	return false
}

// respelled reports whether a and b are one value written two ways rather
// than two fillings of a slot: equal but for case and punctuation
// ("2,000", "2000"), one an abbreviation of the other by prefix ("Jan",
// "January"), or, without digits, one letter added, dropped, changed or
// swapped ("Qtrly", "Qtly"; "centres", "centers"). Figures that differ in
// a digit ("1.5", "2.5") are different fillings.
func respelled(a, b string) bool {
	ka, kb := squeeze(a), squeeze(b)
	switch {
	case ka == kb:
		return true
	case len(ka) >= 3 && len(kb) >= 3 && !strings.ContainsAny(ka+kb, "0123456789") &&
		(strings.HasPrefix(ka, kb) || strings.HasPrefix(kb, ka)):
		return true
	case strings.ContainsAny(ka+kb, "0123456789") || len(ka) < 4 || len(kb) < 4:
		return false
	}
	return oneEdit([]rune(ka), []rune(kb))
}

// squeeze lower-cases s and keeps only its letters and digits.
func squeeze(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// oneEdit reports whether a and b differ by one rune inserted, deleted or
// replaced, or two adjacent runes swapped.
func oneEdit(a, b []rune) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > 1 {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if len(a) == len(b) {
		if i == len(a) {
			return true
		}
		if string(a[i+1:]) == string(b[i+1:]) {
			return true
		}
		return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && string(a[i+2:]) == string(b[i+2:])
	}
	return string(a[i:]) == string(b[i+1:])
}

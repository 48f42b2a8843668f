package evidence

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rehashdev/rehash"
)

func compareTexts(t *testing.T, a, b string) rehash.Link {
	t.Helper()
	al, err := New(&Options{Quotes: true})
	if err != nil {
		t.Fatal(err)
	}
	da := &rehash.Document{ID: "a", Text: []byte(a), Raw: []byte(a)}
	db := &rehash.Document{ID: "b", Text: []byte(b), Raw: []byte(b)}
	return al.Compare(al.Prepare(da), al.Prepare(db))
}

// TestEdits: a passage shows its substitutions, insertions and deletions
// with the words on each side.
func TestEdits(t *testing.T) {
	l := compareTexts(t,
		"The harbour board has released a new plan to dredge the northern channel before the winter storms arrive on the coast.",
		"The harbour board has reeled a new plan to dredge the channel before the early winter storms arrive on the coast.")
	if len(l.Passages) != 1 {
		t.Fatalf("passages %+v", l.Passages)
	}
	p := l.Passages[0]
	want := []rehash.Edit{
		{Op: "substitute", A: "released", B: "reeled"},
		{Op: "delete", A: "northern"},
		{Op: "insert", B: "early"},
	}
	if len(p.Edits) != len(want) {
		t.Fatalf("edits %+v, want %+v", p.Edits, want)
	}
	for i, e := range p.Edits {
		if e.Op != want[i].Op || e.A != want[i].A || e.B != want[i].B {
			t.Errorf("edit %d: %+v, want %+v", i, e, want[i])
		}
		if got := string(l.Passages[0].QuoteA); e.A != "" && got[e.TextA.Start-p.TextA.Start:e.TextA.End-p.TextA.Start] != e.A {
			t.Errorf("edit %d: text_a span does not hold %q", i, e.A)
		}
	}
	if p.QuoteA == "" || p.QuoteB == "" {
		t.Error("quotes missing with Quotes set")
	}
	if l.Template {
		t.Errorf("ordinary edits marked as a template: %+v", l.Slots)
	}
}

// TestTemplate: two notices that differ only in a rate and a weekday are
// a template with those slots; the same notice with a sentence changed
// is not.
func TestTemplate(t *testing.T) {
	const a = "The central bank said it added reserves to the banking system through customer repurchase agreements on Tuesday. Federal funds were trading at 6.25 pct when the bank began its temporary operation, dealers said."
	const b = "The central bank said it added reserves to the banking system through customer repurchase agreements on Thursday. Federal funds were trading at 6.50 pct when the bank began its temporary operation, dealers said."
	l := compareTexts(t, a, b)
	if !l.Template {
		t.Fatalf("not a template: %+v", l)
	}
	kinds := map[string]bool{}
	for _, s := range l.Slots {
		kinds[s.Kind] = true
	}
	if !kinds[SlotNumber] || !kinds[SlotDate] {
		t.Errorf("slots %+v, want a number and a date", l.Slots)
	}
	const c = "The central bank said it added reserves to the banking system through customer repurchase agreements on Tuesday. Federal funds were trading lower than expected when the bank began its temporary operation, dealers said."
	if l := compareTexts(t, a, c); l.Template {
		t.Errorf("a reworded sentence marked as a template: %+v", l.Slots)
	}
}

func TestSlotKind(t *testing.T) {
	for w, want := range map[string]string{"6.25": SlotNumber, "1987,": SlotNumber, "March": SlotDate, "tues": SlotDate,
		"Acme": SlotName, "two": SlotNumber, "harbour": "", "": ""} {
		if got := SlotKind(w); got != want {
			t.Errorf("SlotKind(%q) = %q, want %q", w, got, want)
		}
	}
}

// TestTemplateNeedsBothFillings: a copy under a headline the other lacks
// is a copy, not a template.
func TestTemplateNeedsBothFillings(t *testing.T) {
	const body = "The harbour board said on its website that the northern channel would close for dredging before the winter storms, and that ferries would use the southern berth until the work was done."
	if l := compareTexts(t, "Channel Closes\n"+body, body); l.Template {
		t.Errorf("a headline on one side made a template: %+v", l.Slots)
	}
}

// TestTemplateNotRespelled: a word spelled two ways, or a reworded
// headline over the same story, is an edit, not a filling of a form.
func TestTemplateNotRespelled(t *testing.T) {
	const a = "The harbour board said the %s profit rose to 2,000 dlrs and that the northern channel would close for dredging before the winter storms arrive on the coast."
	for _, w := range [][2]string{{"Qtrly", "Qtly"}, {"Jan", "January"}, {"World", "Word"}} {
		l := compareTexts(t, fmt.Sprintf(a, w[0]), fmt.Sprintf(a, w[1]))
		if l.Template {
			t.Errorf("%s / %s made a template: %+v", w[0], w[1], l.Slots)
		}
	}
	l := compareTexts(t, strings.Replace(fmt.Sprintf(a, "Qtrly"), "2,000", "2000", 1), fmt.Sprintf(a, "Qtrly"))
	if l.Template {
		t.Errorf("2000 / 2,000 made a template: %+v", l.Slots)
	}
	const body = "The harbour board said on its website that the northern channel would close for dredging before the winter storms, and that ferries would use the southern berth until the work was done."
	if l := compareTexts(t, "Harbour channel shut\n"+body, "Board closes channel for winter\n"+body); l.Template {
		t.Errorf("a reworded headline made a template: %+v", l.Slots)
	}
	if l := compareTexts(t, "Acme Corp sets dividend\n"+body, "Bolt Inc sets dividend\n"+body); !l.Template {
		t.Errorf("two companies' headlines over one body: not a template: %+v", l)
	}
}

func TestRespelled(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{{"Qtrly", "Qtly", true}, {"centres", "centers", true}, {"2,000", "2000", true}, {"Jan", "January", true},
		{"1.5", "2.5", false}, {"3", "13", false}, {"Acme", "Bolt", false}, {"Tuesday", "Thursday", false}} {
		if got := respelled(c.a, c.b); got != c.want {
			t.Errorf("respelled(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

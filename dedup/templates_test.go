package dedup

import (
	"context"
	"fmt"
	"testing"

	"github.com/rehashdev/rehash"
)

// TestTemplates: two rate notices of different days are marked as a
// template in the pairs; with TemplatesMerge they are clustered as
// before, with TemplatesKeep each is kept; without a check nothing is
// marked. A copy with a word respelled is not a template.
func TestTemplates(t *testing.T) {
	const notice = "The central bank said it added temporary reserves to the banking system through customer repurchase agreements, dealers said. Federal funds were trading at %s pct when the bank began its operation, the dealers said. The bank will publish the amount of the operation later in the day, as it does after each such operation, and the market expects no change in policy this week."
	docs := []rehash.Document{
		{ID: "tue", Text: []byte(fmt.Sprintf(notice, "6.25"))},
		{ID: "thu", Text: []byte(fmt.Sprintf(notice, "6.50"))},
		{ID: "other", Text: []byte("A harbour board closed the northern channel for dredging before the winter storms, and ferries used the southern berth until the work was done, the board said in a statement.")},
		{ID: "respelt", Text: []byte("A harbour board closed the northern channel for dredging before the winter storms, and ferries used the southern berth until the work was done, the board said in a statment.")},
	}
	run := func(tp Templates) *Result {
		t.Helper()
		res, err := RunDocuments(context.Background(), docs, &Options{Templates: tp, Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { res.Close() })
		return res
	}
	off := run(TemplatesOff)
	if len(off.Pairs) != 2 {
		t.Fatalf("pairs %+v, want the notices and the respelt copy", off.Pairs)
	}
	for _, p := range off.Pairs {
		if p.Template {
			t.Errorf("marked without a check: %+v", p)
		}
	}
	merge := run(TemplatesMerge)
	var marked int
	for _, p := range merge.Pairs {
		if p.Template {
			marked++
			if merge.Docs[p.A].ID != "tue" || len(p.Slots) != 1 || p.Slots[0].Kind != "number" {
				t.Errorf("template pair %+v", p)
			}
		}
	}
	if marked != 1 {
		t.Errorf("%d template pairs, want 1: %+v", marked, merge.Pairs)
	}
	if merge.Docs[1].Rep != 0 || off.Docs[1].Rep != 0 {
		t.Error("merge: the two notices are not one cluster")
	}
	keep := run(TemplatesKeep)
	if !keep.Kept(0) || !keep.Kept(1) {
		t.Error("keep: a notice was dropped")
	}
	if keep.Docs[3].Rep != 2 {
		t.Error("keep: the respelt copy was kept apart; only templates should be")
	}
	if _, err := Run(context.Background(), []string{"-"}, &Options{Templates: TemplatesKeep}); err == nil {
		t.Error("a template check on standard input was accepted")
	}
}

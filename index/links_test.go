package index

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/signature"
)

// The two sentences the short piece takes from the article, each longer
// than the 23 words that guarantee a shared anchor.
const (
	quote1 = "The council voted on Tuesday night to close the old swimming baths on Mill Lane at the end of the summer, after engineers found that the roof over the main pool could no longer be repaired at a reasonable cost."
	quote2 = "Parents who have taught their children to swim there for three generations filled the public gallery and asked the councillors to find the money for a new roof before the autumn term begins."
)

var article = strings.Join([]string{
	quote1,
	"The building opened in 1931 and was paid for by a subscription among the mill workers, whose names are still painted on a board above the entrance.",
	"A report presented to the meeting put the cost of a new roof at more than two million pounds, against an annual budget for leisure of less than half that.",
	"The leader of the council said that no one on the committee wanted to see the baths close, but that the money was simply not there this year or next.",
	quote2,
	"The council will hold a public consultation on a new leisure centre on the edge of town, which would have a larger pool and a gym, in the spring.",
	"Campaigners said they would ask the heritage lottery fund for a grant and would present a petition with more than four thousand names at the next meeting.",
	"The swimming club, which trains on three evenings a week, said it had been offered lane time at a school pool eleven miles away but that most of its younger members had no way of getting there.",
	"Staff at the baths will be offered posts at the council's other leisure sites, and the cafe in the entrance hall will close at the same time as the pool.",
	"An engineer's survey last winter found rust in the steel beams that carry the roof, and the upper gallery has been closed to the public since February as a precaution.",
	"Councillors from the opposition group proposed that the reserves be used to pay for the repairs, but the motion was defeated by nine votes to six after a debate of more than two hours.",
	"The council's own figures show that the baths had more than ninety thousand visits last year, most of them from schools and from older swimmers in the early mornings.",
}, " ")

// shortPiece quotes the two sentences in a letter mostly of its own words,
// so that the quotes are an excerpt, not most of it.
var shortPiece = strings.Join([]string{
	"Letters to the editor. Sir, I read your report on the baths with a heavy heart.",
	"You wrote that " + quote1,
	"I learnt to swim in that pool when I was six, and so did my mother before me, in the years when the water was heated by the boilers of the dye works next door and the changing rooms were a row of wooden huts along the side.",
	"My own children had their first lessons there with the same instructor who taught me, a patient man who never raised his voice and who made every nervous child believe that the deep end was nothing to be afraid of.",
	"You also reported that " + quote2,
	"I was one of them. We were not asking for a palace, only for a roof that keeps the rain out and a building that the town can be proud of, as our grandparents were when they paid for it out of their wages.",
	"A leisure centre on the ring road, which nobody can reach without a car, is no substitute for a pool that children can walk to after school.",
	"I hope the councillors will think again before the summer is out, and I hope your readers will sign the petition.",
}, " ")

func TestReuseLinks(t *testing.T) {
	ctx := context.Background()
	ix, err := Open(filepath.Join(t.TempDir(), "idx"), &Options{Params: signature.Params{Threshold: 0.5}, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Add(ctx,
		Doc{ID: "article", Text: []byte(article), Meta: rehash.Meta{Date: "2024-05-01"}},
		Doc{ID: "ferry", Text: []byte(ferry)},
	); err != nil {
		t.Fatal(err)
	}

	// Far below any near-duplicate threshold: no match, one excerpt link.
	res, err := ix.Search(ctx, []byte(shortPiece), &QueryOptions{Reuse: true, ID: "letter"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Matches) != 0 {
		t.Errorf("matches %+v, want none", res.Matches)
	}
	if len(res.Links) != 1 {
		t.Fatalf("links %+v, want one", res.Links)
	}
	l := res.Links[0]
	if l.A != "letter" || l.B != "article" || l.Relation != rehash.Excerpt || l.Meta.Date != "2024-05-01" || l.Anchors < 2 {
		t.Errorf("link %s -> %s %s (meta %+v, %d anchors), want letter -> article excerpt", l.A, l.B, l.Relation, l.Meta, l.Anchors)
	}
	if len(l.Passages) != 2 {
		t.Fatalf("%d passages, want 2: %+v", len(l.Passages), l.Passages)
	}
	for i, q := range []string{quote1, quote2} {
		p := l.Passages[i]
		q = strings.TrimSuffix(q, ".") // passages are word ranges
		if got := shortPiece[p.TextA.Start:p.TextA.End]; got != q {
			t.Errorf("passage %d in the query: %q", i, got)
		}
		if got := article[p.TextB.Start:p.TextB.End]; got != q {
			t.Errorf("passage %d in the article: %q", i, got)
		}
	}

	// Without Reuse, and through Query, only the near-duplicates.
	if res, _ := ix.Search(ctx, []byte(shortPiece), nil); len(res.Links) != 0 || len(res.Matches) != 0 {
		t.Errorf("without reuse: %+v", res)
	}

	// A near-duplicate is found as before, and also linked.
	res, err = ix.Search(ctx, []byte(ferry2), &QueryOptions{Reuse: true})
	if err != nil {
		t.Fatal(err)
	}
	ms, _ := ix.Query(ctx, []byte(ferry2), nil)
	if len(ms) != 1 || len(res.Matches) != 1 || res.Matches[0] != ms[0] || ms[0].ID != "ferry" {
		t.Errorf("near-duplicate: Query %+v, Search %+v", ms, res.Matches)
	}
	if len(res.Links) != 1 || res.Links[0].B != "ferry" || res.Links[0].Relation == rehash.Unrelated {
		t.Errorf("near-duplicate link: %+v", res.Links)
	}

	// By id: the article's links name it as A and leave it out.
	res, err = ix.SearchID(ctx, "article", &QueryOptions{Reuse: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Links) != 0 {
		t.Errorf("article links %+v, want none", res.Links)
	}
	if _, err := ix.Add(ctx, Doc{ID: "letter", Text: []byte(shortPiece)}); err != nil {
		t.Fatal(err)
	}
	res, err = ix.SearchID(ctx, "article", &QueryOptions{Reuse: true})
	if err != nil || len(res.Links) != 1 || res.Links[0].A != "article" || res.Links[0].B != "letter" {
		t.Errorf("article links %+v, %v", res.Links, err)
	}

	// Boilerplate: with a document-frequency cap of 1, the quoted
	// anchors, now held by two documents, are skipped; the letter's own
	// anchors still find the letter.
	res, _ = ix.Search(ctx, []byte(shortPiece), &QueryOptions{Reuse: true, ReuseMaxDF: 1})
	if len(res.Links) != 1 || res.Links[0].B != "letter" || res.Links[0].Relation != rehash.Exact {
		t.Errorf("df cap 1: %+v", res.Links)
	}

	// Deleting and replacing remove the anchors; Check agrees.
	if err := ix.Delete(ctx, "letter"); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Add(ctx, Doc{ID: "article", Text: []byte(ferry2)}); err != nil {
		t.Fatal(err)
	}
	res, _ = ix.Search(ctx, []byte(shortPiece), &QueryOptions{Reuse: true})
	if len(res.Links) != 0 {
		t.Errorf("after replace: %+v", res.Links)
	}
	if err := ix.Check(ctx); err != nil {
		t.Fatal(err)
	}
}

package report

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rehashdev/rehash"
)

// The fixture: five short articles of our own about a ferry timetable, in
// the shapes the report must show: a near-duplicate re-post, a round-up
// quoting two sentences, a feature reusing a paragraph (after an emoji, so
// that byte and UTF-16 offsets differ), and an unrelated note.
const (
	wire = `Ferry to the northern islands returns to two sailings a day

KIRKWALL — The ferry to the northern islands will run twice a day from Monday, the harbour office said, after a winter of single sailings caused by the repairs to the old pier.

Islanders had complained that the one crossing left them stranded on the mainland after hospital visits, and the school run had to be moved to the afternoon boat.

"We have heard every one of those complaints, and we agree with them," said Morag Flett, who runs the harbour office. "Two boats a day is the least the islands should expect."

The office said the new timetable would hold until the autumn storms, when it would be reviewed with the ferry company and the island council.

The repairs to the pier cost £2.4 million and took eleven weeks longer than planned.`

	blog = `Good news for island commuters: two ferries a day again

The ferry to the northern islands will run two times a day from Monday, the harbour office said, after a winter of single sailings caused by the repairs to the old pier.

Islanders had complained that the one crossing left them stranded on the mainland after hospital visits, and the school run had to be moved to the afternoon boat.

"We have heard every one of those complaints, and we agree with them," said Morag Flett, who runs the harbour office. "Two boats a day is the least the islands should expect."

The office said the new timetable would hold until the autumn storms, when it would be reviewed with the ferry company and the island council.

Posted by the Café Norðri team. Subscribe for more island news!`

	roundup = `Island council week in review

The council met on Tuesday to discuss the school budget, the new recycling point at the pier head and, inevitably, the ferry.

On the ferry, the harbour office has promised a return to two crossings. "Two boats a day is the least the islands should expect," said Morag Flett, who runs the harbour office.

Councillors welcomed the change but asked for a written guarantee. The office said the new timetable would hold until the autumn storms.

The recycling point opens in May; glass, cans and paper only.`

	feature = `Living on the edge of the timetable

For the three hundred people of the northern islands, the ferry is not a convenience but a lifeline: it carries the post, the fuel, the groceries and the children to the secondary school on the mainland.

This winter 🌊 showed what happens when it falters. Islanders had complained that the one crossing left them stranded on the mainland after hospital visits, and the school run had to be moved to the afternoon boat.

Residents we spoke to described missed appointments, nights in bed-and-breakfasts and a growing sense that the islands are an afterthought.

A second boat is due back on the route from Monday.`

	library = `Library extends opening hours for exam season

The town library will stay open until nine in the evening from the first of May until the end of June, so that students preparing for exams have a quiet place to work.`
)

// fixtureInput is the report the tests and the screenshot use.
func fixtureInput(t testing.TB) *Input {
	t.Helper()
	docs := []Document{
		{ID: "wire/ferry-timetable.txt", Title: "Ferry to the northern islands returns to two sailings a day", Date: "2024-03-01", Source: "news/wire/ferry-timetable.txt", Site: "Orkney Wire", Text: wire},
		{ID: "blog/island-commuters.html", Title: "Good news for island commuters: two ferries a day again", Date: "2024-03-02", Source: "news/blog/island-commuters.html", Site: "Café Norðri", Text: blog},
		{ID: "council/week-in-review.txt", Title: "Island council week in review", Date: "2024-03-05", Source: "news/council/week-in-review.txt", Site: "Island Council", Text: roundup},
		{ID: "features/edge-of-the-timetable.txt", Title: "Living on the edge of the timetable", Date: "2024-03-09", Source: "news/features/edge-of-the-timetable.txt", Site: "Northern Life", Text: feature},
		{ID: "notices/library-hours.txt", Title: "Library extends opening hours for exam season", Date: "2024-04-20", Source: "news/notices/library-hours.txt", Site: "Town Library", Text: library},
	}
	links := []rehash.Link{
		fixtureLink(t, docs[0], docs[1], rehash.NearDuplicate, 0.81, []string{
			"from Monday, the harbour office said, after a winter of single sailings caused by the repairs to the old pier.",
			"Islanders had complained that the one crossing left them stranded on the mainland after hospital visits, and the school run had to be moved to the afternoon boat.\n\n\"We have heard every one of those complaints, and we agree with them,\" said Morag Flett, who runs the harbour office. \"Two boats a day is the least the islands should expect.\"",
			"The office said the new timetable would hold until the autumn storms, when it would be reviewed with the ferry company and the island council.",
		}),
		fixtureLink(t, docs[0], docs[2], rehash.Excerpt, 0.04, []string{
			"Two boats a day is the least the islands should expect",
			"The office said the new timetable would hold until the autumn storms",
		}),
		fixtureLink(t, docs[0], docs[3], rehash.PartialReuse, 0.12, []string{
			"Islanders had complained that the one crossing left them stranded on the mainland after hospital visits, and the school run had to be moved to the afternoon boat.",
		}),
		fixtureLink(t, docs[1], docs[3], rehash.PartialReuse, 0.12, []string{
			"Islanders had complained that the one crossing left them stranded on the mainland after hospital visits, and the school run had to be moved to the afternoon boat.",
		}),
	}
	links[0].Source, links[0].Why = docs[0].ID, "earlier date"
	// The re-post's first passage starts at the first sentence, where the
	// blog wrote "two times" for "twice": an edit inside the passage.
	p0 := &links[0].Passages[0]
	p0.TextA.Start = strings.Index(wire, "The ferry to the northern islands will run twice")
	p0.TextB.Start = strings.Index(blog, "The ferry to the northern islands will run two times")
	p0.A.Start, p0.B.Start = p0.TextA.Start, p0.TextB.Start
	p0.WordsA, p0.WordsB = p0.WordsA+8, p0.WordsB+9
	ta, tb := strings.Index(wire, "twice"), strings.Index(blog, "two times")
	p0.Edits = []rehash.Edit{{Op: "substitute", A: "twice", B: "two times",
		TextA: rehash.Span{Start: ta, End: ta + len("twice")}, TextB: rehash.Span{Start: tb, End: tb + len("two times")}}}
	// One family, from the wire: the re-post and the feature derive from
	// it (the feature's paragraph also stands in the re-post).
	for _, k := range []int{0, 2, 3} {
		links[k].Family = docs[0].ID
	}
	links[2].Source, links[2].Why = docs[0].ID, "earlier date"
	links[3].Source, links[3].Why = docs[1].ID, "earlier date"
	return &Input{
		Title: "Ferry coverage, March 2024",
		Docs:  docs,
		Clusters: []Cluster{{Keep: docs[0].ID, Members: []Member{
			{ID: docs[0].ID, Similarity: 1},
			{ID: docs[1].ID, Similarity: 0.81},
		}}},
		Links: links,
		Notes: []string{"rehash report news/ --threshold 0.8: five articles about one ferry timetable (a test fixture)."},
	}
}

// fixtureLink links a and b by passages that occur verbatim in both texts.
func fixtureLink(t testing.TB, a, b Document, rel rehash.Relation, jaccard float64, shared []string) rehash.Link {
	t.Helper()
	l := rehash.Link{A: a.ID, B: b.ID, Relation: rel, Jaccard: jaccard}
	var wa, wb int
	for _, s := range shared {
		i, j := strings.Index(a.Text, s), strings.Index(b.Text, s)
		if i < 0 || j < 0 {
			t.Fatalf("fixture: %q not in both %s and %s", s, a.ID, b.ID)
		}
		n := len(strings.Fields(s))
		l.Passages = append(l.Passages, rehash.Passage{
			TextA: rehash.Span{Start: i, End: i + len(s)}, TextB: rehash.Span{Start: j, End: j + len(s)},
			A: rehash.Span{Start: i, End: i + len(s)}, B: rehash.Span{Start: j, End: j + len(s)},
			WordsA: n, WordsB: n,
		})
		wa, wb = wa+n, wb+n
	}
	l.CoverA = float64(wa) / float64(len(strings.Fields(a.Text)))
	l.CoverB = float64(wb) / float64(len(strings.Fields(b.Text)))
	l.AInB, l.BInA = l.CoverA, l.CoverB
	return l
}

// syntheticInput has n links over n/2+1 short documents, for the scale
// test.
func syntheticInput(n int) *Input {
	in := &Input{Title: fmt.Sprintf("%d synthetic pairs", n)}
	nd := n/2 + 1
	for i := range nd {
		text := fmt.Sprintf("Document %d. The quick brown fox jumps over the lazy dog number %d, and the dog does not mind at all. Shared sentence number %d.", i, i, i%97)
		in.Docs = append(in.Docs, Document{ID: fmt.Sprintf("doc-%05d", i), Title: fmt.Sprintf("Synthetic document %d", i), Text: text})
	}
	rels := []rehash.Relation{rehash.NearDuplicate, rehash.PartialReuse, rehash.Excerpt, rehash.Contains}
	for k := range n {
		a, b := k%nd, (k*7+1)%nd
		if a == b {
			b = (b + 1) % nd
		}
		j := float64((k*37)%1000) / 1000
		in.Links = append(in.Links, rehash.Link{A: in.Docs[a].ID, B: in.Docs[b].ID, Relation: rels[k%len(rels)],
			Jaccard: j, AInB: j, BInA: j, CoverA: j, CoverB: j,
			Passages: []rehash.Passage{{TextA: rehash.Span{Start: 0, End: 8}, TextB: rehash.Span{Start: 0, End: 8}, WordsA: 1, WordsB: 1}}})
		if k%50 == 0 {
			in.Clusters = append(in.Clusters, Cluster{Keep: in.Docs[a].ID, Members: []Member{{ID: in.Docs[a].ID, Similarity: 1}, {ID: in.Docs[b].ID, Similarity: j}}})
		}
	}
	return in
}

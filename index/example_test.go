package index_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/rehashdev/rehash/index"
	"github.com/rehashdev/rehash/signature"
)

func Example() {
	dir, _ := os.MkdirTemp("", "rehash-index")
	defer os.RemoveAll(dir)
	ix, err := index.Open(dir, &index.Options{Params: signature.Params{Threshold: 0.7}})
	if err != nil {
		log.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	ix.Add(ctx, index.Doc{ID: "ferry", Text: []byte("The ferry to the northern islands will run twice a day from Monday, the harbour office said, after a winter of single sailings caused by the repairs to the old pier. Islanders had complained that the one crossing left them stranded on the mainland after hospital visits.")})
	ms, _ := ix.Query(ctx, []byte("The ferry to the northern islands will run two times a day from Monday, the harbour office said, after a winter of single sailings caused by the repairs to the old pier. Islanders had complained that the one crossing left them stranded on the mainland after hospital visits."), nil)
	for _, m := range ms {
		fmt.Printf("%s %.2f exact=%v\n", m.ID, m.Jaccard, m.Exact)
	}
	// Output: ferry 0.78 exact=false
}

func ExampleIndex_Search() {
	dir, _ := os.MkdirTemp("", "rehash-index")
	defer os.RemoveAll(dir)
	ix, err := index.Open(dir, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	ix.Add(ctx, index.Doc{ID: "ferry", Text: []byte("The ferry to the northern islands will run twice a day from Monday, the harbour office said, after a winter of single sailings caused by the repairs to the old pier. Islanders had complained that the one crossing left them stranded on the mainland after hospital visits, and the school run had to be moved to the afternoon boat. The office said the new timetable would hold until the autumn storms.")})
	// A letter quoting a third of it: no near-duplicate, one reuse link.
	letter := []byte("Sir, I was glad to read that islanders had complained that the one crossing left them stranded on the mainland after hospital visits, and the school run had to be moved to the afternoon boat. My neighbour missed three appointments this winter because of it, and the council did nothing until the papers took up the story. I hope the new timetable lasts longer than the last one did, and that someone at the harbour office will answer the telephone next time.")
	res, _ := ix.Search(ctx, letter, &index.QueryOptions{Reuse: true, ID: "letter"})
	fmt.Println(len(res.Matches), "near-duplicates")
	for _, l := range res.Links {
		p := l.Passages[0]
		fmt.Printf("%s -> %s: %s, %d words: %q\n", l.A, l.B, l.Relation, p.WordsA, letter[p.TextA.Start:p.TextA.End])
	}
	// Output:
	// 0 near-duplicates
	// letter -> ferry: partial-reuse, 28 words: "islanders had complained that the one crossing left them stranded on the mainland after hospital visits, and the school run had to be moved to the afternoon boat"
}

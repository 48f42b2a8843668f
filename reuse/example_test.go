package reuse_test

import (
	"context"
	"fmt"
	"log"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/reuse"
)

// Reuse across documents in memory: a column built on a sentence of a
// report is linked to it, with the passage's place in each text (Raw
// defaults to Text).
func ExampleRunDocuments() {
	report := "The harbour office said on Friday that the ferry to the northern islands will run twice a day from Monday, after a winter of single sailings caused by repairs to the old pier. Fares stay the same until the autumn."
	column := "Good news at last: the ferry to the northern islands will run twice a day from Monday, after a winter of single sailings. Now fix the buses."
	other := "The library stays open until nine in the evening during the exam season."
	docs := []rehash.Document{
		{ID: "report", Text: []byte(report)},
		{ID: "column", Text: []byte(column)},
		{ID: "other", Text: []byte(other)},
	}
	_, err := reuse.RunDocuments(context.Background(), docs, nil, func(l rehash.Link) error {
		p := l.Passages[0]
		fmt.Printf("%s -> %s: %s, %d words\n%q\n", l.A, l.B, l.Relation, p.WordsB, column[p.TextB.Start:p.TextB.End])
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// report -> column: contains, 19 words
	// "the ferry to the northern islands will run twice a day from Monday, after a winter of single sailings"
}

package ingest_test

import (
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/rehashdev/rehash/ingest"
)

// Reading JSON Lines from a reader standing in for standard input: each
// record decodes to a Document with its id, text and provenance; a bad
// record is an error of its own, and reading goes on.
func ExampleRead() {
	in := `{"id": "a", "text": "First story."}
{"id": "b", "text": 42}
{"id": "c", "text": "Third story."}
`
	err := ingest.Read(context.Background(), []string{"-"}, &ingest.Options{Stdin: strings.NewReader(in)},
		func(r *ingest.Record) error {
			d, err := r.Document()
			if err != nil {
				fmt.Println("skip:", err)
				return nil
			}
			fmt.Printf("%s %q line %d\n", d.ID, d.Text, d.Source.Line)
			return nil
		})
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// a "First story." line 1
	// skip: -:2: no-text: text field "text" is a number, not a string
	// c "Third story." line 3
}

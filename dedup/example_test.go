package dedup_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/rehashdev/rehash/dedup"
	"github.com/rehashdev/rehash/ingest"
)

func ExampleRun() {
	corpus := `{"id": "a", "text": "The ferry to the islands runs twice a day from Monday, the harbour office said on Friday after a long winter."}
{"id": "b", "text": "the ferry to the islands runs twice a day from monday, the harbour office said on friday after a long winter"}
{"id": "c", "text": "The library stays open until nine in the evening during the exam season, the council said."}
`
	res, err := dedup.Run(context.Background(), []string{"-"}, &dedup.Options{
		Ingest: &ingest.Options{Stdin: strings.NewReader(corpus)},
	})
	if err != nil {
		panic(err)
	}
	defer res.Close()
	for i, d := range res.Docs {
		fmt.Printf("%s kept=%v cluster=%s similarity=%.2f\n", d.ID, res.Kept(i), res.Docs[d.Rep].ID, d.Similarity)
	}
	// Output:
	// a kept=true cluster=a similarity=1.00
	// b kept=false cluster=a similarity=1.00
	// c kept=true cluster=c similarity=1.00
}

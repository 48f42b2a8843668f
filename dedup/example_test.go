package dedup_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/dedup"
	"github.com/rehashdev/rehash/ingest"
	"github.com/rehashdev/rehash/signature"
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

// Deduplicating strings held in memory: no files, no readers.
func ExampleRunDocuments() {
	texts := []string{
		"The night bus to the airport now leaves every twenty minutes, the transport office said on Tuesday, after complaints about crowding.",
		"Parents may collect school reports from the main office on Thursday afternoon between two and five.",
		"The night bus to the airport now leaves every twenty minutes, the transport office said on Tuesday, after complaints about the crowding.",
		"the night bus to the airport now leaves every twenty minutes, the transport office said on tuesday, after complaints about crowding",
		"Parents may collect school reports from the main office on Thursday afternoon between two and six.",
	}
	docs := make([]rehash.Document, len(texts))
	for i, t := range texts {
		docs[i] = rehash.Document{ID: fmt.Sprintf("t%d", i), Text: []byte(t)}
	}
	res, err := dedup.RunDocuments(context.Background(), docs, &dedup.Options{
		Params: signature.Params{Threshold: 0.7},
	})
	if err != nil {
		panic(err)
	}
	clusters := map[int][]string{}
	for _, d := range res.Docs {
		clusters[d.Rep] = append(clusters[d.Rep], fmt.Sprintf("%s (%.2f)", d.ID, d.Similarity))
	}
	for i := range res.Docs {
		if res.Kept(i) {
			fmt.Println(strings.Join(clusters[i], " "))
		}
	}
	// Output:
	// t0 (1.00) t2 (0.84) t3 (1.00)
	// t1 (1.00) t4 (0.85)
}

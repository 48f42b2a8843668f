package index_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/rehashdev/rehash/index"
)

func Example() {
	dir, _ := os.MkdirTemp("", "rehash-index")
	defer os.RemoveAll(dir)
	ix, err := index.Open(dir, &index.Options{Threshold: 0.7})
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

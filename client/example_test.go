package client_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"

	"github.com/rehashdev/rehash/client"
	"github.com/rehashdev/rehash/index"
	"github.com/rehashdev/rehash/server"
)

// Example adds two documents to a server, checks a copy of one of them
// (same words, other case and punctuation: not byte-exact after
// normalization), deletes the other and reads the error its id gives.
func Example() {
	dir, _ := os.MkdirTemp("", "client-example")
	defer os.RemoveAll(dir)
	ix, _ := index.Open(dir, nil)
	defer ix.Close()
	srv, _ := server.New(ix, &server.Options{Keys: []string{"s3cret"}})
	ts := httptest.NewServer(srv)
	defer ts.Close()

	ctx := context.Background()
	c := client.New(ts.URL, "s3cret")
	res, err := c.Add(ctx,
		client.Document{ID: "ferry", Text: "The ferry to the northern islands will run twice a day from Monday, the harbour office said, after a winter of single sailings."},
		client.Document{ID: "oaks", Text: "Volunteers planted four hundred oak saplings along the river path on Saturday, the first stage of a plan to restore the meadow."},
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range res {
		fmt.Println(r.ID, r.Status)
	}
	chk, _ := c.Check(ctx, "THE FERRY to the northern islands will run twice a day from Monday, the harbour office said, after a winter of single sailings!", nil)
	for _, m := range chk.Matches {
		fmt.Printf("matches %s: jaccard %.2f exact %v\n", m.ID, m.Jaccard, m.Exact)
	}
	fmt.Println("delete oaks:", c.Delete(ctx, "oaks"))
	_, err = c.Get(ctx, "oaks", false, 0)
	var e *client.Error
	if errors.As(err, &e) {
		fmt.Println(e.Status, e.Code)
	}
	// Output:
	// ferry added
	// oaks added
	// matches ferry: jaccard 1.00 exact false
	// delete oaks: <nil>
	// 404 not_found
}

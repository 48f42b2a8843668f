package server_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"

	"github.com/rehashdev/rehash/index"
	"github.com/rehashdev/rehash/server"
)

// A server over an index, in process: add a document over HTTP, then check
// a near-copy of it.
func Example() {
	dir, _ := os.MkdirTemp("", "rehash-server")
	defer os.RemoveAll(dir)
	ix, err := index.Open(dir, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer ix.Close()
	srv, err := server.New(ix, &server.Options{Keys: []string{"secret"}})
	if err != nil {
		log.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()

	post := func(path, body string) string {
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, ts.URL+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer secret")
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			log.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return fmt.Sprintf("%d, names lib: %v", resp.StatusCode, strings.Contains(string(b), `"id":"lib"`))
	}
	text := "The library stays open until nine in the evening during the exam season, the council said on Monday, and the reading room upstairs opens at seven."
	fmt.Println("add:", post("/v1/documents", `{"id": "lib", "text": "`+text+`"}`))
	fmt.Println("check:", post("/v1/check", `{"text": "`+strings.ToUpper(text)+`"}`))
	// Output:
	// add: 200, names lib: true
	// check: 200, names lib: true
}

package server

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rehashdev/rehash/index"
)

// TestGracefulShutdown adds documents from several clients, stops the
// server mid-stream, and requires every acknowledged add to be in the
// index after reopening it.
func TestGracefulShutdown(t *testing.T) {
	dir := t.TempDir()
	ix, err := index.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(ix, &Options{InsecureNoAuth: true})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- s.Serve(ctx, ln) }()

	url := "http://" + ln.Addr().String() + "/v1/documents"
	var mu sync.Mutex
	var acked []string
	var wg sync.WaitGroup
	for c := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				id := fmt.Sprintf("c%d-%d", c, i)
				body := fmt.Sprintf(`{"id":%q,"text":"client %d document %d says something about the ferry and the pier"}`, id, c, i)
				resp, err := http.Post(url, "application/json", strings.NewReader(body))
				if err != nil {
					return // listener closed
				}
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					mu.Lock()
					acked = append(acked, id)
					mu.Unlock()
				}
			}
		}()
	}
	time.Sleep(300 * time.Millisecond)
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = index.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, id := range acked {
		if _, err := ix.Get(id); err != nil {
			t.Fatalf("acknowledged %s lost: %v", id, err)
		}
	}
	if len(acked) == 0 {
		t.Fatal("nothing was acknowledged; the test proved nothing")
	}
	t.Logf("%d acknowledged adds, all present", len(acked))
}

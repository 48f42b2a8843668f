package main

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rehashdev/rehash/index"
	"github.com/rehashdev/rehash/server"
)

// lockedBuffer is a strings.Builder safe for the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// waitFor polls the log for s, failing after a generous bound (this is a
// liveness bound, not a timing assertion).
func waitFor(t *testing.T, log *lockedBuffer, s string) {
	t.Helper()
	for start := time.Now(); !strings.Contains(log.String(), s); time.Sleep(20 * time.Millisecond) {
		if time.Since(start) > time.Minute {
			t.Fatalf("no %q in the log:\n%s", s, log.String())
		}
	}
}

// TestServeSIGHUP: SIGHUP reloads the keys file and does not stop the
// server; a keys file that became empty is refused and the old keys kept.
func TestServeSIGHUP(t *testing.T) {
	dir := t.TempDir()
	keys := filepath.Join(dir, "keys.txt")
	os.WriteFile(keys, []byte("one\n"), 0o644)
	o := &serveOpts{addr: "127.0.0.1:0", keys: keys, logFormat: "json", evictEvery: time.Minute}
	o.dir = filepath.Join(dir, "idx")
	o.srv.MaxBodyBytes, o.srv.MaxBatch, o.srv.Timeout, o.srv.BodyTimeout = 1<<20, 10, time.Second, time.Second
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	log := &lockedBuffer{}
	done := make(chan error, 1)
	go func() { done <- runServe(ctx, o, log) }()
	waitFor(t, log, `"msg":"serving"`)

	os.WriteFile(keys, []byte("one\ntwo\n"), 0o644)
	syscall.Kill(os.Getpid(), syscall.SIGHUP)
	waitFor(t, log, `"msg":"SIGHUP: keys reloaded","file":"`+keys+`","keys":2`)
	os.WriteFile(keys, []byte("# none\n"), 0o644)
	syscall.Kill(os.Getpid(), syscall.SIGHUP)
	waitFor(t, log, `keys not reloaded; the old ones stay`)

	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v\n%s", err, log.String())
	}
	if !strings.Contains(log.String(), `"msg":"stopped"`) {
		t.Fatal(log.String())
	}
}

// TestRemoteQueryMatchesLocal: `index query --server URL` writes the lines
// a local query writes, apart from the time of adding, which both carry.
func TestRemoteQueryMatchesLocal(t *testing.T) {
	dir := t.TempDir()
	idx := filepath.Join(dir, "idx")
	corpus := filepath.Join(dir, "c.jsonl")
	os.WriteFile(corpus, []byte(`{"id":"a","text":"the ferry to the northern islands will run twice a day from monday the harbour office said"}
{"id":"b","text":"the ferry to the northern islands will run twice a day from monday the harbour office said on friday"}
`), 0o644)
	query := filepath.Join(dir, "q.txt")
	os.WriteFile(query, []byte("The ferry to the northern islands will run twice a day from Monday, the harbour office said."), 0o644)
	var out, errb strings.Builder
	if code := run(context.Background(), []string{"index", "add", "-q", "--index", idx, corpus}, nil, &out, &errb); code != 0 {
		t.Fatalf("add: %d %s", code, errb.String())
	}
	var local strings.Builder
	if code := run(context.Background(), []string{"index", "query", "--index", idx, query}, nil, &local, &errb); code != 0 {
		t.Fatalf("local query: %d %s", code, errb.String())
	}
	ix, err := index.Open(idx, &index.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	srv, err := server.New(ix, &server.Options{Keys: []string{"k1"}})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	tok := filepath.Join(dir, "tok")
	os.WriteFile(tok, []byte("k1\n"), 0o644)
	var remote strings.Builder
	if code := run(context.Background(), []string{"index", "query", "--server", ts.URL, "--token-file", tok, query}, nil, &remote, &errb); code != 0 {
		t.Fatalf("remote query: %d %s", code, errb.String())
	}
	if local.String() == "" || local.String() != remote.String() {
		t.Fatalf("local:\n%s\nremote:\n%s", local.String(), remote.String())
	}
}

// TestRemoteGetMatchesLocal: `index get --server URL` writes the same
// lines as `index get --index DIR`, both in the API's shape, and names an
// unknown id with exit status 1 either way.
func TestRemoteGetMatchesLocal(t *testing.T) {
	dir := t.TempDir()
	idx := filepath.Join(dir, "idx")
	corpus := filepath.Join(dir, "c.jsonl")
	os.WriteFile(corpus, []byte(`{"id":"a","text":"the ferry to the northern islands will run twice a day from monday the harbour office said"}
{"id":"b","text":"the ferry to the northern islands will run twice a day from monday the harbour office said on friday"}
{"id":"c","text":"a quite different text about the price of wheat at the autumn market in the old town"}
`), 0o644)
	var out, errb strings.Builder
	if code := run(context.Background(), []string{"index", "add", "-q", "--index", idx, corpus}, nil, &out, &errb); code != 0 {
		t.Fatalf("add: %d %s", code, errb.String())
	}
	var local strings.Builder
	if code := run(context.Background(), []string{"index", "get", "--index", idx, "a", "c"}, nil, &local, &errb); code != 0 {
		t.Fatalf("local get: %d %s", code, errb.String())
	}
	ix, err := index.Open(idx, &index.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	srv, err := server.New(ix, &server.Options{Keys: []string{"k1"}})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	tok := filepath.Join(dir, "tok")
	os.WriteFile(tok, []byte("k1\n"), 0o644)
	var remote strings.Builder
	if code := run(context.Background(), []string{"index", "get", "--server", ts.URL, "--token-file", tok, "a", "c"}, nil, &remote, &errb); code != 0 {
		t.Fatalf("remote get: %d %s", code, errb.String())
	}
	if !strings.Contains(local.String(), `"rep":"a"`) || !strings.Contains(local.String(), `"id":"b"`) || local.String() != remote.String() {
		t.Fatalf("local:\n%s\nremote:\n%s", local.String(), remote.String())
	}
	for _, where := range [][]string{{"--index", idx}, {"--server", ts.URL, "--token-file", tok}} {
		var o, e strings.Builder
		args := append(append([]string{"index", "get"}, where...), "nope")
		if code := run(context.Background(), args, nil, &o, &e); code != 1 || !strings.Contains(e.String(), "not in the index: nope") {
			t.Fatalf("%v: exit %d, stderr %q", where, code, e.String())
		}
	}
}

package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
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

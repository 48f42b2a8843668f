package index

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The crash test re-executes the test binary as a writer that adds
// documents one at a time, printing each id once Add has returned, and
// SIGKILLs it at random moments. After every kill the index must hold
// every acknowledged id and pass Check (no half-written document).
//
// By default it runs 5 rounds of at most 1.5 s. For a soak, set
// REHASH_CRASH_SOAK to a duration:
//
//	REHASH_CRASH_SOAK=10m go test ./index -run CrashDurability -v -timeout 0
const (
	envCrashDir   = "REHASH_CRASH_CHILD_DIR"
	envCrashRound = "REHASH_CRASH_CHILD_ROUND"
)

func TestCrashDurability(t *testing.T) {
	if dir := os.Getenv(envCrashDir); dir != "" {
		crashChild(dir, os.Getenv(envCrashRound))
		return
	}
	if testing.Short() {
		t.Skip("re-executes the test binary")
	}
	rounds, budget := 5, 10*time.Second
	if s := os.Getenv("REHASH_CRASH_SOAK"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil {
			t.Fatalf("REHASH_CRASH_SOAK: %v", err)
		}
		rounds, budget = 1<<30, d
	}
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	acked := map[string]bool{}
	start := time.Now()
	for round := 0; round < rounds && time.Since(start) < budget; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashDurability$")
		cmd.Env = append(os.Environ(), envCrashDir+"="+dir, envCrashRound+"="+strconv.Itoa(round))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string)
		go func() {
			defer close(lines)
			r := bufio.NewReader(out)
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return // a torn last line was never acknowledged
				}
				lines <- strings.TrimSuffix(l, "\n")
			}
		}()
		// Kill only once the child is adding, then at a random moment.
		first := <-lines
		if first != "ready" {
			t.Fatalf("child said %q", first)
		}
		kill := time.After(time.Duration(50+rng.IntN(1200)) * time.Millisecond)
		n := 0
	read:
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					break read
				}
				acked[l] = true
				n++
			case <-kill:
				cmd.Process.Signal(syscall.SIGKILL)
				kill = nil
			}
		}
		cmd.Wait()
		verifyAfterCrash(t, dir, acked)
		t.Logf("round %d: %d acknowledged adds, %d ids in total", round, n, len(acked))
	}
}

func verifyAfterCrash(t *testing.T, dir string, acked map[string]bool) {
	t.Helper()
	ix, err := Open(dir, nil)
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer ix.Close()
	for id := range acked {
		if _, err := ix.Get(id); err != nil {
			t.Fatalf("acknowledged %s lost: %v", id, err)
		}
	}
	if err := ix.Check(context.Background()); err != nil {
		t.Fatalf("after kill: %v", err)
	}
}

// crashChild adds documents until killed. Every tenth add replaces an
// earlier id of the round, so replacement is crashed into too.
func crashChild(dir, round string) {
	ix, err := Open(dir, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("ready")
	docs := generate(uint64(len(round))*7919+uint64(time.Now().UnixNano()), 5000)
	for i, d := range docs {
		id := fmt.Sprintf("r%s-%d", round, i)
		if i%10 == 9 {
			id = fmt.Sprintf("r%s-%d", round, i/2)
		}
		if _, err := ix.Add(context.Background(), Doc{ID: id, Text: []byte(d.Text)}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println(id)
	}
	ix.Close()
	os.Exit(0)
}

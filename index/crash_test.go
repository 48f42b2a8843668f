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
	crashRounds(t, "TestCrashDurability", nil, 1200)
}

// TestCrashIngest is the crash test for bulk loads through sorted tables:
// the child ingests chunks of 300 documents (Index.Ingest), printing
// "chunk N" and the chunk's ids before each Ingest and "done N" after it
// returns. After every kill, every chunk whose "done" was printed must be
// whole in the index, and every other chunk wholly absent or wholly
// present: a chunk is atomic.
func TestCrashIngest(t *testing.T) {
	if dir := os.Getenv(envCrashDir); dir != "" {
		crashIngestChild(dir, os.Getenv(envCrashRound))
		return
	}
	crashRounds(t, "TestCrashIngest", verifyChunks, 3000)
}

// crashRounds runs the crash rounds of test: the child prints "ready",
// then lines the parent collects; after each kill, the acknowledged ids
// (every line, by default) are checked, and verify, if given, checks the
// round's lines itself.
func crashRounds(t *testing.T, test string, verify func(*testing.T, *Index, []string), killMaxMS int) {
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
		cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$")
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
		kill := time.After(time.Duration(50+rng.IntN(killMaxMS)) * time.Millisecond)
		n := 0
		var got []string
	read:
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					break read
				}
				if verify != nil {
					got = append(got, l)
					continue
				}
				acked[l] = true
				n++
			case <-kill:
				cmd.Process.Signal(syscall.SIGKILL)
				kill = nil
			}
		}
		cmd.Wait()
		if verify != nil {
			ix, err := Open(dir, nil)
			if err != nil {
				t.Fatalf("reopen after kill: %v", err)
			}
			verify(t, ix, got)
			ix.Close()
			t.Logf("round %d: %d lines", round, len(got))
			continue
		}
		verifyAfterCrash(t, dir, acked)
		t.Logf("round %d: %d acknowledged adds, %d ids in total", round, n, len(acked))
	}
}

// verifyChunks checks a round of TestCrashIngest: acknowledged chunks
// whole, the one in flight all or nothing, and Check passes.
func verifyChunks(t *testing.T, ix *Index, lines []string) {
	t.Helper()
	var chunk []string
	acked, inFlight := 0, 0
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "chunk "):
			chunk = chunk[:0]
		case strings.HasPrefix(l, "done "):
			for _, id := range chunk {
				if _, err := ix.Get(id); err != nil {
					t.Fatalf("%s: acknowledged in an ingested chunk, lost: %v", id, err)
				}
			}
			acked++
			chunk = chunk[:0]
		default:
			chunk = append(chunk, l)
		}
	}
	// The chunk in flight at the kill (its ids all printed before its
	// Ingest began, or cut short, in which case Ingest never ran).
	present := 0
	for _, id := range chunk {
		if _, err := ix.Get(id); err == nil {
			present++
		}
	}
	if present != 0 && present != len(chunk) {
		t.Fatalf("chunk in flight half ingested: %d of %d documents present", present, len(chunk))
	}
	if len(chunk) > 0 {
		inFlight = 1
	}
	if err := ix.Check(context.Background()); err != nil {
		t.Fatalf("after kill: %v", err)
	}
	t.Logf("%d chunks acknowledged and present, %d in flight (%d of %d present)", acked, inFlight, present, len(chunk))
}

// crashIngestChild ingests chunks of new documents until killed.
func crashIngestChild(dir, round string) {
	ix, err := Open(dir, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("ready")
	seed := uint64(len(round))*7919 + uint64(time.Now().UnixNano())
	for c := range 20 {
		var chunk []Doc
		fmt.Printf("chunk %d\n", c)
		for i, d := range generate(seed+uint64(c), 300) {
			id := fmt.Sprintf("r%s-%d-%d", round, c, i)
			chunk = append(chunk, Doc{ID: id, Text: []byte(d.Text)})
			fmt.Println(id)
		}
		if _, err := ix.Ingest(context.Background(), chunk...); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("done %d\n", c)
	}
	ix.Close()
	os.Exit(0)
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

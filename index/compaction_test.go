package index

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestCorruptTableInCompaction: a garbled table that a background
// compaction must read. Five overlapping level-0 tables are written, the
// largest garbled, and the index opened: Pebble starts compacting level 0
// by itself. The process must live on, the index turn unhealthy and name
// the damage, and reads of intact documents keep working.
func TestCorruptTableInCompaction(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	for round := range 5 {
		ix, err := Open(dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 200 {
			id := "d" + strconv.Itoa(i)
			if _, err := ix.Add(ctx, Doc{ID: id, Text: []byte(docText(i*5 + round))}); err != nil {
				t.Fatal(err)
			}
		}
		if err := ix.db.Flush(); err != nil {
			t.Fatal(err)
		}
		ix.Close()
	}
	name := garbleTable(t, dir)
	ix, err := Open(dir, nil)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer ix.Close()
	if n := ix.db.Metrics().Levels[0].TablesCount; n < 4 {
		// Pebble compacted the tables while they were being written (a
		// slow machine gives it time to): no compaction is left to meet
		// the damage, and the test cannot say anything.
		t.Skipf("precondition not met: %d level-0 tables at open, want 4 or more", n)
	}
	// Wait for the compaction to meet the damage (it starts at open: five
	// level-0 tables are past Pebble's threshold of four).
	deadline := time.Now().Add(30 * time.Second)
	for ix.Healthy() && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if ix.Healthy() {
		m := ix.db.Metrics()
		t.Fatalf("no compaction met the damage in 30 s (compactions %d, L0 files %d)", m.Compact.Count, m.Levels[0].TablesCount)
	}
	if d := strings.Join(ix.Damage(), "\n"); !strings.Contains(d, strings.TrimSuffix(name, ".sst")) {
		t.Fatalf("damage %q does not name %s", d, name)
	}
	t.Logf("damage: %v", ix.Damage())
}

// TestBackgroundFatalIsNotAnExit: Pebble's fatal handler called on a
// goroutine that runs no index code (as a background compaction's would
// be) ends only that goroutine: the process lives, the index is failed,
// unhealthy, names the message, and every operation then fails with
// ErrCorrupt. Called under an index operation it still panics with
// *FatalError, which the operation recovers.
func TestBackgroundFatalIsNotAnExit(t *testing.T) {
	ix, err := Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Add(context.Background(), Doc{ID: "a", Text: []byte(docText(1))}); err != nil {
		t.Fatal(err)
	}
	l := fatalLogger{&ix.health}
	done := make(chan bool)
	go func() {
		defer close(done)
		l.Fatalf("invariant %s broken", "x")
		done <- true // not reached: the goroutine ended
	}()
	if reached := <-done; reached {
		t.Fatal("Fatalf returned")
	}
	if ix.Healthy() {
		t.Fatal("healthy after a background fatal error")
	}
	if d := strings.Join(ix.Damage(), "\n"); !strings.Contains(d, "invariant x broken") {
		t.Fatalf("damage %q", d)
	}
	if _, err := ix.Get("a"); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "invariant x broken") {
		t.Fatalf("get after the failure: %v, want ErrCorrupt", err)
	}
	if _, err := ix.Search(context.Background(), []byte(docText(1)), nil); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("search after the failure: %v, want ErrCorrupt", err)
	}
	func() {
		defer func() {
			if _, ok := recover().(*FatalError); !ok {
				t.Fatal("under an operation, Fatalf must panic with *FatalError")
			}
		}()
		ix.fatalForTest(l)
	}()
}

// fatalForTest calls Fatalf from a method of Index, as an operation would.
func (ix *Index) fatalForTest(l fatalLogger) { l.Fatalf("in an operation") }

package ordered

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rehashdev/rehash/ingest"
)

func writeLines(t *testing.T, n int) string {
	t.Helper()
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "{\"id\":\"d%d\",\"text\":\"text number %d\"}\n", i, i)
	}
	p := filepath.Join(t.TempDir(), "in.jsonl")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestOrder: results come back in record order however uneven the work,
// and only the wanted records are worked on and collected.
func TestOrder(t *testing.T) {
	const n = 2000
	p := writeLines(t, n)
	for _, workers := range []int{1, 3, 8} {
		var got []int
		err := Each(context.Background(), []string{p}, nil, workers,
			func(rec int) bool { return rec%3 != 1 },
			func() struct{} { return struct{}{} },
			func(_ struct{}, rec int, r *ingest.Record) int {
				if rec%97 == 0 {
					time.Sleep(time.Millisecond) // a slow record must not reorder the rest
				}
				return rec
			},
			func(rec int, v int) error {
				if v != rec {
					return fmt.Errorf("record %d carried result %d", rec, v)
				}
				got = append(got, rec)
				return nil
			})
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		for _, rec := range got {
			for want%3 == 1 {
				want++
			}
			if rec != want {
				t.Fatalf("workers %d: got record %d, want %d", workers, rec, want)
			}
			want++
		}
		wanted := 0
		for rec := 0; rec < n; rec++ {
			if rec%3 != 1 {
				wanted++
			}
		}
		if len(got) != wanted {
			t.Fatalf("workers %d: collected %d records, want %d", workers, len(got), wanted)
		}
	}
}

// TestCollectError: an error from collect stops the run and is returned.
func TestCollectError(t *testing.T) {
	p := writeLines(t, 5000)
	stop := errors.New("stop")
	seen := 0
	err := Each(context.Background(), []string{p}, nil, 2, nil,
		func() int { return 0 },
		func(_ int, rec int, _ *ingest.Record) int { return rec },
		func(rec int, _ int) error {
			seen++
			if rec == 10 {
				return stop
			}
			return nil
		})
	if !errors.Is(err, stop) || seen != 11 {
		t.Fatalf("err = %v after %d records, want stop after 11", err, seen)
	}
}

// TestCancel: after the caller's context is cancelled, no result of a
// record that was not worked on reaches collect, and Each says why it
// stopped.
func TestCancel(t *testing.T) {
	p := writeLines(t, 20000)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	err := Each(ctx, []string{p}, nil, 3, nil,
		func() int { return 0 },
		func(_ int, rec int, _ *ingest.Record) int { return rec + 1 }, // 0 means "not worked on"
		func(rec int, v int) error {
			if v == 0 {
				return fmt.Errorf("record %d reached collect without being worked on", rec)
			}
			if rec == 100 {
				cancel()
			}
			return nil
		})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

package extsort

import (
	"cmp"
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

var u64 = Codec[uint64]{
	Size:    8,
	Put:     func(b []byte, x uint64) { binary.LittleEndian.PutUint64(b, x) },
	Get:     func(b []byte) uint64 { return binary.LittleEndian.Uint64(b) },
	Compare: cmp.Compare[uint64],
}

func TestSortsAcrossRuns(t *testing.T) {
	for _, n := range []int{0, 1, 1000, 1024, 5000, 20000} {
		s := New(t.TempDir(), u64, 1024)
		r := rand.New(rand.NewPCG(1, uint64(n)))
		var want []uint64
		for range n {
			x := r.Uint64N(3000) // repeats across runs
			want = append(want, x)
			if err := s.Add(x); err != nil {
				t.Fatal(err)
			}
		}
		if wantRuns := n / 1024; s.Runs() != wantRuns {
			t.Errorf("n=%d: %d runs before merging, want %d", n, s.Runs(), wantRuns)
		}
		slices.Sort(want)
		var got []uint64
		if err := s.Merge(func(x uint64) error { got = append(got, x); return nil }); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Errorf("n=%d: merged output is not the sorted input (%d records, want %d)", n, len(got), len(want))
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal("second Close:", err)
		}
	}
}

func TestMergeStopsOnError(t *testing.T) {
	s := New(t.TempDir(), u64, 1024)
	defer s.Close()
	for i := range 3000 {
		s.Add(uint64(i))
	}
	stop := errors.New("stop")
	seen := 0
	err := s.Merge(func(uint64) error {
		seen++
		if seen == 10 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || seen != 10 {
		t.Errorf("err %v after %d records; want stop after 10", err, seen)
	}
}

// A named sorter's runs outlive it: a second sorter adopts the runs the
// first listed at its last Spill, adds the rest, and merges to the same
// order as one sorter given everything; Remove deletes the files.
func TestNamedRunsAdopted(t *testing.T) {
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(2, 3))
	var all []uint64
	for range 5000 {
		all = append(all, r.Uint64N(4000))
	}
	first := NewNamed(dir, "keys", u64, 1000)
	for _, x := range all[:2500] {
		if err := first.Add(x); err != nil {
			t.Fatal(err)
		}
	}
	if err := first.Spill(); err != nil {
		t.Fatal(err)
	}
	names := first.RunNames()
	if len(names) != 3 {
		t.Fatalf("runs %q after 2500 records in buffers of 1000, want 3", names)
	}
	// What a killed process leaves beyond its checkpoint: ignored.
	for _, x := range all[2500:2700] {
		first.Add(x)
	}
	first.Close()
	for _, name := range names {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Fatalf("named run gone after Close: %v", err)
		}
	}

	second := NewNamed(dir, "keys2", u64, 1000)
	if err := second.Adopt(names); err != nil {
		t.Fatal(err)
	}
	for _, x := range all[2500:] {
		if err := second.Add(x); err != nil {
			t.Fatal(err)
		}
	}
	var got []uint64
	if err := second.Merge(func(x uint64) error { got = append(got, x); return nil }); err != nil {
		t.Fatal(err)
	}
	want := slices.Clone(all)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("adopted runs merged to %d records, want the %d sorted", len(got), len(want))
	}
	if err := second.Remove(); err != nil {
		t.Fatal(err)
	}
	left, _ := os.ReadDir(dir)
	if len(left) != 0 {
		t.Errorf("Remove left %d files", len(left))
	}

	// A run cut short is refused, not merged.
	os.WriteFile(filepath.Join(dir, "short.run"), make([]byte, 12), 0o644)
	if err := NewNamed(dir, "x", u64, 16).Adopt([]string{"short.run"}); err == nil {
		t.Error("adopted a run of 12 bytes with 8-byte records")
	}
}

package extsort

import (
	"cmp"
	"encoding/binary"
	"errors"
	"math/rand/v2"
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

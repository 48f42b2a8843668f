package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rehashdev/rehash/dedup"
)

func TestSkipsMissingCorpora(t *testing.T) {
	var stdout, stderr bytes.Buffer
	dir := filepath.Join(t.TempDir(), "none")
	code := run(context.Background(), []string{"-corpora", dir, "-set", "all"}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
	if stdout.Len() != 0 || !strings.Contains(stderr.String(), "skipping set news") || !strings.Contains(stderr.String(), "skipping set mixed") {
		t.Errorf("stdout %q, stderr %q", stdout.String(), stderr.String())
	}
}

func TestBadUsage(t *testing.T) {
	for _, args := range [][]string{{"-set", "web"}, {"-runs", "0"}, {"stray"}} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, &stdout, &stderr); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
}

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		in   []float64
		want float64
	}{
		{[]float64{3}, 3},
		{[]float64{5, 1, 3}, 3},
		{[]float64{4, 1, 3, 2}, 2.5},
	} {
		if got := medianOf(c.in); got != c.want {
			t.Errorf("medianOf(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestGenerate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gen.jsonl")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"-generate", "3000", "-o", path}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	res, err := dedup.Run(context.Background(), []string{path}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Close()
	// 3% exact and 5% edited copies: both kinds must be there in numbers.
	s := res.Stats
	if s.Written != 3000 || s.Exact < 30 || s.Duplicates-s.Exact < 30 {
		t.Errorf("generated corpus: %d docs, %d exact and %d near duplicates", s.Written, s.Exact, s.Duplicates-s.Exact)
	}
}

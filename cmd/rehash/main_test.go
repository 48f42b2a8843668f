package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/dedup"
	"github.com/rehashdev/rehash/internal/output"
)

func TestExitCode(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want int
	}{
		{nil, exitOK},
		{fmt.Errorf("standard output: %w", output.ErrClosedPipe), exitOK},
		{fmt.Errorf("ingest: %w", context.Canceled), exitInterrupted},
		{usageError{errors.New("requires at least 1 arg(s)")}, exitUsage},
		{fmt.Errorf("%w: threshold 2", dedup.ErrOptions), exitUsage},
		{fmt.Errorf("%w: x is the input x", output.ErrSameFile), exitUsage},
		{fmt.Errorf("wrapped: %w", &rehash.RecordError{Reason: rehash.SkipMalformed}), exitBadInput},
		{errors.New("disk full"), exitFailure},
	} {
		if got := exitCode(tc.err); got != tc.want {
			t.Errorf("exitCode(%v) = %d, want %d", tc.err, got, tc.want)
		}
	}
}

// An interrupted run (Ctrl-C cancels the context) exits 130 and leaves
// the earlier output and no temporary file.
func TestInterruptedRun(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	out := filepath.Join(dir, "out.jsonl")
	os.WriteFile(in, []byte(`{"id":"a","text":"a few words of text for the run"}`+"\n"), 0o644)
	os.WriteFile(out, []byte("earlier\n"), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stderr bytes.Buffer
	code := run(ctx, []string{"dedup", in, "-o", out, "--pairs", filepath.Join(dir, "pairs.jsonl")}, nil, &bytes.Buffer{}, &stderr)
	if code != exitInterrupted {
		t.Fatalf("exit %d, want %d; stderr %s", code, exitInterrupted, stderr.String())
	}
	if b, _ := os.ReadFile(out); string(b) != "earlier\n" {
		t.Errorf("output changed: %q", b)
	}
	des, _ := os.ReadDir(dir)
	if len(des) != 2 {
		var names []string
		for _, de := range des {
			names = append(names, de.Name())
		}
		t.Errorf("left in the directory: %v", names)
	}
}

package floor

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunCountsDocs(t *testing.T) {
	lines := []string{
		`{"id": "a", "text": "the quick brown fox jumps over the lazy dog"}`,
		`{"id": "b", "text": "a short one"}`,
		``,
		`{"id": "c", "text": 42}`,
		`{"id": "d", "text": "five words make one shingle"}`,
	}
	var sb strings.Builder
	for range 300 { // more than one batch
		sb.WriteString(strings.Join(lines, "\n"))
		sb.WriteString("\n")
	}
	path := filepath.Join(t.TempDir(), "docs.jsonl")
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, workers := range []int{1, 3} {
		st, err := Run(context.Background(), []string{path}, workers)
		if err != nil {
			t.Fatal(err)
		}
		// Per repeat: a has 9 words (5 shingles), b 3 (1), d 5 (1); c has
		// no text and the blank line is no record.
		if st.Docs != 900 || st.Skipped != 300 || st.Shingles != 2100 {
			t.Errorf("workers=%d: docs %d, skipped %d, shingles %d; want 900, 300, 2100", workers, st.Docs, st.Skipped, st.Shingles)
		}
		if st.Checksum == 0 {
			t.Errorf("workers=%d: zero checksum", workers)
		}
	}
}

func TestRunMissingFile(t *testing.T) {
	if _, err := Run(context.Background(), []string{filepath.Join(t.TempDir(), "nope.jsonl")}, 2); err == nil {
		t.Fatal("no error for a missing file")
	}
}

func TestWordsAndShingles(t *testing.T) {
	for _, c := range []struct {
		text            string
		words, shingles int64
	}{
		{"", 0, 0},
		{" -- ", 0, 0},
		{"Hello, WORLD_x café-au-lait 3.5", 7, 3},
		{"ÉCOLE école", 2, 1},
		{"日本語 text", 2, 1},
	} {
		var (
			st Stats
			sh shingler
		)
		sh.add(&st, []byte(c.text))
		if st.Words != c.words || st.Shingles != c.shingles {
			t.Errorf("%q: %d words, %d shingles; want %d, %d", c.text, st.Words, st.Shingles, c.words, c.shingles)
		}
	}
	// Case does not change the shingles.
	var a, b Stats
	var sh shingler
	sh.add(&a, []byte("The Quick Brown Fox Jumps Over"))
	sh.add(&b, []byte("the quick brown fox jumps over"))
	if a.Checksum != b.Checksum {
		t.Error("case changed the shingle hashes")
	}
}

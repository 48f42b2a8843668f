package reuse

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRarity: at MinWords 5, a stock phrase of common words that a few
// unrelated texts share makes no link, while a phrase with uncommon words
// that two texts share does; with rarity off, the stock phrase links.
func TestRarity(t *testing.T) {
	dir := t.TempDir()
	common := strings.Fields("the a of and to in it was that for on with as is by at from has more than year said been so now")
	for i := range 1000 { // rarity counts at least rarityFloor texts
		var b strings.Builder
		// Filler of common words, different in every text, so that the
		// common words are common and the texts share no long run.
		for j := range 30 {
			fmt.Fprintf(&b, "%s w%dx%d ", common[(i*7+j*3)%len(common)], i, j)
		}
		switch i {
		case 3, 11, 19:
			b.WriteString(" it has been so for more than a year now. ")
		case 5, 23:
			b.WriteString(" the harbour pilots quarrelled over brackish moorings today. ")
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("t%02d.txt", i)), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pairs := func(rarity float64) map[string]bool {
		o := &Options{Rarity: rarity}
		o.Align.MinWords = 5
		got := map[string]bool{}
		for _, l := range run(t, []string{dir}, o) {
			got[l.A+"-"+l.B] = true
		}
		return got
	}
	on, off, perWord := pairs(0), pairs(-1), pairs(3.25)
	if !perWord["t05.txt-t23.txt"] || perWord["t03.txt-t11.txt"] {
		t.Errorf("rarity 3.25 bits a word: %v", perWord)
	}
	if !on["t05.txt-t23.txt"] {
		t.Errorf("rare phrase not linked: %v", on)
	}
	for _, p := range []string{"t03.txt-t11.txt", "t03.txt-t19.txt", "t11.txt-t19.txt"} {
		if on[p] {
			t.Errorf("stock phrase linked %s with rarity on", p)
		}
		if !off[p] {
			t.Errorf("stock phrase did not link %s with rarity off: the test shows nothing", p)
		}
	}
}

// TestChanceBits: the default need is 2·log2 N bits, N at least 1,000.
func TestChanceBits(t *testing.T) {
	for n, want := range map[int]float64{10: 19.93, 1000: 19.93, 1 << 14: 28, 23800: 29.08} {
		if got := ChanceBits(n); got < want-0.01 || got > want+0.01 {
			t.Errorf("ChanceBits(%d) = %.3f, want %.2f", n, got, want)
		}
	}
}

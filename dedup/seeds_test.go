package dedup

import (
	"context"
	"os"
	"strings"
	"testing"
)

// seedsDir is where the project's five real seed articles live beside the
// repository; the tests that read them skip when it is absent.
const seedsDir = "../../shared/seeds"

// TestSeeds: the HTML page (000) and the plain text (004) of one article
// form the only cluster; the wire original (001), the independent write-up
// (002) and the mash-up (003) stay alone.
func TestSeeds(t *testing.T) {
	if _, err := os.Stat(seedsDir); err != nil {
		t.Skipf("seed articles not found at %s", seedsDir)
	}
	res, err := Run(context.Background(), []string{seedsDir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rep := map[string]string{}
	for _, d := range res.Docs {
		rep[d.ID[:3]] = res.Docs[d.Rep].ID[:3]
	}
	if rep["004"] != "000" || rep["000"] != "000" {
		t.Errorf("000 and 004 are not one cluster: %v", rep)
	}
	for _, id := range []string{"001", "002", "003"} {
		if rep[id] != id {
			t.Errorf("%s joined %s's cluster", id, rep[id])
		}
	}
	for _, d := range res.Docs {
		if strings.HasPrefix(d.ID, "004") && d.Similarity < 0.9 {
			t.Errorf("000-004 similarity %.3f after extraction, want ≥ 0.9", d.Similarity)
		}
	}
}

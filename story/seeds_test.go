package story

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestSeedsStory: the five seed articles, mixed into BBC News and
// Reuters-21578, make one story with nothing else in it, and their
// duplicate cluster {000, 004} (the HTML page and its plain copy) is
// nested inside it. Skips without ../../shared.
func TestSeedsStory(t *testing.T) {
	seeds, _ := filepath.Glob("../../shared/seeds/0*.txt")
	bbc := "../../shared/corpora/bbc-news.jsonl.gz"
	reuters := "../../shared/corpora/reuters21578.jsonl.gz"
	for _, p := range []string{bbc, reuters} {
		if _, err := os.Stat(p); err != nil {
			t.Skip("shared corpora not available")
		}
	}
	if len(seeds) != 5 {
		t.Skip("seed articles not available")
	}
	if testing.Short() {
		t.Skip("reads 30 MB of corpora")
	}
	res, err := Run(context.Background(), append(slices.Clone(seeds), bbc, reuters), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Dedup.Close()
	isSeed := func(id string) bool { return strings.Contains(id, "/seeds/") }
	stories := map[int]bool{}
	for _, d := range res.Docs {
		if isSeed(d.ID) {
			stories[d.Story] = true
		}
	}
	if len(stories) != 1 {
		t.Fatalf("the seeds are in %d stories", len(stories))
	}
	for k := range stories {
		s := res.Stories[k]
		if s.Size != 5 {
			var others []string
			for _, d := range res.Docs {
				if d.Story == k && !isSeed(d.ID) {
					others = append(others, d.ID)
				}
			}
			t.Errorf("the seeds' story has %d documents; others: %v", s.Size, others)
		}
		if len(s.Clusters) != 1 || len(s.Clusters[0]) != 2 ||
			!strings.HasPrefix(filepath.Base(s.Clusters[0][0]), "000_") || !strings.HasPrefix(filepath.Base(s.Clusters[0][1]), "004_") {
			t.Errorf("nested duplicate clusters = %v, want {000, 004}", s.Clusters)
		}
		t.Logf("seeds story %s: size %d, labels %v, clusters %v", s.ID, s.Size, s.Labels, s.Clusters)
	}
}

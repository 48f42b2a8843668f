package report

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An HTML page saved with a .txt name is sniffed as HTML when decoded; the
// report must still show its extracted text.
func TestRunHTMLInTxt(t *testing.T) {
	dir := t.TempDir()
	body := "The harbour board voted on Tuesday to rebuild the old stone pier before the winter storms, " +
		"after engineers found cracks along its northern wall and warned that the next gale could close it for good."
	page := "<!DOCTYPE html><html><head><title>Pier</title></head><body><nav>Home | News</nav><article><p>" +
		body + "</p></article><footer>Subscribe now</footer></body></html>"
	for name, text := range map[string]string{"page.txt": page, "plain.txt": body} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	in, err := Run(context.Background(), []string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Clusters) != 1 {
		t.Fatalf("clusters = %+v, want the page and its plain copy together", in.Clusters)
	}
	if len(in.Docs) != 2 {
		t.Fatalf("the report holds %d documents, want 2", len(in.Docs))
	}
	for _, d := range in.Docs {
		if !strings.Contains(d.Text, "rebuild the old stone pier") {
			t.Errorf("%s: text %q lacks the article", d.ID, d.Text)
		}
	}
}

// Run groups the documents into stories: on the example corpus, the
// newspaper's article and its blog copy (one duplicate cluster) are in one
// story with the wire story they derive from, every cluster lies inside one
// story, and --no-stories leaves the rest of the report as it was.
func TestRunStories(t *testing.T) {
	ctx := context.Background()
	paths := []string{filepath.Join("..", "examples", "news")}
	in, err := Run(ctx, paths, nil)
	if err != nil {
		t.Fatal(err)
	}
	storyOf := map[string]int{}
	for k, s := range in.Stories {
		if len(s.Members) < 2 || len(s.Labels) == 0 {
			t.Errorf("story %d: %+v, want two members or more and labels", k, s)
		}
		for _, id := range s.Members {
			storyOf[id] = k + 1
		}
	}
	want := []string{"coastal-times-blog.html", "coastal-times.txt", "wire-original.txt"}
	for _, id := range want {
		if storyOf[id] == 0 || storyOf[id] != storyOf[want[0]] {
			t.Errorf("%s in story %d, want all of %v in one story: %+v", id, storyOf[id], want, in.Stories)
		}
	}
	for _, c := range in.Clusters {
		for _, m := range c.Members {
			if storyOf[m.ID] != storyOf[c.Keep] {
				t.Errorf("cluster of %s: member %s in another story", c.Keep, m.ID)
			}
		}
	}
	plain, err := Run(ctx, paths, &Options{NoStories: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(plain.Stories) != 0 || len(plain.Links) != len(in.Links) || len(plain.Clusters) != len(in.Clusters) {
		t.Errorf("--no-stories: %d stories, %d links, %d clusters; want 0, %d, %d",
			len(plain.Stories), len(plain.Links), len(plain.Clusters), len(in.Links), len(in.Clusters))
	}
}

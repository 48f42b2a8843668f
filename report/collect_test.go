package report

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rehashdev/rehash/dedup"
	"github.com/rehashdev/rehash/ingest"
)

// An HTML page saved with a .txt name is sniffed as HTML when decoded; the
// report must still find its text on the second read.
func TestLoadDocsHTMLInTxt(t *testing.T) {
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
	ctx := context.Background()
	res, err := dedup.Run(ctx, []string{dir}, &dedup.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer res.Close()
	clusters := Clusters(res)
	if len(clusters) != 1 {
		t.Fatalf("clusters = %+v, want the page and its plain copy together", clusters)
	}
	docs, err := LoadDocs(ctx, []string{dir}, &ingest.Options{}, res, clusters, Links(res, nil))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 {
		t.Fatalf("LoadDocs found %d documents, want 2", len(docs))
	}
	for _, d := range docs {
		if !strings.Contains(d.Text, "rebuild the old stone pier") {
			t.Errorf("%s: text %q lacks the article", d.ID, d.Text)
		}
	}
}

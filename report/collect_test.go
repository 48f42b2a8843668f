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

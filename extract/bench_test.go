package extract

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func BenchmarkHTML(b *testing.B) {
	for _, name := range []string{"fragment.html", "page.html"} {
		raw := readFixture(b, name)
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(raw)))
			for b.Loop() {
				if _, err := HTML(raw, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkHTMLCorpus runs HTML over every *.html file under the directory
// named by REHASH_HTML_DIR, and reports pages/s besides MB/s. It skips when
// the variable is unset. With REHASH_HTML_DUMP set to a directory it also
// writes each page's text there, for reading by hand.
func BenchmarkHTMLCorpus(b *testing.B) {
	dir := os.Getenv("REHASH_HTML_DIR")
	if dir == "" {
		b.Skip("REHASH_HTML_DIR not set")
	}
	var pages [][]byte
	var names []string
	total := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		pages, names = append(pages, raw), append(names, p)
		total += len(raw)
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if dump := os.Getenv("REHASH_HTML_DUMP"); dump != "" {
		for i, raw := range pages {
			res, err := HTML(raw, nil)
			if err != nil {
				continue
			}
			rel, _ := filepath.Rel(dir, names[i])
			out := filepath.Join(dump, strings.ReplaceAll(rel, "/", "__")+".txt")
			if err := os.WriteFile(out, res.Text, 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.SetBytes(int64(total))
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		for _, raw := range pages {
			if _, err := HTML(raw, nil); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(pages)*b.N)/time.Since(start).Seconds(), "pages/s")
}

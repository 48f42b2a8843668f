package report

import (
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkBrowserOpen measures how long headless Chromium takes to load a
// report and draw its first list: the report file named by
// $REHASH_REPORT_FILE (for example rehash report over the news corpora,
// docs/report.md), else a synthetic report of 5,000 links.
//
//	REHASH_REPORT_FILE=/tmp/news.html go test ./report -run '^$' -bench BrowserOpen -benchtime 3x
func BenchmarkBrowserOpen(b *testing.B) {
	page := os.Getenv("REHASH_REPORT_FILE")
	if page == "" {
		page = filepath.Join(b.TempDir(), "report.html")
		f, err := os.Create(page)
		if err != nil {
			b.Fatal(err)
		}
		if err := Write(f, syntheticInput(5000)); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
	abs, err := filepath.Abs(page)
	if err != nil {
		b.Fatal(err)
	}
	fi, err := os.Stat(abs)
	if err != nil {
		b.Fatal(err)
	}
	br := startBrowser(b, 1280, 800)
	u := (&url.URL{Scheme: "file", Path: abs}).String()
	b.SetBytes(fi.Size())
	var total time.Duration
	b.ResetTimer()
	for range b.N {
		br.call("Page.navigate", map[string]any{"url": "about:blank"}, nil)
		start := time.Now()
		br.call("Page.navigate", map[string]any{"url": u}, nil)
		for {
			var ready bool
			if err := br.evalErr(`document.documentElement.getAttribute('data-ready') === 'true'`, &ready); err == nil && ready {
				break
			}
			if time.Since(start) > 2*time.Minute {
				b.Fatal("the report did not draw itself in 2 minutes")
			}
			time.Sleep(10 * time.Millisecond)
		}
		total += time.Since(start)
	}
	b.ReportMetric(total.Seconds()*1000/float64(b.N), "ms-to-ready/op")
}

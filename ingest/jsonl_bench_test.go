package ingest

import (
	"bufio"
	"compress/gzip"
	"os"
	"testing"

	"github.com/rehashdev/rehash"
)

// BenchmarkDecodeJSONL decodes the first 2,000 posts of 20 Newsgroups
// (escaped newlines and quotes, mail headers), the hot path of dedup on
// JSON Lines; it skips when the corpus is absent.
func BenchmarkDecodeJSONL(b *testing.B) {
	f, err := os.Open("../../shared/corpora/20newsgroups.jsonl.gz")
	if err != nil {
		b.Skip("corpus not found")
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		b.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<24)
	var recs []*Record
	opts := (&Options{}).withDefaults()
	size := 0
	for len(recs) < 2000 && sc.Scan() {
		line := append([]byte(nil), sc.Bytes()...)
		size += len(line)
		recs = append(recs, &Record{Raw: line, Source: rehash.Source{Format: "jsonl"}, opts: opts, decode: decodeJSONL})
	}
	b.SetBytes(int64(size))
	for b.Loop() {
		for _, r := range recs {
			if _, err := r.Document(); err != nil {
				b.Fatal(err)
			}
		}
	}
}

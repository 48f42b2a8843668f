package pipeline

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/rehashdev/rehash/dedup"
	"github.com/rehashdev/rehash/signature"
)

// TestParquetSameAsCLI reads the generated corpus as Parquet (one input
// file of rows with id and text columns) and compares with the CLI.
func TestParquetSameAsCLI(t *testing.T) {
	type row struct {
		ID   string `parquet:"id"`
		Text string `parquet:"text"`
	}
	var rows []row
	for _, p := range corpus(t, 4)[:2] { // the plain JSON Lines parts
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var r row
			if json.Unmarshal(sc.Bytes(), &r) == nil && r.Text != "" {
				rows = append(rows, r)
			}
		}
		f.Close()
	}
	path := filepath.Join(t.TempDir(), "corpus.parquet")
	if err := parquet.WriteFile(path, rows); err != nil {
		t.Fatal(err)
	}
	o := dedup.Options{Params: signature.Params{Threshold: 0.7}, OnError: dedup.Skip}
	wantC, wantP, _ := cli(t, []string{path}, o)
	got, _ := run(t, &Options{Inputs: []string{path}, Output: t.TempDir(), Dedup: &o})
	compare(t, "clusters", got[KindClusters], wantC)
	compare(t, "pairs", got[KindPairs], wantP)
	if len(wantP) == 0 {
		t.Error("no pairs in the Parquet corpus: the test compares nothing")
	}
}

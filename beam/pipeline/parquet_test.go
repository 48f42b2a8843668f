package pipeline

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/rehashdev/rehash/dedup"
	"github.com/rehashdev/rehash/signature"
)

// parquetRow is the generated corpus as Parquet rows.
type parquetRow struct {
	ID   string `parquet:"id"`
	Text string `parquet:"text"`
}

// parquetCorpus writes the generated corpus's readable records as one
// Parquet file of id and text columns and returns its path and rows.
func parquetCorpus(t *testing.T, seed uint64) (string, []parquetRow) {
	t.Helper()
	var rows []parquetRow
	for _, p := range corpus(t, seed)[1:2] { // the plain JSON Lines part
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var r parquetRow
			if json.Unmarshal(sc.Bytes(), &r) == nil && r.Text != "" {
				rows = append(rows, r)
			}
		}
		f.Close()
	}
	// The part is a third of the corpus: repeat it, altered, so that
	// there are duplicates across its two halves too.
	for i, r := range rows[:len(rows)/2] {
		if i%3 == 0 {
			rows = append(rows, parquetRow{ID: r.ID + "-again", Text: r.Text})
		}
	}
	path := filepath.Join(t.TempDir(), "corpus.parquet")
	if err := parquet.WriteFile(path, rows); err != nil {
		t.Fatal(err)
	}
	return path, rows
}

// cliParquet runs the CLI's pipeline and returns its clusters, pairs and
// `--dedup-out x.parquet` file.
func cliParquet(t *testing.T, path string, o dedup.Options) (clusters, pairs, kept []byte) {
	t.Helper()
	return cliKept(t, []string{path}, o, (*dedup.Result).WriteKeptParquet)
}

// checkParquetKept compares the pipeline's Parquet dataset with the
// CLI's: the same rows, in the same order, and fewer than the input's.
func checkParquetKept(t *testing.T, got, want []byte, in int) {
	t.Helper()
	g, err := parquet.Read[parquetRow](bytes.NewReader(got), int64(len(got)))
	if err != nil {
		t.Fatalf("pipeline's Parquet dataset: %v", err)
	}
	w, err := parquet.Read[parquetRow](bytes.NewReader(want), int64(len(want)))
	if err != nil {
		t.Fatal(err)
	}
	if len(w) == 0 || len(w) >= in {
		t.Fatalf("CLI kept %d of %d rows: the test compares nothing", len(w), in)
	}
	if len(g) != len(w) {
		t.Fatalf("pipeline kept %d rows, CLI %d", len(g), len(w))
	}
	for i := range g {
		if g[i] != w[i] {
			t.Fatalf("row %d: pipeline %s, CLI %s", i, g[i].ID, w[i].ID)
		}
	}
	// The same rows through the same writer: the same bytes.
	if !bytes.Equal(got, want) {
		t.Errorf("same rows, but the files differ (%d and %d bytes)", len(got), len(want))
	}
}

// TestParquetSameAsCLI reads the generated corpus as Parquet (one input
// file of rows with id and text columns) and compares the clusters, pairs
// and the deduplicated dataset, written back as Parquet, with the CLI's.
func TestParquetSameAsCLI(t *testing.T) {
	path, rows := parquetCorpus(t, 4)
	o := dedup.Options{Params: signature.Params{Threshold: 0.7}, OnError: dedup.Skip}
	wantC, wantP, wantK := cliParquet(t, path, o)
	dir := t.TempDir()
	got, _ := run(t, &Options{Inputs: []string{path}, Output: dir, Dedup: &o, DedupOut: true})
	compare(t, "clusters", got[KindClusters], wantC)
	compare(t, "pairs", got[KindPairs], wantP)
	if len(wantP) == 0 {
		t.Error("no pairs in the Parquet corpus: the test compares nothing")
	}
	var k bytes.Buffer
	if err := CopyParquet(context.Background(), dir, &k); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "dedup-00000.parquet")); err != nil {
		t.Errorf("shard name: %v", err)
	}
	checkParquetKept(t, k.Bytes(), wantK, len(rows))
}

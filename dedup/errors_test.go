package dedup

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/signature"
)

const badJSONL = `{"id": "a", "text": "the quick brown fox jumps over the lazy dog again and again"}
{"id": "b", "text": "the quick brown fox jumps over the lazy dog again and again"}
{"id": "c", "text": 
{"id": "d"}
{"id": "e", "text": "   ...   "}
{"id": "f", "text": "a wholly different sentence about the harbour and its ferries"}
`

func writeFile(t *testing.T, name, data string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestOnErrorFail: the first bad record stops the run, and the error names
// the file and the line.
func TestOnErrorFail(t *testing.T) {
	p := writeFile(t, "bad.jsonl", badJSONL)
	_, err := Run(context.Background(), []string{p}, nil)
	var rerr *rehash.RecordError
	if !errors.As(err, &rerr) {
		t.Fatalf("err = %v, want a *rehash.RecordError", err)
	}
	if rerr.Reason != rehash.SkipMalformed || !strings.Contains(err.Error(), "bad.jsonl:3") {
		t.Errorf("err = %v, want malformed at bad.jsonl:3", err)
	}
}

// TestOnErrorSkip: bad records are counted by reason and nothing is lost:
// read = written + skipped.
func TestOnErrorSkip(t *testing.T) {
	p := writeFile(t, "bad.jsonl", badJSONL)
	res, err := Run(context.Background(), []string{p}, &Options{OnError: Skip})
	if err != nil {
		t.Fatal(err)
	}
	s := res.Stats
	want := map[rehash.SkipReason]int64{rehash.SkipMalformed: 1, rehash.SkipNoText: 1, rehash.SkipEmpty: 1}
	for r, n := range want {
		if s.Skipped[r] != n {
			t.Errorf("skipped %s = %d, want %d", r, s.Skipped[r], n)
		}
	}
	var skipped int64
	for _, n := range s.Skipped {
		skipped += n
	}
	if s.Read != 6 || s.Written != 3 || s.Read != s.Written+skipped {
		t.Errorf("read %d, written %d, skipped %d", s.Read, s.Written, skipped)
	}
	if len(res.Pairs) != 1 || !res.Pairs[0].Exact || res.Docs[1].Rep != 0 {
		t.Errorf("want a and b as exact duplicates, got pairs %+v", res.Pairs)
	}
	var sum bytes.Buffer
	s.Summary(&sum)
	for _, w := range []string{"read 6", "wrote 3", "skipped 3", "malformed 1", "no-text 1", "empty 1"} {
		if !strings.Contains(sum.String(), w) {
			t.Errorf("summary lacks %q:\n%s", w, sum.String())
		}
	}
}

// TestWriteKept: the deduplicated dataset is the kept records, byte for
// byte, in input order, whatever their formatting.
func TestWriteKept(t *testing.T) {
	in := "{\"id\":\"1\",  \"text\":\"Rain fell on the old town square all morning long\", \"extra\": [1,2]}\r\n" +
		"\n" +
		"{\"text\":\"rain fell on the old town square all morning long\",\"id\":\"2\"}\n" +
		"{\"id\":\"3\",\"text\":\"The council voted to close the bridge for repairs next spring\"}"
	p := writeFile(t, "in.jsonl", in)
	res, err := Run(context.Background(), []string{p}, &Options{KeepRaw: true})
	if err != nil {
		t.Fatal(err)
	}
	defer res.Close()
	var out bytes.Buffer
	if err := res.WriteKept(&out); err != nil {
		t.Fatal(err)
	}
	want := "{\"id\":\"1\",  \"text\":\"Rain fell on the old town square all morning long\", \"extra\": [1,2]}\n" +
		"{\"id\":\"3\",\"text\":\"The council voted to close the bridge for repairs next spring\"}\n"
	if out.String() != want {
		t.Errorf("kept records:\n%q\nwant\n%q", out.String(), want)
	}
	if err := res.Close(); err != nil {
		t.Error(err)
	}
	if err := res.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// TestStdinAndMissingID: "-" reads standard input, and a record without an
// id is named by its line.
func TestStdinAndMissingID(t *testing.T) {
	in := `{"text": "first line of a story about trains"}` + "\n" + `{"text": "second, different story about boats and rivers"}` + "\n"
	res, err := Run(context.Background(), []string{"-"}, &Options{Ingest: stdinOptions(in)})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Docs) != 2 || res.Docs[0].ID != "-:1" || res.Docs[1].ID != "-:2" {
		t.Errorf("docs = %+v", res.Docs)
	}
}

func TestInvalidOptions(t *testing.T) {
	for _, o := range []Options{{Params: signature.Params{Threshold: 1.5}}, {Params: signature.Params{Bands: 3}}, {Params: signature.Params{Bands: 20, Rows: 20}}, {OnError: "ignore"}, {Keep: "newest"}} {
		if _, err := Run(context.Background(), []string{"-"}, &o); err == nil {
			t.Errorf("options %+v accepted", o)
		}
	}
}

package index

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2"
	"github.com/rehashdev/rehash/signature"
)

// testdata/v2.idx is a format 2 store written by the code before package
// signature existed (the index analyzed through dedup then), from the
// documents in testdata/v2.docs.jsonl (generated words), at threshold 0.7
// with the clock fixed at fixtureTime. testdata/v2.answers.json holds what
// that code answered to a reuse search for each document.
var fixtureTime = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

type fixtureDoc struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

func fixtureDocs(t *testing.T) []fixtureDoc {
	t.Helper()
	f, err := os.Open("testdata/v2.docs.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var docs []fixtureDoc
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var d fixtureDoc
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	}
	return docs
}

// openFixture opens a copy of the v2 store, which Pebble may write to.
func openFixture(t *testing.T) *Index {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "v2.idx")
	if err := os.CopyFS(dir, os.DirFS("testdata/v2.idx")); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir, &Options{Now: func() time.Time { return fixtureTime }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

// A format 2 store opens, keeps its parameters, and answers as it did.
func TestFormat2Answers(t *testing.T) {
	ix := openFixture(t)
	want := signature.Params{Threshold: 0.7, Shingle: 5, Slots: 128, Seed: signature.DefaultSeed}
	want.EnsureDefaults()
	if p := ix.Params(); p.Params != want || p.Format != 2 {
		t.Fatalf("params %+v, want %+v format 2", p, want)
	}
	if err := ix.Check(context.Background()); err != nil {
		t.Fatal(err)
	}
	type answer struct {
		Query  string
		Result *Result
	}
	var answers []answer
	for _, d := range fixtureDocs(t) {
		res, err := ix.Search(context.Background(), []byte(d.Text), &QueryOptions{Reuse: true, ID: d.ID, Exclude: d.ID})
		if err != nil {
			t.Fatal(err)
		}
		answers = append(answers, answer{d.ID, res})
	}
	got, _ := json.MarshalIndent(answers, "", " ")
	old, err := os.ReadFile("testdata/v2.answers.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, old) {
		t.Errorf("answers differ from the format 2 code's (testdata/v2.answers.json)")
	}
}

// Adding the same documents today writes the same entries, byte for byte,
// as the code that wrote the format 2 store: band keys, anchors and
// shingle sets are unchanged.
func TestFormat2Entries(t *testing.T) {
	old := openFixture(t)
	dir := filepath.Join(t.TempDir(), "new.idx")
	ix, err := Open(dir, &Options{Params: signature.Params{Threshold: 0.7}, Now: func() time.Time { return fixtureTime }})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var add []Doc
	for _, d := range fixtureDocs(t) {
		add = append(add, Doc{ID: d.ID, Text: []byte(d.Text)})
	}
	if _, err := ix.Add(context.Background(), add...); err != nil {
		t.Fatal(err)
	}
	a, b := entries(t, old.db), entries(t, ix.db)
	if len(a) != len(b) || len(a) < len(add) {
		t.Fatalf("%d entries in the format 2 store, %d written now", len(a), len(b))
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || !bytes.Equal(v, w) {
			t.Errorf("entry %q differs", k)
		}
	}
}

func entries(t *testing.T, db *pebble.DB) map[string][]byte {
	t.Helper()
	it, err := db.NewIter(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer it.Close()
	m := map[string][]byte{}
	for it.First(); it.Valid(); it.Next() {
		v, err := it.ValueAndErr()
		if err != nil {
			t.Fatal(err)
		}
		m[string(it.Key())] = bytes.Clone(v)
	}
	return m
}

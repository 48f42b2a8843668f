package story

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rehashdev/rehash/dedup"
)

// The texts below are written for these tests: two events of one week
// (a flood in a made-up town, a chess final), a second flood in the same
// town four months later, and a copy of one report sent again a day late.
var corpus = []struct{ id, date, title, text string }{
	{"flood-1", "2031-03-02T08:00:00Z", "Riverton floods as the Dell bursts its banks",
		"The River Dell burst its banks at Riverton on Sunday night. Mayor Jane Okafor said four hundred homes in the Millbrook quarter were under water and the Harbour Road bridge was closed."},
	{"chess-1", "2031-03-02T09:00:00Z", "Lisbon final: Varga takes the first game",
		"Ilona Varga won the first game of the Lisbon chess final against Tomas Bergqvist, playing the Catalan and converting an endgame with an extra pawn after five hours."},
	{"flood-2", "2031-03-02T15:00:00Z", "Millbrook homes evacuated in Riverton",
		"Rescue crews took families from the Millbrook quarter of Riverton by boat. Okafor asked residents near the River Dell to leave before the next high water; the Harbour Road bridge stays shut."},
	{"chess-2", "2031-03-03T10:00:00Z", "Bergqvist levels the Lisbon match",
		"Tomas Bergqvist beat Ilona Varga in the second game in Lisbon, answering the Catalan with a sharp gambit. The chess final is level at one game each."},
	{"flood-3", "2031-03-03T12:00:00Z", "Dell recedes, Riverton counts the cost",
		"Water in the River Dell fell overnight. Okafor put the damage in Riverton at twelve million and said the Millbrook quarter would need months of repairs; Harbour Road reopened."},
	{"flood-1-again", "2031-03-03T13:00:00Z", "Riverton floods as the Dell bursts its banks",
		"The River Dell burst its banks at Riverton on Sunday night. Mayor Jane Okafor said four hundred homes in the Millbrook quarter were under water and the Harbour Road bridge was closed."},
	{"chess-3", "2031-03-04T18:00:00Z", "Varga wins Lisbon final in a rapid tiebreak",
		"Ilona Varga took the Lisbon chess final from Tomas Bergqvist in a rapid tiebreak, winning with the Catalan again after the classical games ended level."},
	{"flood-later", "2031-07-10T08:00:00Z", "Riverton under water again as the Dell rises",
		"The River Dell burst its banks at Riverton again. Mayor Jane Okafor said homes in the Millbrook quarter were flooded and the Harbour Road bridge was closed."},
}

// fillerWords make the background texts that give idf a corpus to stand
// on: without them, the town's name in five of eight texts would weigh
// almost nothing.
var fillerWords = strings.Fields(`market council school weather season garden music railway
museum theatre election hospital budget harvest festival airport library factory river
mountain village teacher doctor farmer artist engineer student driver painter sailor
baker tailor miner pilot nurse writer singer dancer runner swimmer climber keeper
orange silver purple yellow copper marble cotton leather timber granite crystal velvet
morning evening winter summer autumn spring weekend holiday midnight sunrise`)

func filler(r *rand.Rand, n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = fillerWords[r.IntN(len(fillerWords))]
	}
	return strings.Join(w, " ")
}

func writeCorpus(t *testing.T) string {
	t.Helper()
	var b bytes.Buffer
	r := rand.New(rand.NewPCG(1, 1))
	for i := range 60 {
		date := time.Date(2031, 3, 1+i%5, i%24, 0, 0, 0, time.UTC).Format(time.RFC3339)
		line, _ := json.Marshal(map[string]string{"id": fmt.Sprintf("other-%02d", i), "date": date, "title": filler(r, 5), "text": filler(r, 40)})
		b.Write(line)
		b.WriteByte('\n')
	}
	for _, d := range corpus {
		line, _ := json.Marshal(map[string]string{"id": d.id, "date": d.date, "title": d.title, "text": d.text, "site": "example." + strings.Split(d.id, "-")[0]})
		b.Write(line)
		b.WriteByte('\n')
	}
	path := filepath.Join(t.TempDir(), "news.jsonl")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func storyOf(res *Result) map[string]string {
	m := map[string]string{}
	for _, d := range res.Docs {
		m[d.ID] = res.Stories[d.Story].ID
	}
	return m
}

func TestRunStories(t *testing.T) {
	path := writeCorpus(t)
	res, err := Run(context.Background(), []string{path}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Dedup.Close()
	got := storyOf(res)
	want := map[string]string{
		"flood-1": "flood-1", "flood-2": "flood-1", "flood-3": "flood-1", "flood-1-again": "flood-1",
		"chess-1": "chess-1", "chess-2": "chess-1", "chess-3": "chess-1",
		"flood-later": "flood-later",
	}
	for id, s := range want {
		if got[id] != s {
			t.Errorf("%s is in story %q, want %q (all: %v)", id, got[id], s, got)
		}
	}
	var flood *Summary
	for i := range res.Stories {
		if res.Stories[i].ID == "flood-1" {
			flood = &res.Stories[i]
		}
	}
	if flood == nil {
		t.Fatal("no flood-1 story")
	}
	if flood.Size != 4 || flood.First != "2031-03-02T08:00:00Z" || flood.Last != "2031-03-03T13:00:00Z" || flood.Earliest != "flood-1" {
		t.Errorf("flood story = %+v", flood)
	}
	if !slices.Equal(flood.Sites, []string{"example.flood"}) {
		t.Errorf("sites = %v", flood.Sites)
	}
	if len(flood.Clusters) != 1 || !slices.Equal(flood.Clusters[0], []string{"flood-1", "flood-1-again"}) {
		t.Errorf("nested duplicate clusters = %v", flood.Clusters)
	}
	for _, st := range res.Stories {
		if st.ID == "chess-1" && st.Size != 3 {
			t.Errorf("chess story has %d documents, want 3", st.Size)
		}
	}
	if !slices.Contains(flood.Labels, "riverton") {
		t.Errorf("labels %v lack riverton", flood.Labels)
	}
}

// TestWindow: the later flood shares most of its words with the first
// one, and only the window keeps it out: with a year's window it joins.
func TestWindow(t *testing.T) {
	path := writeCorpus(t)
	res, err := Run(context.Background(), []string{path}, &Batch{Story: &Options{Window: 365 * 24 * time.Hour}})
	if err != nil {
		t.Fatal(err)
	}
	defer res.Dedup.Close()
	if s := storyOf(res)["flood-later"]; s != "flood-1" {
		t.Errorf("with a year's window flood-later is in %q, want flood-1", s)
	}
}

// TestCopyFollowsOriginal: a copy is placed with its original even when
// the threshold is so high that no two distinct texts ever join.
func TestCopyFollowsOriginal(t *testing.T) {
	path := writeCorpus(t)
	res, err := Run(context.Background(), []string{path}, &Batch{Story: &Options{Threshold: 1}})
	if err != nil {
		t.Fatal(err)
	}
	defer res.Dedup.Close()
	got := storyOf(res)
	if got["flood-1-again"] != got["flood-1"] {
		t.Errorf("copy in %q, original in %q", got["flood-1-again"], got["flood-1"])
	}
	if got["flood-2"] == got["flood-1"] {
		t.Errorf("at threshold 1 flood-2 joined flood-1")
	}
}

// TestDeterministic: the same output with one worker and with eight.
func TestDeterministic(t *testing.T) {
	path := writeCorpus(t)
	var outs [2]bytes.Buffer
	for k, workers := range []int{1, 8} {
		res, err := Run(context.Background(), []string{path}, &Batch{Dedup: &dedup.Options{Workers: workers}})
		if err != nil {
			t.Fatal(err)
		}
		if err := res.WriteDocs(&outs[k]); err != nil {
			t.Fatal(err)
		}
		if err := res.WriteStories(&outs[k]); err != nil {
			t.Fatal(err)
		}
		res.Dedup.Close()
	}
	if outs[0].String() != outs[1].String() {
		t.Errorf("output differs with the worker count:\n%s\n---\n%s", outs[0].String(), outs[1].String())
	}
}

func TestOptionsValidate(t *testing.T) {
	if _, err := NewClusterer(&Options{Threshold: 1.5}, nil); err == nil {
		t.Error("threshold 1.5 accepted")
	}
	if _, err := Run(context.Background(), nil, &Batch{Story: &Options{Window: -time.Hour}}); err == nil {
		t.Error("negative window accepted")
	}
}

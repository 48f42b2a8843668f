package index

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rehashdev/rehash"
)

// The news below is written for these tests: a flood in a made-up town
// over two days, a chess final in the same days, and a second flood in the
// town four months later.
var storyNews = []struct{ id, date, title, text string }{
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
	{"flood-later", "2031-07-10T08:00:00Z", "Riverton under water again as the Dell rises",
		"The River Dell burst its banks at Riverton again. Mayor Jane Okafor said homes in the Millbrook quarter were flooded and the Harbour Road bridge was closed."},
}

var storyFiller = strings.Fields(`market council school weather season garden music railway
museum theatre election hospital budget harvest festival airport library factory
mountain village teacher doctor farmer artist engineer student driver painter sailor
baker tailor miner pilot nurse writer singer dancer runner swimmer climber keeper
orange silver purple yellow copper marble cotton leather timber granite crystal velvet`)

func fillerText(r *rand.Rand, n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = storyFiller[r.IntN(len(storyFiller))]
	}
	return strings.Join(w, " ")
}

func addNews(t *testing.T, ix *Index, id, date, title, text string) {
	t.Helper()
	res, err := ix.Add(context.Background(), Doc{ID: id, Text: []byte(text), Meta: rehash.Meta{Title: title, Date: date}})
	if err != nil || res[0].Status != Added {
		t.Fatalf("add %s: %+v %v", id, res, err)
	}
}

func storyID(t *testing.T, ix *Index, id string) int64 {
	t.Helper()
	s, err := ix.StoryOf(id)
	if err != nil {
		t.Fatalf("story of %s: %v", id, err)
	}
	return s.ID
}

func TestStories(t *testing.T) {
	ix, dir := openTemp(t, &Options{Stories: true})
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 40 {
		date := time.Date(2031, 3, 1, i%24, 0, 0, 0, time.UTC).Format(time.RFC3339)
		addNews(t, ix, fmt.Sprintf("other-%02d", i), date, fillerText(r, 5), fillerText(r, 40))
	}
	for _, d := range storyNews[:4] {
		addNews(t, ix, d.id, d.date, d.title, d.text)
	}
	flood, chess := storyID(t, ix, "flood-1"), storyID(t, ix, "chess-1")
	if flood == chess || storyID(t, ix, "flood-2") != flood || storyID(t, ix, "chess-2") != chess {
		t.Fatalf("flood %d, %d; chess %d, %d", flood, storyID(t, ix, "flood-2"), chess, storyID(t, ix, "chess-2"))
	}

	// The open stories survive a reopen: the next report joins its story.
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir, &Options{Stories: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	d := storyNews[4]
	addNews(t, ix, d.id, d.date, d.title, d.text)
	if got := storyID(t, ix, "flood-3"); got != flood {
		t.Fatalf("after reopen flood-3 is in story %d, want %d", got, flood)
	}
	ids, more, err := ix.StoryMembers(flood, 0)
	if err != nil || more || !slices.Equal(ids, []string{"flood-1", "flood-2", "flood-3"}) {
		t.Fatalf("members %v %v %v", ids, more, err)
	}
	if ids, more, _ := ix.StoryMembers(flood, 2); len(ids) != 2 || !more {
		t.Fatalf("two members: %v %v", ids, more)
	}
	s, err := ix.Story(flood)
	if err != nil || s.Size != 3 || s.Earliest != "flood-1" || !slices.Contains(s.Labels, "riverton") {
		t.Fatalf("story %+v %v", s, err)
	}
	// Four months later the same town floods again: a story of its own.
	d = storyNews[5]
	addNews(t, ix, d.id, d.date, d.title, d.text)
	later := storyID(t, ix, "flood-later")
	if later == flood {
		t.Fatalf("a flood four months later joined the first flood's story")
	}
	recent, err := ix.RecentStories(2)
	if err != nil || len(recent) != 2 || recent[0].ID != later || recent[1].ID != flood {
		t.Fatalf("recent %+v %v", recent, err)
	}
	if _, err := ix.StoryOf("nope"); err == nil {
		t.Fatal("story of an unknown document")
	}
}

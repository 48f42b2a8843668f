package story

import (
	"slices"
	"testing"
	"time"
)

func vec(terms ...uint64) Vector {
	v := Vector{Terms: slices.Sorted(slices.Values(terms))}
	w := float32(1 / sqrt(float64(len(terms))))
	for range terms {
		v.Weights = append(v.Weights, w)
	}
	return v
}

func sqrt(x float64) float64 {
	z := x
	for range 30 {
		z = (z + x/z) / 2
	}
	return z
}

// TestClustererBoundedByOpenStories: a stream of a day's stories, day
// after day, keeps only the stories of the last window open, hands every
// closed one over, and never compares across the window.
func TestClustererBoundedByOpenStories(t *testing.T) {
	var closed []*Story
	c, err := NewClusterer(&Options{Threshold: 0.5, Window: 24 * time.Hour}, func(s *Story) { closed = append(closed, s) })
	if err != nil {
		t.Fatal(err)
	}
	maxOpen := 0
	const days, perDay = 30, 20
	for d := range days {
		for k := range perDay {
			// The same three terms every day for story k: only the window
			// tells the days apart.
			base := uint64(k * 10)
			s := c.Add(Item{Time: int64(d * 86400 * 2), Vec: vec(base+1, base+2, base+3), Members: []int{d*perDay + k}})
			if s.First != int64(d*86400*2) {
				t.Fatalf("day %d story %d joined a story from %d", d, k, s.First)
			}
		}
		maxOpen = max(maxOpen, c.Open())
	}
	c.Finish()
	if maxOpen > perDay {
		t.Errorf("%d stories open at once, want at most %d", maxOpen, perDay)
	}
	if len(closed) != days*perDay {
		t.Errorf("%d stories closed, want %d", len(closed), days*perDay)
	}
	for _, s := range closed {
		if len(s.Members) != 1 || len(s.Labels) != 3 {
			t.Fatalf("story %+v", s)
		}
	}
}

// TestClustererJoinsAndMerges: an item joins the story it is closest to;
// two stories that a later item links are merged into the older.
func TestClustererJoinsAndMerges(t *testing.T) {
	c, _ := NewClusterer(&Options{Threshold: 0.6, Window: time.Hour}, nil)
	a := c.Add(Item{Time: 0, Vec: vec(1, 2, 3, 4), Members: []int{0}})
	// Cosine 0.5 with a: a story of its own.
	b := c.Add(Item{Time: 1, Vec: vec(3, 4, 5, 6), Members: []int{1}})
	if a == b {
		t.Fatal("b joined a below the threshold")
	}
	// Cosine 0.82 with both: it joins a (the older, on a tie), and then
	// a's centroid has cosine 0.69 with b's: they merge.
	s := c.Add(Item{Time: 2, Vec: vec(1, 2, 3, 4, 5, 6), Members: []int{2}})
	if s != a {
		t.Fatalf("linking item ended in story %d, want %d", s.ID, a.ID)
	}
	if c.Open() != 1 || !slices.Equal(slices.Sorted(slices.Values(a.Members)), []int{0, 1, 2}) || a.Items != 3 {
		t.Fatalf("after the link: %d open, a = %+v", c.Open(), a)
	}
	// An unrelated item starts a new story.
	if n := c.Add(Item{Time: 3, Vec: vec(7, 8, 9), Members: []int{3}}); n == a {
		t.Fatal("unrelated item joined")
	}
}

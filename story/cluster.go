package story

import (
	"cmp"
	"container/heap"
	"math"
	"slices"
)

// Item is what a Clusterer places in a story: one document, or a group of
// copies of one text placed as a unit so that a copy always ends up in its
// original's story.
type Item struct {
	// Time is when the item was published, in seconds; items must come in
	// non-decreasing Time.
	Time int64
	// Vec is the item's unit term vector.
	Vec Vector
	// Members are the caller's numbers for the documents the item stands
	// for, handed back in Story.Members.
	Members []int
}

// Story is a group of items about one event.
type Story struct {
	// ID numbers stories in the order they were started, from 0.
	ID int
	// First and Last are the times of the story's first and last items.
	First, Last int64
	// Items is how many items joined the story.
	Items int
	// Members are the members of its items, in the order they joined.
	Members []int
	// Labels are the story's highest-weighted centroid terms, heaviest
	// first, set when the story is closed.
	Labels []uint64

	sum    centroid // the sum of its items' vectors
	norm   float64  // the sum's length
	posted []uint64 // terms under which the story is in the index
	seen   uint64   // the Clusterer's visit stamp when last a candidate
	// revisit is the size at which to repost the story and look for a
	// merge next.
	revisit int
}

// Clusterer groups a time-ordered stream of items into stories, online:
// each item joins the open story it is most similar to (its mean cosine
// with the story's items), if that similarity reaches Options.Threshold,
// or starts a story of its own.
// A story closes when the stream moves more than Options.Window past its
// last item; it is then handed to the OnClose function and forgotten, so
// memory is bounded by the open stories (each holds at most 2·StoryTerms
// centroid terms and its member numbers), not by the stream.
//
// Candidate stories are found through an inverted index from each open
// story's IndexTerms heaviest centroid terms to the story, never by
// comparing with every story: an item is compared with the stories that
// have one of its IndexTerms heaviest terms among their heaviest.
//
// Cost per item: O(I·P + C·T) map operations for its I heaviest terms,
// posting lists of length P, C candidate stories and T item terms, plus
// O(S log S) for the S centroid terms of the story it joins. The output depends only on the order of the
// items: ties go to the story started first.
type Clusterer struct {
	o       Options
	OnClose func(*Story)
	// OnMerge, if set, is called when story from is merged into story
	// into (from is then no longer open), for callers that keep stories
	// outside the clusterer (package index).
	OnMerge  func(into, from *Story)
	open     map[int]*Story
	byLast   lastHeap
	postings map[uint64][]*Story
	next     int
	now      int64
	visit    uint64 // stamps the stories seen while placing one item
	join     [1024]float64
	near     []near // the current item's candidate stories
}

// near is a candidate story and its similarity to the current item.
type near struct {
	s   *Story
	sim float64
}

// mergeCandidates is how many of the stories most similar to an item are
// tried for a merge with the story it joined.
const mergeCandidates = 8

// NewClusterer returns a clusterer with the given options (nil: the
// defaults) that hands closed stories to onClose.
func NewClusterer(opts *Options, onClose func(*Story)) (*Clusterer, error) {
	o := opts.withDefaults()
	if err := o.validate(); err != nil {
		return nil, err
	}
	return &Clusterer{o: o, OnClose: onClose, open: map[int]*Story{}, postings: map[uint64][]*Story{}}, nil
}

// Open returns the number of open stories.
func (c *Clusterer) Open() int { return len(c.open) }

// Add places an item and returns the story it joined or started.
func (c *Clusterer) Add(it Item) *Story {
	if it.Time > c.now {
		c.now = it.Time
	}
	c.expire(c.now - int64(c.o.Window.Seconds()))

	c.visit++
	c.near = c.near[:0]
	var best *Story
	bestSim := -1.0
	for _, t := range heaviest(it.Vec, c.o.IndexTerms) {
		for _, s := range c.postings[t] {
			if s.seen == c.visit {
				continue
			}
			s.seen = c.visit
			sim := s.similarity(it.Vec)
			if sim > 0 {
				c.near = append(c.near, near{s, sim})
			}
			if sim < c.threshold(1, s.Items) {
				continue
			}
			if sim > bestSim || (sim == bestSim && s.ID < best.ID) {
				best, bestSim = s, sim
			}
		}
	}
	if best == nil {
		best = &Story{ID: c.next, First: it.Time, Last: it.Time, sum: newCentroid()}
		c.next++
		c.open[best.ID] = best
	}
	best.Items++
	best.Members = append(best.Members, it.Members...)
	if it.Time > best.Last {
		best.Last = it.Time
	}
	heap.Push(&c.byLast, lastEntry{best.Last, best.ID})
	best.sum.add(it.Vec)
	if len(best.sum.terms) > 2*c.o.StoryTerms {
		best.sum.prune(c.o.StoryTerms)
	}
	best.norm = best.sum.norm()
	// A story's heaviest terms, and so its postings and its likely
	// merges, change slowly once it is large: they are revisited each time
	// it grows by an eighth, which keeps the cost per item O(S) rather
	// than O(S log S) plus a merge search.
	if best.Items < best.revisit {
		return best
	}
	c.repost(best)
	return c.merge(best)
}

// threshold is the similarity two stories of n and m items (an item is a
// story of one) must reach to join.
//
// With a measured null it is the null's threshold for the two sizes, but
// never below Options.Floor: the null tells related from unrelated
// documents, and documents on one topic (two earthquakes, two posts of
// one newsgroup) are related well above chance; what tells one event
// from another of its kind is sharing a fair part of the weight, names
// and places most of all (docs/design.md, "Stories").
func (c *Clusterer) threshold(n, m int) float64 {
	if c.o.Null == nil {
		return c.o.Threshold
	}
	if n == 1 && m < len(c.join) {
		// The threshold for an item joining a story of m items is looked
		// up once per candidate: remembered, not interpolated each time.
		if c.join[m] == 0 {
			c.join[m] = max(c.o.Null.At(1, m), c.o.Floor)
		}
		return c.join[m]
	}
	return max(c.o.Null.At(n, m), c.o.Floor)
}

// merge joins s with the open story most similar to it, if their
// centroids' cosine reaches the threshold: the same test as for an item,
// applied to two stories that turned out to be about one event (the
// first reports of an event can share too few words to join, and its
// later reports link them). The older story absorbs the younger. It
// returns the surviving story.
func (c *Clusterer) merge(s *Story) *Story {
	// The candidates are the stories most similar to the item that just
	// joined s: a story that should merge with s is one the item links it
	// to. Looking no further keeps a merge search to mergeCandidates
	// centroid comparisons, where searching s's posted terms cost as much
	// as placing the item several times over.
	slices.SortFunc(c.near, func(a, b near) int {
		if x := cmp.Compare(b.sim, a.sim); x != 0 {
			return x
		}
		return cmp.Compare(a.s.ID, b.s.ID)
	})
	var best *Story
	bestSim := -1.0
	n := 0
	for _, x := range c.near {
		o := x.s
		if o == s {
			continue
		}
		if n++; n > mergeCandidates {
			break
		}
		sim := o.centroidCosine(s)
		if sim < c.threshold(s.Items, o.Items) {
			continue
		}
		if sim > bestSim || (sim == bestSim && o.ID < best.ID) {
			best, bestSim = o, sim
		}
	}
	if best == nil {
		return s
	}
	old, young := best, s
	if young.ID < old.ID {
		old, young = young, old
	}
	for _, t := range young.posted {
		c.unpost(t, young)
	}
	delete(c.open, young.ID)
	old.Items += young.Items
	old.Members = append(old.Members, young.Members...)
	old.First = min(old.First, young.First)
	old.Last = max(old.Last, young.Last)
	for i, t := range young.sum.terms {
		old.sum.addTerm(t, young.sum.w[i])
	}
	if len(old.sum.terms) > 2*c.o.StoryTerms {
		old.sum.prune(c.o.StoryTerms)
	}
	old.norm = old.sum.norm()
	heap.Push(&c.byLast, lastEntry{old.Last, old.ID})
	c.repost(old)
	if c.OnMerge != nil {
		c.OnMerge(old, young)
	}
	return old
}

// centroidCosine is the cosine of two stories' centroids.
func (s *Story) centroidCosine(o *Story) float64 {
	if s.norm == 0 || o.norm == 0 {
		return 0
	}
	a, b := s, o
	if len(b.sum.terms) < len(a.sum.terms) {
		a, b = b, a
	}
	var dot float64
	for i, t := range a.sum.terms {
		if k := b.sum.find(t); k >= 0 {
			dot += a.sum.w[i] * b.sum.w[k]
		}
	}
	return dot / (s.norm * o.norm)
}

// Finish closes every open story, in the order they were started.
func (c *Clusterer) Finish() {
	ids := make([]int, 0, len(c.open))
	for id := range c.open {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		c.close(c.open[id])
	}
	c.byLast = c.byLast[:0]
}

// expire closes the stories whose last item is before cutoff.
func (c *Clusterer) expire(cutoff int64) {
	for len(c.byLast) > 0 && c.byLast[0].last < cutoff {
		e := heap.Pop(&c.byLast).(lastEntry)
		s := c.open[e.id]
		if s == nil || s.Last != e.last {
			continue // a stale entry: the story has moved on, or closed
		}
		c.close(s)
	}
}

func (c *Clusterer) close(s *Story) {
	for _, t := range s.posted {
		c.unpost(t, s)
	}
	delete(c.open, s.ID)
	s.Labels = s.sum.top(c.o.Labels)
	s.sum, s.posted = centroid{}, nil
	if c.OnClose != nil {
		c.OnClose(s)
	}
}

// repost posts the story in the index under its IndexTerms heaviest
// terms, and schedules the next visit.
func (c *Clusterer) repost(s *Story) {
	s.revisit = s.Items + max(1, s.Items/8)
	want := s.sum.top(c.o.IndexTerms)
	slices.Sort(want)
	for _, t := range s.posted {
		if _, ok := slices.BinarySearch(want, t); !ok {
			c.unpost(t, s)
		}
	}
	for _, t := range want {
		if _, ok := slices.BinarySearch(s.posted, t); !ok {
			c.postings[t] = append(c.postings[t], s)
		}
	}
	s.posted = want
}

func (c *Clusterer) unpost(t uint64, s *Story) {
	p := c.postings[t]
	if i := slices.Index(p, s); i >= 0 {
		p[i] = p[len(p)-1]
		p = p[:len(p)-1]
	}
	if len(p) == 0 {
		delete(c.postings, t)
	} else {
		c.postings[t] = p
	}
}

// similarity is the cosine of a unit vector with the story's centroid
// (the sum of its items' vectors). For a story of n items whose mean
// pairwise similarity is r, that is the item's mean similarity to the
// story's items times sqrt(n/(1+(n-1)r)): the mean scaled by the square
// root of the story's effective number of independent items, as a test
// of whether a mean is above chance scales it by its standard error. So
// comparing it with a threshold measured on pairs of single documents
// (threshold.go) asks whether the item is related to the story beyond
// chance, with more evidence demanded of small stories than of large
// ones, and more of tight stories than of loose ones.
func (s *Story) similarity(v Vector) float64 {
	if s.norm == 0 {
		return 0
	}
	var dot float64
	for i, t := range v.Terms {
		if k := s.sum.find(t); k >= 0 {
			dot += float64(v.Weights[i]) * s.sum.w[k]
		}
	}
	return dot / s.norm
}

func (c *centroid) norm() float64 {
	var s float64
	for _, w := range c.w {
		s += w * w
	}
	return math.Sqrt(s)
}

// heaviest returns the n highest-weighted terms of v (ties by term).
func heaviest(v Vector, n int) []uint64 {
	if len(v.Terms) <= n {
		return v.Terms
	}
	ws := make([]termWeight, len(v.Terms))
	for i, t := range v.Terms {
		ws[i] = termWeight{t, float64(v.Weights[i])}
	}
	ws = heaviestN(ws, n)
	out := make([]uint64, n)
	for i := range out {
		out[i] = ws[i].t
	}
	return out
}

type termWeight struct {
	t uint64
	w float64
}

// heaviestN returns the n heaviest of ws, heaviest first (ties by term),
// reordering ws. It selects before it sorts: O(len(ws) + n log n).
func heaviestN(ws []termWeight, n int) []termWeight {
	if len(ws) > n {
		selectHeaviest(ws, n)
		ws = ws[:n]
	}
	sortByWeight(ws)
	return ws
}

// selectHeaviest moves the n heaviest of ws to its front, in no order
// (quickselect, with the middle element as pivot).
func selectHeaviest(ws []termWeight, n int) {
	lo, hi := 0, len(ws)-1
	heavier := func(a, b termWeight) bool { return a.w > b.w || (a.w == b.w && a.t < b.t) }
	for lo < hi {
		p := ws[(lo+hi)/2]
		i, j := lo, hi
		for i <= j {
			for heavier(ws[i], p) {
				i++
			}
			for heavier(p, ws[j]) {
				j--
			}
			if i <= j {
				ws[i], ws[j] = ws[j], ws[i]
				i++
				j--
			}
		}
		switch {
		case n-1 <= j:
			hi = j
		case n-1 >= i:
			lo = i
		default:
			return
		}
	}
}

// sortByWeight sorts heaviest first, ties by term, so that the order is
// the same in every run.
func sortByWeight(ws []termWeight) {
	slices.SortFunc(ws, func(a, b termWeight) int {
		if c := cmp.Compare(b.w, a.w); c != 0 {
			return c
		}
		return cmp.Compare(a.t, b.t)
	})
}

// centroid is a sparse sum of vectors: terms in the order first added,
// with an open-addressing table to find them. Terms are already hashes,
// so the table takes their low bits as the slot and does not hash again:
// finding a term is the innermost step of placing a document (once per
// term per candidate story), and a Go map spent most of its time there
// hashing and probing.
type centroid struct {
	slots []int32 // index+1 into terms, 0 empty; len a power of two
	terms []uint64
	w     []float64
}

func newCentroid() centroid { return centroid{slots: make([]int32, 64)} }

// find returns the index of t in terms, or -1.
func (c *centroid) find(t uint64) int {
	mask := uint64(len(c.slots) - 1)
	for h := t & mask; ; h = (h + 1) & mask {
		k := c.slots[h]
		if k == 0 {
			return -1
		}
		if c.terms[k-1] == t {
			return int(k - 1)
		}
	}
}

func (c *centroid) add(v Vector) {
	for i, t := range v.Terms {
		c.addTerm(t, float64(v.Weights[i]))
	}
}

func (c *centroid) addTerm(t uint64, w float64) {
	if k := c.find(t); k >= 0 {
		c.w[k] += w
		return
	}
	c.terms = append(c.terms, t)
	c.w = append(c.w, w)
	// At most half full, so probes stay short.
	if 2*len(c.terms) > len(c.slots) {
		c.rehash(4 * len(c.slots))
		return
	}
	c.place(len(c.terms) - 1)
}

func (c *centroid) place(k int) {
	mask := uint64(len(c.slots) - 1)
	h := c.terms[k] & mask
	for c.slots[h] != 0 {
		h = (h + 1) & mask
	}
	c.slots[h] = int32(k + 1)
}

func (c *centroid) rehash(size int) {
	if cap(c.slots) >= size {
		c.slots = c.slots[:size]
		clear(c.slots)
	} else {
		c.slots = make([]int32, size)
	}
	for k := range c.terms {
		c.place(k)
	}
}

// top returns the n heaviest terms, heaviest first.
func (c *centroid) top(n int) []uint64 {
	ws := make([]termWeight, len(c.terms))
	for i, t := range c.terms {
		ws[i] = termWeight{t, c.w[i]}
	}
	ws = heaviestN(ws, n)
	out := make([]uint64, len(ws))
	for i, x := range ws {
		out[i] = x.t
	}
	return out
}

// prune keeps the n heaviest terms. The dropped terms weigh little in
// the sum; dropping them bounds a story's memory whatever its size.
func (c *centroid) prune(n int) {
	ws := make([]termWeight, len(c.terms))
	for i, t := range c.terms {
		ws[i] = termWeight{t, c.w[i]}
	}
	// Which terms survive matters, not their order: select, don't sort.
	selectHeaviest(ws, n)
	c.terms, c.w = c.terms[:0], c.w[:0]
	for _, x := range ws[:n] {
		c.terms = append(c.terms, x.t)
		c.w = append(c.w, x.w)
	}
	c.rehash(len(c.slots))
}

// lastHeap orders open stories by the time of their last item, then id;
// an entry is stale once its story has a later item.
type lastEntry struct {
	last int64
	id   int
}

type lastHeap []lastEntry

func (h lastHeap) Len() int { return len(h) }
func (h lastHeap) Less(i, j int) bool {
	if h[i].last != h[j].last {
		return h[i].last < h[j].last
	}
	return h[i].id < h[j].id
}
func (h lastHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *lastHeap) Push(x any)   { *h = append(*h, x.(lastEntry)) }
func (h *lastHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// State is what a caller needs to keep an open story across processes:
// its counts, times and centroid (package index stores it).
type State struct {
	ID          int
	First, Last int64
	Items       int
	Terms       []uint64
	Weights     []float64
}

// State returns the story's state, its centroid terms in the order kept.
func (s *Story) State() State {
	return State{ID: s.ID, First: s.First, Last: s.Last, Items: s.Items,
		Terms: slices.Clone(s.sum.terms), Weights: slices.Clone(s.sum.w)}
}

// TopTerms returns the story's n heaviest centroid terms, heaviest first
// (its labels, while it is open).
func (s *Story) TopTerms(n int) []uint64 { return s.sum.top(n) }

// Restore opens a story from a State, as it was when the state was taken,
// and makes later stories number after it. The story's members are not
// restored.
func (c *Clusterer) Restore(st State) *Story {
	s := &Story{ID: st.ID, First: st.First, Last: st.Last, Items: st.Items, sum: newCentroid()}
	for i, t := range st.Terms {
		s.sum.addTerm(t, st.Weights[i])
	}
	s.norm = s.sum.norm()
	c.open[s.ID] = s
	c.next = max(c.next, s.ID+1)
	c.now = max(c.now, s.Last)
	heap.Push(&c.byLast, lastEntry{s.Last, s.ID})
	c.repost(s)
	return s
}

// SetNext makes the next story started be numbered at least n.
func (c *Clusterer) SetNext(n int) { c.next = max(c.next, n) }

// Next returns the number the next story started will have.
func (c *Clusterer) Next() int { return c.next }

package index

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/cockroachdb/pebble/v2"
	"github.com/rehashdev/rehash/story"
	"github.com/rehashdev/rehash/when"
)

// Stories in the index.
//
// Every document Add stores is placed in a news story in the same batch,
// by the online clusterer of package story: the index keeps the open
// stories' centroids, each document's story, each story's members, and
// the document frequencies idf is computed from, so that a story survives
// a reopen and a document added later joins it. A document's time is its
// metadata date (package when), or the time it was added when it has
// none: an index fed as news arrives sees documents in about date order.
// The threshold is story.DefaultThreshold: a stream has no input to
// measure a null on in advance. Deleting or replacing a document leaves
// the stories as they were (its story still lists it).
//
// Keys (see format.go for the others):
//
//	s <story id:8>               story record (JSON storyRecord)
//	v <doc id>                   the document's story id (8 bytes)
//	w <story id:8> <seq:8> <id>  a member of a story, in order added
//	x <term:8>                   document frequency of a story term (counter)
//	\x00storydocs                documents counted in the frequencies (counter)
const (
	tabStory       = 's'
	tabDocStory    = 'v'
	tabStoryMember = 'w'
	tabStoryDF     = 'x'
)

var keyStoryDocs = []byte("\x00storydocs")

// storyLabels is how many terms label a story.
const storyLabels = 5

// Story is a story as the index keeps it.
type Story struct {
	// ID is the story's number, from 0 in the order stories started.
	ID int64 `json:"id"`
	// Size is how many documents joined it.
	Size int `json:"size"`
	// First and Last are the times of its first and last documents.
	First time.Time `json:"first"`
	Last  time.Time `json:"last"`
	// Labels are its heaviest terms.
	Labels []string `json:"labels"`
	// Earliest is the id of its first document.
	Earliest string `json:"earliest"`
}

// storyRecord is the stored form of a story: its summary, its centroid
// while open, and the stories merged into it.
type storyRecord struct {
	ID       int64     `json:"id"`
	Size     int       `json:"size"`
	Items    int       `json:"items"`
	First    int64     `json:"first"`
	Last     int64     `json:"last"`
	Labels   []string  `json:"labels"`
	Earliest string    `json:"earliest"`
	Terms    []uint64  `json:"terms,omitempty"`
	Weights  []float64 `json:"weights,omitempty"`
	// Into is the story this one was merged into (-1: none); Absorbed are
	// the stories merged into this one, whose members are its members.
	Into     int64   `json:"into"`
	Absorbed []int64 `json:"absorbed,omitempty"`
	// words maps label terms to words, for labels after a reopen.
	Words map[string]string `json:"words,omitempty"`
}

// stories is the index's story state, loaded on first use.
type stories struct {
	mu     sync.Mutex
	loaded bool
	cl     *story.Clusterer
	an     *story.Analyzer
	dict   *story.Dictionary
	opts   story.Options
	dfMap  map[uint64]int32
	docs   int64
	recs   map[int64]*storyRecord // open stories' records
	merged [][2]int64             // merges during the current add: into, from
}

func storyKey(id int64) []byte {
	return binary.BigEndian.AppendUint64([]byte{tabStory}, uint64(id))
}

func docStoryKey(id string) []byte { return append([]byte{tabDocStory}, id...) }

func storyMemberKey(sid int64, seq uint64, id string) []byte {
	k := binary.BigEndian.AppendUint64([]byte{tabStoryMember}, uint64(sid))
	k = binary.BigEndian.AppendUint64(k, seq)
	return append(k, id...)
}

func storyDFKey(t uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte{tabStoryDF}, t)
}

// load reads the story state: the frequencies and the open stories.
func (st *stories) load(db *pebble.DB) error {
	if st.loaded {
		return nil
	}
	st.opts = story.Options{}
	st.dict = story.NewDictionary()
	st.an = story.NewAnalyzer(&st.opts, st.dict)
	st.dfMap = map[uint64]int32{}
	st.recs = map[int64]*storyRecord{}
	// A closed story's record was saved at its last document; it only
	// leaves memory.
	cl, err := story.NewClusterer(&st.opts, func(s *story.Story) { delete(st.recs, int64(s.ID)) })
	if err != nil {
		return err
	}
	cl.OnMerge = func(into, from *story.Story) {
		st.merged = append(st.merged, [2]int64{int64(into.ID), int64(from.ID)})
	}
	st.cl = cl
	n, err := readCounter(db, keyStoryDocs)
	if err != nil {
		return err
	}
	st.docs = n
	err = scan(db, tabStoryDF, func(k, v []byte) error {
		if len(k) != 9 || len(v) != 8 {
			return fmt.Errorf("%w: story frequency key %x", ErrCorrupt, k)
		}
		st.dfMap[binary.BigEndian.Uint64(k[1:])] = int32(binary.LittleEndian.Uint64(v))
		return nil
	})
	if err != nil {
		return err
	}
	var all []*storyRecord
	var latest int64 = math.MinInt64
	err = scan(db, tabStory, func(k, v []byte) error {
		r := &storyRecord{}
		if err := json.Unmarshal(v, r); err != nil {
			return fmt.Errorf("%w: story record %x: %v", ErrCorrupt, k, err)
		}
		cl.SetNext(int(r.ID) + 1)
		if r.Into < 0 && len(r.Terms) > 0 {
			all = append(all, r)
			latest = max(latest, r.Last)
		}
		return nil
	})
	if err != nil {
		return err
	}
	// Only the stories still open at the latest document come back: the
	// others closed, and the clusterer would close them at once.
	window := int64(st.opts.Window.Seconds())
	if window == 0 {
		window = int64(story.DefaultWindow.Seconds())
	}
	for _, r := range all {
		if r.Last >= latest-window {
			cl.Restore(story.State{ID: int(r.ID), First: r.First, Last: r.Last, Items: r.Items, Terms: r.Terms, Weights: r.Weights})
			st.recs[r.ID] = r
		}
	}
	st.loaded = true
	return nil
}

// idf is ln(1 + N/df): in a stream the first documents' words are in
// every document seen so far, and the batch formula (story.DF.IDF) would
// weigh them 0, leaving the first document of an index with an empty
// vector that nothing could join.
func (st *stories) idf(t uint64) float64 {
	return math.Log1p(float64(st.docs) / float64(max(st.dfMap[t], 1)))
}

// place puts one stored document in its story, writing the story state
// to b. The caller holds st.mu and commits b.
func (st *stories) place(db *pebble.DB, b *pebble.Batch, d Doc, added time.Time) error {
	bag := st.an.Bag([]byte(d.Meta.Title), d.Text)
	// Frequencies first, so that the document's own terms count (as in a
	// batch run, where idf is over the whole input).
	st.docs++
	if err := b.Merge(keyStoryDocs, counterOperand(1), nil); err != nil {
		return err
	}
	for _, t := range bag.Terms {
		st.dfMap[t]++
		if err := b.Merge(storyDFKey(t), counterOperand(1), nil); err != nil {
			return err
		}
	}
	at := added.Unix()
	if t, err := when.Parse(d.Meta.Date); err == nil && d.Meta.Date != "" {
		at = t.Unix()
	}
	vec := story.Weigh(bag, st.idf, st.opts.DocTerms)
	st.merged = st.merged[:0]
	s := st.cl.Add(story.Item{Time: at, Vec: vec})
	sid := int64(s.ID)
	r := st.recs[sid]
	if r == nil {
		r = &storyRecord{ID: sid, Into: -1, Earliest: d.ID, First: at}
		st.recs[sid] = r
	}
	r.Size++
	for _, m := range st.merged {
		if err := st.absorb(db, b, m[0], m[1]); err != nil {
			return err
		}
	}
	if err := st.save(b, s, r); err != nil {
		return err
	}
	if err := b.Set(docStoryKey(d.ID), binary.BigEndian.AppendUint64(nil, uint64(sid)), nil); err != nil {
		return err
	}
	// Members are ordered by the number of documents placed before.
	return b.Set(storyMemberKey(sid, uint64(st.docs), d.ID), nil, nil)
}

// absorb records that story from was merged into story into.
func (st *stories) absorb(db *pebble.DB, b *pebble.Batch, into, from int64) error {
	ri, rf := st.recs[into], st.recs[from]
	if rf == nil {
		// A story the current document started and that merged at once:
		// it has no record and no member.
		return nil
	}
	if ri == nil {
		return fmt.Errorf("%w: story %d merged into %d, which is not open", ErrCorrupt, from, into)
	}
	ri.Size += rf.Size
	if rf.First < ri.First || (rf.First == ri.First && from < into) {
		ri.Earliest = rf.Earliest
	}
	ri.First = min(ri.First, rf.First)
	ri.Last = max(ri.Last, rf.Last)
	ri.Absorbed = append(append(ri.Absorbed, from), rf.Absorbed...)
	rf.Into, rf.Terms, rf.Weights = into, nil, nil
	delete(st.recs, from)
	v, err := json.Marshal(rf)
	if err != nil {
		return err
	}
	return b.Set(storyKey(from), v, nil)
}

// save writes an open story's record with its current centroid.
func (st *stories) save(b *pebble.Batch, s *story.Story, r *storyRecord) error {
	state := s.State()
	r.Items, r.First, r.Last, r.Terms, r.Weights = state.Items, min(r.First, state.First), state.Last, state.Terms, state.Weights
	words := map[string]string{}
	r.Labels = r.Labels[:0]
	for _, t := range s.TopTerms(storyLabels) {
		key := fmt.Sprintf("%x", t)
		w := st.dict.Word(t)
		if w == "" {
			w = r.Words[key]
		}
		if w != "" {
			words[key] = w
			r.Labels = append(r.Labels, w)
		}
	}
	r.Words = words
	v, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return b.Set(storyKey(r.ID), v, nil)
}

// storyPlacer places the documents of one Add; see Index.beginStories.
type storyPlacer struct {
	ix           *Index
	placed, done bool
}

// beginStories locks the story state for one Add, loading it on first
// use. place puts each stored document in its story; commit says the
// batch was committed; end unlocks, and drops the in-memory state when
// the batch was not committed, so that it is read again from the store.
func (ix *Index) beginStories() (*storyPlacer, error) {
	if !ix.opts.Stories {
		return &storyPlacer{ix: ix}, nil
	}
	st := &ix.stories
	st.mu.Lock()
	if err := st.load(ix.db); err != nil {
		st.loaded = false
		st.mu.Unlock()
		return nil, fmt.Errorf("index: stories: %w", err)
	}
	return &storyPlacer{ix: ix}, nil
}

// placeStories places the documents Add stored as new (status Added) in
// their stories, writing to b; the caller ends the placer after the
// commit.
func (ix *Index) placeStories(b *pebble.Batch, docs []Doc, res []AddResult) (*storyPlacer, error) {
	sp, err := ix.beginStories()
	if err != nil {
		return nil, err
	}
	if !ix.opts.Stories {
		return sp, nil
	}
	now := ix.opts.Now()
	for i, d := range docs {
		if res[i].Status != Added {
			continue
		}
		if err := sp.place(b, d, now); err != nil {
			sp.end()
			return nil, err
		}
	}
	return sp, nil
}

func (p *storyPlacer) place(b *pebble.Batch, d Doc, added time.Time) error {
	if !p.ix.opts.Stories {
		return nil
	}
	p.placed = true
	if storyTimer != nil {
		storyTimer(false)
	}
	err := p.ix.stories.place(p.ix.db, b, d, added)
	if storyTimer != nil {
		storyTimer(true)
	}
	return err
}

func (p *storyPlacer) commit() { p.done = true }

func (p *storyPlacer) end() {
	if !p.ix.opts.Stories {
		return
	}
	st := &p.ix.stories
	if p.placed && !p.done {
		st.loaded = false
	}
	st.mu.Unlock()
}

// storyTimer, when set (by a benchmark), is called before (false) and
// after (true) each document is placed in its story.
var storyTimer func(done bool)

// StoryOf returns the story of a stored document. It returns ErrNotFound
// when the document is not in the index or has no story.
func (ix *Index) StoryOf(id string) (_ Story, err error) {
	defer ix.catch(&err)
	if err := ix.enter(); err != nil {
		return Story{}, err
	}
	defer ix.leave()
	v, closer, err := ix.db.Get(docStoryKey(id))
	if errors.Is(err, pebble.ErrNotFound) {
		return Story{}, fmt.Errorf("%w: no story for %q", ErrNotFound, id)
	}
	if err != nil {
		return Story{}, err
	}
	if len(v) != 8 {
		closer.Close()
		return Story{}, fmt.Errorf("%w: story of %q", ErrCorrupt, id)
	}
	sid := int64(binary.BigEndian.Uint64(v))
	closer.Close()
	r, err := ix.storyRecord(sid)
	if err != nil {
		return Story{}, err
	}
	return r.story(), nil
}

// storyRecord reads a story's record, following merges to the story that
// absorbed it.
func (ix *Index) storyRecord(id int64) (*storyRecord, error) {
	for range 1 << 16 {
		v, closer, err := ix.db.Get(storyKey(id))
		if errors.Is(err, pebble.ErrNotFound) {
			return nil, fmt.Errorf("%w: story %d", ErrNotFound, id)
		}
		if err != nil {
			return nil, err
		}
		r := &storyRecord{}
		err = json.Unmarshal(v, r)
		closer.Close()
		if err != nil {
			return nil, fmt.Errorf("%w: story %d: %v", ErrCorrupt, id, err)
		}
		if r.Into < 0 {
			return r, nil
		}
		id = r.Into
	}
	return nil, fmt.Errorf("%w: story %d: a cycle of merges", ErrCorrupt, id)
}

func (r *storyRecord) story() Story {
	return Story{ID: r.ID, Size: r.Size, First: time.Unix(r.First, 0).UTC(), Last: time.Unix(r.Last, 0).UTC(),
		Labels: append([]string{}, r.Labels...), Earliest: r.Earliest}
}

// Story returns a story by id; a story merged into another is returned
// as the one that absorbed it.
func (ix *Index) Story(id int64) (_ Story, err error) {
	defer ix.catch(&err)
	if err := ix.enter(); err != nil {
		return Story{}, err
	}
	defer ix.leave()
	r, err := ix.storyRecord(id)
	if err != nil {
		return Story{}, err
	}
	return r.story(), nil
}

// StoryMembers returns the ids of a story's documents (those of the
// stories merged into it included), each story's in the order added, at
// most limit of them (limit <= 0: all), and whether there were more.
func (ix *Index) StoryMembers(id int64, limit int) (_ []string, more bool, err error) {
	defer ix.catch(&err)
	if err := ix.enter(); err != nil {
		return nil, false, err
	}
	defer ix.leave()
	r, err := ix.storyRecord(id)
	if err != nil {
		return nil, false, err
	}
	var ids []string
	for _, sid := range append([]int64{r.ID}, r.Absorbed...) {
		lo := binary.BigEndian.AppendUint64([]byte{tabStoryMember}, uint64(sid))
		hi := binary.BigEndian.AppendUint64([]byte{tabStoryMember}, uint64(sid)+1)
		it, err := ix.db.NewIter(&pebble.IterOptions{LowerBound: lo, UpperBound: hi})
		if err != nil {
			return nil, false, err
		}
		for ok := it.First(); ok; ok = it.Next() {
			if limit > 0 && len(ids) == limit {
				more = true
				break
			}
			k := it.Key()
			if len(k) < 17 {
				it.Close()
				return nil, false, fmt.Errorf("%w: story member key %x", ErrCorrupt, k)
			}
			ids = append(ids, string(k[17:]))
		}
		if err := it.Close(); err != nil {
			return nil, false, err
		}
		if more {
			break
		}
	}
	return ids, more, nil
}

// RecentStories returns the n stories with the latest last documents,
// latest first (ties: the higher id first). It reads every story record:
// O(stories).
func (ix *Index) RecentStories(n int) (_ []Story, err error) {
	defer ix.catch(&err)
	if err := ix.enter(); err != nil {
		return nil, err
	}
	defer ix.leave()
	var out []Story
	err = scan(ix.db, tabStory, func(k, v []byte) error {
		r := &storyRecord{}
		if err := json.Unmarshal(v, r); err != nil {
			return fmt.Errorf("%w: story record %x: %v", ErrCorrupt, k, err)
		}
		if r.Into < 0 {
			out = append(out, r.story())
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b Story) int {
		if c := b.Last.Compare(a.Last); c != 0 {
			return c
		}
		return int(b.ID - a.ID)
	})
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out, nil
}

package reuse

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"
	"math/bits"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/evidence"
	"github.com/rehashdev/rehash/ingest"
	"github.com/rehashdev/rehash/internal/ordered"
	"github.com/rehashdev/rehash/signature"
	"github.com/zeebo/xxh3"
)

// Options configure a search. A nil *Options means the defaults.
type Options struct {
	// Align shapes alignment and the relation thresholds; its MinWords
	// (default 8) is also the shortest shared run the index guarantees to
	// find.
	Align evidence.Options
	// MaxDF is the largest number of documents a fingerprint may occur in
	// and still propose pairs. Text shared by more (a licence, a
	// newsgroup signature, a wire agency's standing lines) is boilerplate,
	// and pairing all its holders would cost O(df²). Default 20.
	MaxDF int
	// Rarity says how much information a shared passage must carry, a
	// word held by df of the corpus's N texts carrying log2(N/df) bits
	// (see weigh). 0, the default, is the chance bound: 2·log2(N) bits
	// a passage (ChanceBits; 29.0 bits in Reuters + BBC), below which
	// the passage's words could be together in some pair of the corpus's
	// texts by chance: "since the beginning of the" (11 bits in Reuters
	// + BBC) makes no link, "oh you who seek martyrdom" (37) does. A
	// positive value asks instead for that many bits per word over
	// max(Align.MinWords, 8) words (news text averages 4.2 bits a word).
	// Negative turns rarity off. Lowering MinWords admits shorter
	// passages, not weaker ones.
	Rarity float64
	// Workers is the number of goroutines. Default runtime.GOMAXPROCS(0).
	// Output does not depend on it.
	Workers int
	// OnError says what a bad record does: ingest.Fail (the default)
	// stops the search naming it, ingest.Skip counts it in
	// Stats.Skipped and goes on.
	OnError ingest.OnError
	// Ingest configures reading.
	Ingest *ingest.Options
	// Progress, if set, is called with the phase name as each begins.
	Progress func(phase string)
}

// ErrOptions reports options out of range. Options.Align's own errors
// wrap evidence.ErrOptions.
var ErrOptions = errors.New("reuse: invalid options")

// ErrStdin reports "-" among the paths: the search reads its inputs twice.
var ErrStdin = errors.New("reuse: standard input cannot be read twice; save it to a file")

// Stats count what a search did.
type Stats struct {
	Read       int64                       // records read
	Docs       int64                       // documents with words
	Skipped    map[rehash.SkipReason]int64 // records not used, by reason
	Exact      int64                       // documents whose text repeats an earlier one
	Postings   int64                       // fingerprints indexed
	Boiler     int64                       // fingerprints dropped as boilerplate (df > MaxDF)
	Candidates int64                       // pairs aligned
	Links      int64                       // links written (relation other than none)
	Seconds    float64
}

// doc is what the search keeps per document between the passes: no text.
type doc struct {
	id, date string
	rec      int // record number, to find it again in the second read
	words    []uint64
	seeds    []uint64     // seed hashes of words, for AlignSeeds
	shingles int          // distinct K-shingles of words
	hash     xxh3.Uint128 // of the normalized text
	exactOf  int          // first document with the same normalized text, or -1
}

// pending is a link whose passages still need byte spans.
type pending struct {
	a, b    int // document indexes, a < b
	link    rehash.Link
	matches []evidence.Match
	// edits are the word-level differences of each passage; sides
	// describe them from each document's text (second read).
	edits [][]evidence.WordEdit
	sides [2]evidence.Side
}

// Run finds every pair of documents in paths that share a passage and
// calls emit with its link, in the input order of the pairs (by A, then
// B). It reads the inputs twice: once to index fingerprints, once to map
// the passages of linked documents to byte offsets.
func Run(ctx context.Context, paths []string, opts *Options, emit func(rehash.Link) error) (*Stats, error) {
	if slices.Contains(paths, "-") {
		return nil, ErrStdin
	}
	return search(ctx, func(io *ingest.Options) ordered.Reader { return ordered.Paths(paths, io) }, opts, emit)
}

// RunDocuments is Run over documents in memory; passages' spans point into
// each document's Text and Raw (Raw defaults to Text). Options.Ingest is
// unused.
func RunDocuments(ctx context.Context, docs []rehash.Document, opts *Options, emit func(rehash.Link) error) (*Stats, error) {
	return RunSeq(ctx, slices.Values(docs), opts, emit)
}

// RunSeq is RunDocuments for a stream of documents too large to hold: it
// ranges over docs twice, as Run reads its inputs twice, and both passes
// must yield the same documents. Between them it keeps each document's
// word hashes, not its text.
func RunSeq(ctx context.Context, docs iter.Seq[rehash.Document], opts *Options, emit func(rehash.Link) error) (*Stats, error) {
	return search(ctx, func(*ingest.Options) ordered.Reader { return ordered.Documents(docs) }, opts, emit)
}

// reader makes the Reader of one pass with the given ingest options.
type reader func(*ingest.Options) ordered.Reader

func search(ctx context.Context, read reader, opts *Options, emit func(rehash.Link) error) (*Stats, error) {
	start := time.Now()
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	st := &Stats{Skipped: map[rehash.SkipReason]int64{}}
	phase := func(s string) {
		if o.Progress != nil {
			o.Progress(s)
		}
	}

	phase("index")
	docs, postings, exact, err := index(ctx, read, o, st)
	if err != nil {
		return nil, err
	}
	phase("candidates")
	cands := candidates(postings, len(docs), o.MaxDF, o.Workers, st)
	phase("align")
	links := alignAll(docs, cands, o)
	phase("rarity")
	links = weigh(docs, links, o)
	for _, e := range exact {
		links = append(links, exactLink(docs, e[0], e[1]))
	}
	slices.SortFunc(links, func(x, y *pending) int { return cmp.Or(cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b)) })
	for _, l := range links {
		l.edits = make([][]evidence.WordEdit, len(l.matches))
		if l.link.Relation == rehash.Exact {
			continue
		}
		for k, m := range l.matches {
			l.edits[k] = evidence.Edits(docs[l.a].words, docs[l.b].words, m)
		}
	}
	phase("offsets")
	if err := fillSpans(ctx, read, o, docs, links); err != nil {
		return nil, err
	}
	for _, l := range links {
		evidence.Assemble(&l.link, l.edits, l.sides[0], l.sides[1], o.Align.Quotes)
		l.edits, l.sides = nil, [2]evidence.Side{}
	}
	orient(docs, links)
	phase("emit")
	for _, l := range links {
		if err := emit(l.link); err != nil {
			return nil, err
		}
	}
	st.Links = int64(len(links))
	st.Seconds = time.Since(start).Seconds()
	return st, nil
}

func (o *Options) withDefaults() (*Options, error) {
	c := Options{}
	if o != nil {
		c = *o
	}
	if c.MaxDF == 0 {
		c.MaxDF = DefaultMaxDF
	}
	if c.OnError == "" {
		c.OnError = ingest.DefaultOnError
	}
	if c.OnError != ingest.Fail && c.OnError != ingest.Skip {
		return nil, fmt.Errorf("%w: on-error %q (want fail or skip)", evidence.ErrOptions, c.OnError)
	}
	if c.Workers <= 0 {
		c.Workers = runtime.GOMAXPROCS(0)
	}
	if c.MaxDF < 2 {
		return nil, fmt.Errorf("%w: max df %d < 2", ErrOptions, c.MaxDF)
	}
	al, err := evidence.New(&c.Align)
	if err != nil {
		return nil, err
	}
	c.Align = al.Options()
	return &c, nil
}

// analysis is one record's result in the first pass.
type analysis struct {
	err      error
	id       string
	date     string
	words    []uint64
	seeds    []uint64
	shingles int
	hash     xxh3.Uint128
	fps      []uint64
}

type worker struct {
	al      *evidence.Aligner
	sa      *signature.Analyzer
	table   []uint64
	scratch []uint64
}

// postings are the fingerprints of the indexed documents: hashes[i] is
// held by document docs[i]. Parallel slices cost 12 bytes a posting.
type postings struct {
	hashes []uint64
	docs   []uint32
}

// index is the first pass: it reads every record, keeps each document's
// word hashes, and collects the winnowed fingerprints of the first copy
// of each distinct text. Later copies become exact pairs.
func index(ctx context.Context, read reader, o *Options, st *Stats) ([]doc, *postings, [][2]int, error) {
	var (
		docs  []doc
		ps    = &postings{}
		exact [][2]int
		first = map[xxh3.Uint128]int{}
	)
	q := min(o.Align.ExactRun, o.Align.MinWords)
	// A shared run of MinWords words holds MinWords-q+1 seeds: a window of
	// that many guarantees one common fingerprint.
	w := o.Align.MinWords - q + 1
	// Words are hashed, and texts compared, as evidence does: with its
	// word seed and shingle length.
	params := signature.Params{Shingle: o.Align.Shingle, Seed: o.Align.HashSeed}
	anchors := signature.Winnower{Gram: q, Window: w}
	newWorker := func() *worker {
		al, _ := evidence.New(&o.Align)
		sa, _ := signature.NewAnalyzer(params, &anchors)
		return &worker{al: al, sa: sa}
	}
	// The first read needs words, not positions: no offset maps.
	firstRead := ingest.Options{}
	if o.Ingest != nil {
		firstRead = *o.Ingest
	}
	firstRead.NoOffsets = true
	err := ordered.EachFrom(ctx, read(&firstRead), o.Workers, nil, newWorker,
		func(wk *worker, rec int, r *ingest.Record) analysis {
			d, err := r.Document()
			if err != nil {
				return analysis{err: err}
			}
			var a analysis
			a.id, a.date = d.ID, d.Meta.Date
			// Grams are kept so that alignment, which sees each document
			// in many pairs, hashes its seeds once: 8 more bytes a word.
			an, err := wk.sa.Analyze(d.Text, signature.Hash|signature.Words|signature.Grams)
			if err != nil {
				return a // no words: counted as empty below
			}
			a.words, a.hash, a.fps, a.seeds = an.Words, an.Hash, an.Anchors, an.Grams
			switch {
			case len(a.seeds) > 0:
				a.shingles, wk.table = countDistinct(a.seeds, wk.table)
			case len(a.words) > 0:
				a.shingles = 1 // a text shorter than a shingle is one shingle
			}
			if q != o.Align.Shingle {
				a.shingles, wk.scratch = wk.al.DistinctShingles(a.words, wk.scratch)
			}
			return a
		},
		func(rec int, a analysis) error {
			st.Read++
			if a.err != nil {
				if rerr, ok := o.OnError.Skips(a.err); ok {
					st.Skipped[rerr.Reason]++
					return nil
				}
				return a.err
			}
			if len(a.words) == 0 {
				st.Skipped[rehash.SkipEmpty]++
				return nil
			}
			st.Docs++
			i := len(docs)
			d := doc{id: a.id, date: a.date, rec: rec, words: a.words, seeds: a.seeds, shingles: a.shingles, hash: a.hash, exactOf: -1}
			if f, ok := first[a.hash]; ok {
				// A repeat is linked to its first copy only, and takes
				// no part in the search: its first stands for it.
				d.exactOf = f
				d.words, d.seeds = nil, nil
				exact = append(exact, [2]int{f, i})
				st.Exact++
			} else {
				first[a.hash] = i
				ps.hashes = append(ps.hashes, a.fps...)
				for range a.fps {
					ps.docs = append(ps.docs, uint32(i))
				}
			}
			docs = append(docs, d)
			return nil
		})
	st.Postings = int64(len(ps.hashes))
	return docs, ps, exact, err
}

// countDistinct counts the distinct values of hs (hashes, well mixed) in
// an open-addressing table built in scratch, which it returns for reuse.
// It is O(n), where sorting would be O(n log n).
func countDistinct(hs, scratch []uint64) (int, []uint64) {
	size := 16
	for size < 2*len(hs) {
		size <<= 1
	}
	table := slices.Grow(scratch[:0], size)[:size]
	clear(table)
	mask := uint64(size - 1)
	n, zero := 0, false
	for _, h := range hs {
		if h == 0 { // 0 marks an empty slot
			zero = true
			continue
		}
		for i := h & mask; ; i = (i + 1) & mask {
			if table[i] == h {
				break
			}
			if table[i] == 0 {
				table[i] = h
				n++
				break
			}
		}
	}
	if zero {
		n++
	}
	return n, table
}

// candidates groups the postings by fingerprint, drops fingerprints held
// by more than maxDF documents, and returns the distinct pairs of
// documents that share a fingerprint, each as b<<32 | a, sorted by B and
// then A: the aligner keeps B's seed index across a run of pairs with the
// same B.
//
// The postings are sorted as single uint64 keys: the fingerprint's high
// bits with the document number in the low bits. Two fingerprints that
// agree in their high 64−log2(docs) bits fall together, which at worst
// proposes a pair that alignment then rejects. Cost is one sort of the
// postings and one of the pairs.
func candidates(ps *postings, ndocs, maxDF, workers int, st *Stats) []uint64 {
	docBits := max(1, bits.Len(uint(ndocs)))
	mask := uint64(1)<<docBits - 1
	keys := ps.hashes
	for i, d := range ps.docs {
		keys[i] = keys[i]&^mask | uint64(d)
	}
	ps.hashes, ps.docs = nil, nil
	const buckets = 64 // by the top bits of the fingerprint: uniform
	keys = sortParallel(keys, workers, buckets, func(k uint64) int { return int(k >> 58) })
	var pairs []uint64
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && keys[j]&^mask == keys[i]&^mask {
			j++
		}
		if j-i > maxDF {
			st.Boiler++
		} else {
			for x := i; x < j; x++ {
				a := keys[x] & mask
				for y := x + 1; y < j; y++ {
					if b := keys[y] & mask; b != a {
						pairs = append(pairs, b<<32|a)
					}
				}
			}
		}
		i = j
	}
	keys = nil
	// By B: pairs are b<<32 | a with b < ndocs.
	pairs = sortParallel(pairs, workers, buckets, func(p uint64) int { return int((p >> 32) * buckets / uint64(ndocs)) })
	pairs = slices.Compact(pairs)
	st.Candidates = int64(len(pairs))
	return pairs
}

// alignAll aligns every candidate pair on o.Workers goroutines, each over a
// contiguous chunk of the sorted list, and keeps the related pairs in
// order.
func alignAll(docs []doc, cands []uint64, o *Options) []*pending {
	chunks := min(o.Workers*8, len(cands))
	if chunks == 0 {
		return nil
	}
	out := make([][]*pending, chunks)
	var wg sync.WaitGroup
	next := make(chan int, chunks)
	for c := range chunks {
		next <- c
	}
	close(next)
	for range o.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			al, _ := evidence.New(&o.Align)
			for c := range next {
				lo, hi := c*len(cands)/chunks, (c+1)*len(cands)/chunks
				for _, pr := range cands[lo:hi] {
					b, a := int(pr>>32), int(uint32(pr))
					ta := &evidence.Text{ID: docs[a].id, Date: docs[a].date, Words: docs[a].words, Hash: docs[a].hash, Shingles: docs[a].shingles}
					tb := &evidence.Text{ID: docs[b].id, Date: docs[b].date, Words: docs[b].words, Hash: docs[b].hash, Shingles: docs[b].shingles}
					ms := al.AlignSeeds(ta.Words, tb.Words, docs[a].seeds, docs[b].seeds)
					if len(ms) == 0 {
						continue
					}
					l := al.Link(ta, tb, ms)
					if l.Relation == rehash.Unrelated {
						continue
					}
					out[c] = append(out[c], &pending{a: a, b: b, link: l, matches: slices.Clone(ms)})
				}
			}
		}()
	}
	wg.Wait()
	return slices.Concat(out...)
}

// exactLink links a repeated text to its first copy: one passage, the
// whole text.
func exactLink(docs []doc, a, b int) *pending {
	n := len(docs[a].words)
	l := rehash.Link{A: docs[a].id, B: docs[b].id, Relation: rehash.Exact,
		Jaccard: 1, AInB: 1, BInA: 1, CoverA: 1, CoverB: 1}
	l.Source, l.Why = evidence.LikelySource(rehash.Exact, docs[a].id, docs[b].id, docs[a].date, docs[b].date)
	return &pending{a: a, b: b, link: l, matches: []evidence.Match{{AStart: 0, AEnd: n, BStart: 0, BEnd: n, Same: n}}}
}

// side is one end of a link's passages, to be given byte spans.
type side struct {
	link *pending
	b    bool
}

// fillSpans is the second pass: it reads the inputs again, decodes only
// the documents that have links, and turns their passages' word ranges
// into byte ranges in Text and Raw. Only the documents in flight are held.
func fillSpans(ctx context.Context, read reader, o *Options, docs []doc, links []*pending) error {
	byRec := map[int][]side{}
	for _, l := range links {
		byRec[docs[l.a].rec] = append(byRec[docs[l.a].rec], side{l, false})
		byRec[docs[l.b].rec] = append(byRec[docs[l.b].rec], side{l, true})
		l.link.Passages = make([]rehash.Passage, len(l.matches))
	}
	want := func(rec int) bool { _, ok := byRec[rec]; return ok }
	newWorker := func() *evidence.Aligner { al, _ := evidence.New(&o.Align); return al }
	return ordered.EachFrom(ctx, read(o.Ingest), o.Workers, want, newWorker,
		func(al *evidence.Aligner, rec int, r *ingest.Record) error {
			d, err := r.Document()
			if err != nil {
				return fmt.Errorf("reuse: %s changed between the two reads: %w", r.Source, err)
			}
			t := al.Locate(d)
			// Each side of a link is written by the one worker holding
			// its document, so no two goroutines write the same field.
			for _, s := range byRec[rec] {
				side := 0
				if s.b {
					side = 1
				}
				s.link.sides[side] = evidence.SideOf(t, s.link.matches, s.link.edits, s.b)
				for k, m := range s.link.matches {
					p := &s.link.link.Passages[k]
					if s.b {
						p.WordsB = m.WordsB()
						p.TextB = t.TextSpan(m.BStart, m.BEnd)
						p.B = t.RawSpan(p.TextB)
					} else {
						p.WordsA = m.WordsA()
						p.TextA = t.TextSpan(m.AStart, m.AEnd)
						p.A = t.RawSpan(p.TextA)
					}
				}
			}
			return nil
		},
		func(rec int, err error) error { return err })
}

// orient gives the links one direction per family of copies
// (evidence.Orient).
func orient(docs []doc, links []*pending) {
	ls := make([]rehash.Link, len(links))
	for i, l := range links {
		ls[i] = l.link
	}
	dates := make(map[string]string, len(docs))
	for _, d := range docs {
		if d.date != "" {
			dates[d.id] = d.date
		}
	}
	evidence.Orient(ls, func(id string) string { return dates[id] })
	for i, l := range links {
		l.link.Source, l.link.Why, l.link.Family = ls[i].Source, ls[i].Why, ls[i].Family
	}
}

// Package dedup is the batch pipeline: it reads a corpus, finds exact and
// near-duplicate documents, and groups them into clusters, on all cores and
// with output that does not depend on the number of workers.
//
//	res, err := dedup.Run(ctx, []string{"corpus.jsonl.gz"}, &dedup.Options{Params: signature.Params{Threshold: 0.8}})
//	if err != nil { ... }
//	defer res.Close()
//	for _, d := range res.Docs { fmt.Println(d.ID, res.Docs[d.Rep].ID) }
//
// The stages, in order:
//
//  1. One goroutine reads the inputs in order and cuts them into records.
//  2. Workers decode each record, normalize its text, hash its word
//     shingles, and compute a Fast Similarity Sketch signature and its LSH
//     band keys. The signature itself is not kept; the shingle hashes are,
//     unsorted, until a document turns out to need a sorted set.
//  3. A collector takes the results back in input order, counts skips,
//     sets aside exact duplicates (same normalized text, by a 128-bit
//     content hash) and keeps, per distinct text, the shingle set and the
//     band keys.
//  4. Documents sharing a band key become candidate pairs; their shingle
//     sets are sorted, and workers verify every candidate on the exact sets:
//     only pairs at or above the threshold count.
//  5. Union-find over exact and verified pairs gives the clusters; the keep
//     policy picks each cluster's representative, and every member's exact
//     Jaccard similarity to it is measured.
//
// Memory held per document is its id, a few numbers, its band keys
// (8 bytes a band) and its shingle set (8 bytes a distinct shingle, shared
// by exact duplicates), never its text.
package dedup

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"sync"
	"time"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/cluster"
	"github.com/rehashdev/rehash/lsh"
	"github.com/rehashdev/rehash/shingle"
	"github.com/rehashdev/rehash/signature"
	"github.com/rehashdev/rehash/verify"
	"github.com/zeebo/xxh3"
)

// Doc is the outcome for one document, in input order.
type Doc struct {
	// ID is the document's id.
	ID string
	// Rep is the index in Result.Docs of the document its cluster keeps;
	// Rep equals the document's own index when it is kept.
	Rep int
	// Similarity is the exact Jaccard similarity of the document's shingle
	// set to its representative's (1 for kept documents).
	Similarity float64
	// Exact is true when the document's normalized text equals its
	// representative's.
	Exact bool
	// Source is where the document came from.
	Source rehash.Source
	// Meta is the document's metadata.
	Meta rehash.Meta
}

// Pair is a verified pair, by index into Result.Docs, with A < B.
type Pair struct {
	rehash.Pair
	// Exact is true when the two normalized texts are equal.
	Exact bool
	// Contained is 'a' or 'b' when that side lies whole inside the other
	// and the other adds text of its own (see Options.MergeContained):
	// such a pair is reported but, by default, not merged.
	Contained byte
	// Template is true when the two are fillings of one form, and Slots
	// lists their differences; set only when Options.Templates checks.
	Template bool
	Slots    []rehash.Slot
}

// Containment thresholds on the shingle measures: the contained side has
// at least containedWhole of its shingles in the other, and the container
// at most 1−containerAdds of its own in the contained side. They mirror
// evidence.Thresholds' Whole and Added, which read alignment covers; dedup
// has shingle sets only.
const (
	containedWhole = 0.95
	containerAdds  = 0.1
)

// contained returns 'a' or 'b' when that side of p is whole inside the
// other and the other adds text, else 0.
func contained(p rehash.Pair) byte {
	switch {
	case p.AInB >= containedWhole && p.BInA <= 1-containerAdds:
		return 'a'
	case p.BInA >= containedWhole && p.AInB <= 1-containerAdds:
		return 'b'
	}
	return 0
}

// Result is a finished run. Close it to remove the raw spool.
type Result struct {
	Docs  []Doc
	Pairs []Pair
	Stats Stats
	// Params are the signature parameters the run used, defaults filled
	// in.
	Params signature.Params
	// Extra holds, when Options.Inspect is set, what it returned for each
	// document, by the document's index in Docs; nil otherwise.
	Extra []any

	spool *spool
	ext   *external // out-of-core runs: Docs is nil, the output is on disk
}

// Kept reports whether document i is its cluster's representative.
// Out-of-core runs (Options.Memory) do not support it.
func (r *Result) Kept(i int) bool { return r.Docs[i].Rep == i }

// Close removes the temporary spool and, for out-of-core runs, the
// temporary files, if any. It is safe to call twice.
func (r *Result) Close() error {
	var err error
	if r.spool != nil {
		err = r.spool.close()
		r.spool = nil
	}
	if r.ext != nil {
		if xerr := r.ext.close(); err == nil {
			err = xerr
		}
		r.ext = nil
	}
	return err
}

// state is what the run holds per accepted document.
type state struct {
	len     int
	hash    xxh3.Uint128
	set     []uint64 // nil for exact duplicates: they share their first's
	exactOf int      // index of the first document with the same text, or -1
	sorted  bool     // set is sorted and unique (done only when needed)
	rec     int32    // record number in the input, for a second read
}

// Run reads the inputs (files, directories, or "-" for standard input; see
// package ingest) and deduplicates them.
func Run(ctx context.Context, paths []string, opts *Options) (*Result, error) {
	return run(ctx, input{paths: paths}, opts)
}

// RunDocuments deduplicates documents already in memory, as Run does the
// documents it reads: Result.Docs[i] is docs[i] unless a document is
// skipped (no words; with OnError Fail the run stops there instead). A
// document without Raw is its own raw input (Raw defaults to Text), which
// is what Result.WriteKept writes when Options.KeepRaw is set.
// Options.Ingest is unused.
func RunDocuments(ctx context.Context, docs []rehash.Document, opts *Options) (*Result, error) {
	return run(ctx, input{docs: slices.Values(docs)}, opts)
}

// RunSeq is RunDocuments for a stream of documents too large to hold:
// only the run's per-document state is kept (see the package comment),
// not the documents. With Options.TwoPass or Options.Memory it ranges
// over docs twice, and the two passes must yield the same documents.
func RunSeq(ctx context.Context, docs iter.Seq[rehash.Document], opts *Options) (*Result, error) {
	return run(ctx, input{docs: docs}, opts)
}

func run(ctx context.Context, in input, opts *Options) (*Result, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	start := time.Now()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	if (o.TwoPass || o.Memory > 0) && in.stdin() {
		return nil, fmt.Errorf("%w: two-pass and memory-bounded runs read the inputs twice and cannot read standard input", ErrOptions)
	}
	if o.Templates != TemplatesOff && in.stdin() {
		return nil, fmt.Errorf("%w: the template check reads the documents of verified pairs again and cannot read standard input", ErrOptions)
	}
	if o.SpillDir != "" && in.docs != nil {
		return nil, fmt.Errorf("%w: a resumable run needs its inputs as files, to know them again", ErrOptions)
	}
	params := o.Banding()
	if o.Memory > 0 {
		return runExternal(ctx, in, o, params, start)
	}
	res := &Result{Params: o.Params, Stats: Stats{Skipped: map[rehash.SkipReason]int64{}}}
	if o.KeepRaw {
		if res.spool, err = newSpool(o.TempDir); err != nil {
			return nil, err
		}
	}
	fail := func(err error) (*Result, error) {
		res.Close()
		return nil, err
	}

	var (
		states []state
		keys   []uint64 // band keys, params.Bands per document
		first  = map[xxh3.Uint128]int{}
	)
	collect := func(rec int, it *item) error {
		if ok, err := res.Stats.take(it, o.OnError); !ok {
			return err
		}
		idx := len(states)
		st := state{len: it.textLen, hash: it.hash, exactOf: -1, rec: int32(rec)}
		if f, ok := first[it.hash]; ok {
			st.exactOf = f
		} else {
			first[it.hash] = idx
			if !o.TwoPass {
				st.set = it.set
			}
		}
		states = append(grow(states, 1), st)
		keys = append(grow(keys, len(it.keys)), it.keys...)
		res.Docs = append(grow(res.Docs, 1), Doc{ID: it.doc.ID, Source: it.doc.Source, Meta: it.doc.Meta})
		if o.Inspect != nil {
			res.Extra = append(res.Extra, it.extra)
		}
		if res.spool != nil {
			if err := res.spool.add(it.raw, it.doc.Source.Format, it.header); err != nil {
				return err
			}
		}
		if o.Progress != nil {
			o.Progress.Docs.Add(1)
		}
		return nil
	}
	if err := analyze(ctx, in, o, nil, collect); err != nil {
		return fail(err)
	}
	res.Stats.ReadSeconds = time.Since(start).Seconds()
	res.Stats.measureState(res.Docs, states, len(keys))

	// Exact duplicates are settled by their content hash and take no part
	// in LSH: only the first document with each text is a candidate.
	n := len(states)
	cands := lsh.Candidates(params.Bands, keys, func(d int) bool { return states[d].exactOf >= 0 }, 0, o.Workers)
	keys = nil
	res.Stats.Candidates = len(cands)
	need := make([]bool, n)
	for _, k := range cands {
		a, b := lsh.Unpack(k)
		need[a], need[b] = true, true
	}
	if o.TwoPass {
		if err := loadSets(ctx, in, o, states, need); err != nil {
			return fail(err)
		}
	}
	sortSets(states, need, o.Workers)
	res.Pairs = verifyAll(cands, states, o)
	res.Stats.Verified = len(res.Pairs)
	if o.Templates != TemplatesOff {
		if err := markTemplates(ctx, in, o, states, res.Pairs); err != nil {
			return fail(err)
		}
	}

	uf := cluster.NewUnionFind(n)
	for i, st := range states {
		if st.exactOf >= 0 {
			uf.Union(i, st.exactOf)
			res.Pairs = append(res.Pairs, Pair{Pair: rehash.Pair{A: st.exactOf, B: i, Jaccard: 1, AInB: 1, BInA: 1}, Exact: true})
		}
	}
	for i := range res.Pairs {
		p := &res.Pairs[i]
		if !p.Exact {
			p.Contained = contained(p.Pair)
		}
		// A document that holds another plus text of its own is not the
		// other's duplicate: merging would drop one of them, and with
		// it either the new text or, when the cluster keeps a third
		// member, both. The pair stays in the output, marked.
		if p.Contained != 0 && !o.MergeContained || p.Template && o.Templates == TemplatesKeep {
			continue
		}
		uf.Union(p.A, p.B)
	}
	sortPairs(res.Pairs)
	members := make([]cluster.Member, n)
	for i := range states {
		members[i] = cluster.Member{ID: res.Docs[i].ID, Len: states[i].len, Date: res.Docs[i].Meta.Date}
	}
	rep := cluster.Representatives(uf, members, o.Keep)
	// A member reached only through a chain compares with a representative
	// it was never a candidate with: make sure both sets are sorted.
	clear(need)
	for i, r := range rep {
		if r != i && states[i].hash != states[r].hash {
			need[owner(states, i)], need[owner(states, r)] = true, true
		}
	}
	sortSets(states, need, o.Workers)
	similarities(res, rep, states, o.Workers)
	res.Stats.finish(res, time.Since(start))
	return res, nil
}

// grow makes room for n more elements of a per-document array, doubling
// its capacity: append grows a large slice by a quarter at a time, so its
// copies add up to about five times the final size (a sixth of the
// collector's time on the news set), where doubling keeps them to two.
func grow[S ~[]E, E any](s S, n int) S {
	if len(s)+n <= cap(s) {
		return s
	}
	return slices.Grow(s, max(n, cap(s), 64))
}

// loadSets is the second read of a two-pass run: it analyzes again the
// records of the documents marked in need and keeps their shingle sets.
// Every set a run compares belongs to a document in a candidate pair (a
// cluster's members and representatives included), so one read suffices.
func loadSets(ctx context.Context, in input, o *Options, states []state, need []bool) error {
	byRec := map[int32]int{}
	for i, st := range states {
		if need[i] && st.exactOf < 0 {
			byRec[st.rec] = i
		}
	}
	want := func(rec int) bool { _, ok := byRec[int32(rec)]; return ok }
	// The progress display counts the first read; a second would run it
	// past 100%.
	again := *o
	again.Progress = nil
	again.Inspect = nil // Result.Extra was filled by the first read
	return analyze(ctx, in, &again, want, func(rec int, it *item) error {
		i := byRec[int32(rec)]
		if it.err != nil || it.hash != states[i].hash {
			return fmt.Errorf("dedup: record %d of the input changed between the two reads", rec)
		}
		states[i].set = it.set
		return nil
	})
}

// owner returns the document that holds i's shingle set: i itself, or the
// first document with the same text.
func owner(states []state, i int) int {
	if f := states[i].exactOf; f >= 0 {
		return f
	}
	return i
}

// setOf returns the shingle set of document i.
func setOf(states []state, i int) []uint64 { return states[owner(states, i)].set }

// sortSets turns the shingle lists of the documents marked in need into
// sorted, unique sets, in parallel; each is sorted once.
func sortSets(states []state, need []bool, workers int) {
	var wg sync.WaitGroup
	for _, r := range splitRange(len(states), workers*4) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := r[0]; i < r[1]; i++ {
				if st := &states[i]; need[i] && !st.sorted && st.set != nil {
					st.set = slices.Clip(shingle.Set(st.set))
					st.sorted = true
				}
			}
		}()
	}
	wg.Wait()
}

// verifyAll checks every candidate on the exact sets, in parallel chunks
// whose results are joined in order, so the pairs come out sorted whatever
// the worker count.
func verifyAll(cands []uint64, states []state, o *Options) []Pair {
	chunks := splitRange(len(cands), o.Workers*4)
	out := make([][]Pair, len(chunks))
	var wg sync.WaitGroup
	sem := make(chan struct{}, o.Workers)
	for c, r := range chunks {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			for _, k := range cands[r[0]:r[1]] {
				a, b := lsh.Unpack(k)
				sa, sb := states[a].set, states[b].set
				if verify.MaxJaccard(len(sa), len(sb)) < o.Threshold {
					continue
				}
				s := verify.Compare(sa, sb)
				if s.Jaccard >= o.Threshold {
					out[c] = append(out[c], Pair{Pair: rehash.Pair{A: int(a), B: int(b), Jaccard: s.Jaccard, AInB: s.AInB, BInA: s.BInA}})
				}
			}
		}()
	}
	wg.Wait()
	var pairs []Pair
	for _, p := range out {
		pairs = append(pairs, p...)
	}
	return pairs
}

// similarities sets every document's representative and its exact
// similarity to it.
func similarities(res *Result, rep []int, states []state, workers int) {
	var wg sync.WaitGroup
	for _, r := range splitRange(len(rep), workers) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := r[0]; i < r[1]; i++ {
				d := &res.Docs[i]
				d.Rep = rep[i]
				switch {
				case rep[i] == i:
					d.Similarity = 1
				case states[i].hash == states[rep[i]].hash:
					d.Similarity, d.Exact = 1, true
				default:
					d.Similarity = verify.Compare(setOf(states, i), setOf(states, rep[i])).Jaccard
				}
			}
		}()
	}
	wg.Wait()
}

// splitRange cuts [0, n) into at most parts contiguous ranges.
func splitRange(n, parts int) [][2]int {
	if parts < 1 {
		parts = 1
	}
	size := (n + parts - 1) / parts
	if size < 1 {
		size = 1
	}
	var out [][2]int
	for s := 0; s < n; s += size {
		out = append(out, [2]int{s, min(s+size, n)})
	}
	return out
}

func sortPairs(p []Pair) {
	slices.SortFunc(p, func(x, y Pair) int {
		if x.A != y.A {
			return x.A - y.A
		}
		return x.B - y.B
	})
}

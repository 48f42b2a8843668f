package index

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/cockroachdb/pebble/v2"
	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/signature"
	"github.com/rehashdev/rehash/verify"
)

// Entry is a stored document, without its shingle set.
type Entry struct {
	ID   string      `json:"id"`
	Meta rehash.Meta `json:"meta"`
	// Added is when the document was added.
	Added time.Time `json:"added"`
	// TextBytes is the length of the text as added.
	TextBytes int `json:"text_bytes"`
	// Shingles is the size of the shingle set.
	Shingles int `json:"shingles"`
}

// Match is a stored document similar to a query, with exact scores over
// the two shingle sets.
type Match struct {
	ID    string      `json:"id"`
	Meta  rehash.Meta `json:"meta"`
	Added time.Time   `json:"added"`
	// Jaccard is |Q ∩ M| / |Q ∪ M|.
	Jaccard float64 `json:"jaccard"`
	// QueryInMatch is |Q ∩ M| / |Q|: how much of the query the match holds.
	QueryInMatch float64 `json:"query_in_match"`
	// MatchInQuery is |Q ∩ M| / |M|.
	MatchInQuery float64 `json:"match_in_query"`
	// Exact is true when the normalized texts are equal.
	Exact bool `json:"exact,omitempty"`

	seq uint64
}

// Get returns the stored document id, or ErrNotFound. It costs one point
// read.
func (ix *Index) Get(id string) (_ *Entry, err error) {
	defer ix.catch(&err)
	if err := ix.enter(); err != nil {
		return nil, err
	}
	defer ix.leave()
	r, err := ix.live(id, true)
	if err != nil {
		return nil, err
	}
	return &Entry{ID: id, Meta: r.meta, Added: r.addedTime(), TextBytes: r.textLen, Shingles: len(r.set)}, nil
}

// Result is the answer to Search.
type Result struct {
	// Matches are the near-duplicates, best first: what Query returns.
	Matches []Match
	// Links are the stored documents that share passages with the query,
	// most shared words first; only when QueryOptions.Reuse is set.
	Links []Link
}

// Link is a reuse link from the query (A) to a stored document (B): the
// relation, scores and shared passages that package evidence finds, with
// passage spans into the query's text (A, TextA) and into the stored
// document's text as added (B, TextB).
type Link struct {
	rehash.Link
	Meta  rehash.Meta `json:"meta"`
	Added time.Time   `json:"added"`
	// Anchors is the number of anchors the two texts share.
	Anchors int `json:"anchors"`

	seq    uint64
	shared int
}

// Query returns the stored documents whose exact Jaccard similarity to
// text is at least the threshold, best first (ties in insertion order).
// The text is analyzed as `rehash dedup` analyzes it; a text with no words
// matches nothing. It is Search without reuse links.
//
// Cost: one bloom-filtered seek per band plus, per candidate (a document
// sharing a band key), one point read and a merge of two sorted sets.
func (ix *Index) Query(ctx context.Context, text []byte, opts *QueryOptions) ([]Match, error) {
	o := QueryOptions{}
	if opts != nil {
		o = *opts
	}
	o.Reuse = false
	r, err := ix.Search(ctx, text, &o)
	if err != nil {
		return nil, err
	}
	return r.Matches, nil
}

// Search is Query, and with QueryOptions.Reuse also the reuse links: the
// stored documents sharing at least ReuseMinAnchors anchors with text
// (anchors held by more than ReuseMaxDF documents skipped), the
// ReuseMaxCandidates sharing most aligned on their stored text, those with
// a shared passage of evidence.Options.MinWords (8) words or more kept.
// A shared run of 23 words or more always makes a candidate; shorter
// runs may.
//
// Cost of the reuse part: one bloom-filtered seek per query anchor (about
// one per 8 words) plus, per aligned candidate, a point read, a zstd
// decompression and an alignment linear in the two lengths.
func (ix *Index) Search(ctx context.Context, text []byte, opts *QueryOptions) (_ *Result, err error) {
	defer ix.catch(&err)
	if err := ix.enter(); err != nil {
		return nil, err
	}
	defer ix.leave()
	o, err := opts.withDefaults(&ix.params)
	if err != nil {
		return nil, err
	}
	want := signature.Hash | signature.Shingles | signature.Keys
	if o.Reuse {
		want |= signature.Anchors
	}
	a := ix.analyzers.Get().(*signature.Analyzer)
	an, err := a.AnalyzeContext(ctx, text, want)
	ix.analyzers.Put(a)
	if errors.Is(err, signature.ErrEmpty) {
		return &Result{}, nil
	}
	if err != nil {
		return nil, err
	}
	return ix.search(ctx, &record{hash: an.Hash, keys: an.Keys, anchors: an.Anchors, set: an.Set()}, text, &o)
}

// Matches returns the documents similar to the stored document id,
// leaving id itself out, or ErrNotFound.
func (ix *Index) Matches(ctx context.Context, id string, opts *QueryOptions) ([]Match, error) {
	o := QueryOptions{}
	if opts != nil {
		o = *opts
	}
	o.Reuse = false
	r, err := ix.SearchID(ctx, id, &o)
	if err != nil {
		return nil, err
	}
	return r.Matches, nil
}

// SearchID is Search for the stored document id, leaving id itself out,
// or ErrNotFound. Its links name id as A.
func (ix *Index) SearchID(ctx context.Context, id string, opts *QueryOptions) (_ *Result, err error) {
	defer ix.catch(&err)
	if err := ix.enter(); err != nil {
		return nil, err
	}
	defer ix.leave()
	o, err := opts.withDefaults(&ix.params)
	if err != nil {
		return nil, err
	}
	r, err := ix.live(id, true)
	if err != nil {
		return nil, err
	}
	var text []byte
	if o.Reuse {
		if text, err = ix.text(id); err != nil {
			return nil, err
		}
	}
	o.Exclude = id
	if opts == nil || opts.ID == "" {
		o.ID = id
	}
	return ix.search(ctx, r, text, &o)
}

// search finds the near-duplicates of q and, when asked, the reuse links
// of text.
func (ix *Index) search(ctx context.Context, q *record, text []byte, o *QueryOptions) (*Result, error) {
	ms, err := ix.match(ctx, q, o)
	if err != nil {
		return nil, err
	}
	res := &Result{Matches: ms}
	if o.Reuse {
		if res.Links, err = ix.links(ctx, text, q.anchors, o); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// match finds and verifies the candidates of q.
func (ix *Index) match(ctx context.Context, q *record, o *QueryOptions) ([]Match, error) {
	ids, err := ix.candidates(q.keys, o.Exclude)
	if err != nil {
		return nil, err
	}
	if o.MaxCandidates > 0 && len(ids) > o.MaxCandidates {
		ids = ids[:o.MaxCandidates]
	}
	var out []Match
	for i, id := range ids {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		r, err := ix.live(id, true)
		if errors.Is(err, ErrNotFound) {
			continue // deleted or expired since its posting was read
		}
		if err != nil {
			return nil, err
		}
		if verify.MaxJaccard(len(q.set), len(r.set)) < o.Threshold {
			continue
		}
		s := verify.Compare(q.set, r.set)
		if s.Jaccard < o.Threshold {
			continue
		}
		out = append(out, Match{ID: id, Meta: r.meta, Added: r.addedTime(), Jaccard: s.Jaccard,
			QueryInMatch: s.AInB, MatchInQuery: s.BInA, Exact: r.hash == q.hash, seq: r.seq})
	}
	slices.SortFunc(out, func(a, b Match) int {
		if c := cmp.Compare(b.Jaccard, a.Jaccard); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
	if o.Limit > 0 && len(out) > o.Limit {
		out = out[:o.Limit]
	}
	return out, nil
}

// candidates returns the ids sharing a band key with keys, sorted and
// unique.
func (ix *Index) candidates(keys []uint64, exclude string) ([]string, error) {
	it, err := ix.db.NewIter(&pebble.IterOptions{LowerBound: []byte{tabPosting}, UpperBound: []byte{tabPosting + 1}})
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var ids []string
	prefix := make([]byte, 0, 9)
	for _, k := range keys {
		prefix = postingPrefix(prefix[:0], k)
		for ok := it.SeekPrefixGE(prefix); ok && hasPrefix(it.Key(), prefix); ok = it.Next() {
			if id := string(it.Key()[9:]); id != exclude {
				ids = append(ids, id)
			}
		}
	}
	if err := it.Error(); err != nil {
		return nil, err
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// record reads id's record; withSet=false skips decoding the shingle set.
func (ix *Index) record(id string, withSet bool) (*record, error) {
	return readRecord(ix.db, id, withSet)
}

func readRecord(r pebble.Reader, id string, withSet bool) (*record, error) {
	v, closer, err := r.Get(docKey(id))
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, fmt.Errorf("%w: %q", ErrNotFound, id)
	}
	if err != nil {
		return nil, err
	}
	defer closer.Close()
	return decodeRecord(v, withSet)
}

// live is record, with documents past the maximum age treated as gone.
func (ix *Index) live(id string, withSet bool) (*record, error) {
	r, err := ix.record(id, withSet)
	if err != nil {
		return nil, err
	}
	if ix.expired(r) {
		return nil, fmt.Errorf("%w: %q (expired)", ErrNotFound, id)
	}
	return r, nil
}

func (ix *Index) expired(r *record) bool {
	return ix.opts.MaxAge > 0 && r.added < ix.opts.Now().Add(-ix.opts.MaxAge).UnixNano()
}

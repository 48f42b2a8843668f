package index

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/cockroachdb/pebble/v2"
	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/evidence"
)

// aligners pools the evidence aligners of reuse links, with the package's
// default options, so that links read as `rehash compare` reports them.
var aligners = sync.Pool{New: func() any {
	al, err := evidence.New(nil)
	if err != nil {
		panic(err) // default options
	}
	return al
}}

// links finds the stored documents sharing anchors with text and aligns
// them with it.
func (ix *Index) links(ctx context.Context, text []byte, anchors []uint64, o *QueryOptions) ([]Link, error) {
	if len(anchors) == 0 {
		return nil, nil
	}
	shared, err := ix.anchorCandidates(anchors, o)
	if err != nil {
		return nil, err
	}
	type cand struct {
		id string
		n  int
	}
	cs := make([]cand, 0, len(shared))
	for id, n := range shared {
		if n >= o.ReuseMinAnchors {
			cs = append(cs, cand{id, n})
		}
	}
	slices.SortFunc(cs, func(a, b cand) int {
		if c := cmp.Compare(b.n, a.n); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	if len(cs) > o.ReuseMaxCandidates {
		cs = cs[:o.ReuseMaxCandidates]
	}
	if len(cs) == 0 {
		return nil, nil
	}
	al := aligners.Get().(*evidence.Aligner)
	defer aligners.Put(al)
	qdoc := &rehash.Document{ID: o.ID, Text: text, Raw: text}
	q := al.Prepare(qdoc)
	var out []Link
	for _, c := range cs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		r, err := ix.live(c.id, false)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		t, err := ix.text(c.id)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		d := &rehash.Document{ID: c.id, Text: t, Raw: t, Meta: r.meta}
		l := al.Compare(q, al.Prepare(d))
		if l.Relation == rehash.Unrelated || len(l.Passages) == 0 {
			continue
		}
		words := 0
		for _, p := range l.Passages {
			words += p.WordsA
		}
		out = append(out, Link{Link: l, Meta: r.meta, Added: r.addedTime(), Anchors: c.n, seq: r.seq, shared: words})
	}
	slices.SortFunc(out, func(a, b Link) int {
		if c := cmp.Compare(b.shared, a.shared); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
	if o.Limit > 0 && len(out) > o.Limit {
		out = out[:o.Limit]
	}
	return out, nil
}

// anchorCandidates counts, per stored document other than o.Exclude, the
// anchors it shares with the query, skipping anchors held by more than
// o.ReuseMaxDF documents.
func (ix *Index) anchorCandidates(anchors []uint64, o *QueryOptions) (map[string]int, error) {
	it, err := ix.db.NewIter(&pebble.IterOptions{LowerBound: []byte{tabAnchor}, UpperBound: []byte{tabAnchor + 1}})
	if err != nil {
		return nil, err
	}
	defer it.Close()
	shared := map[string]int{}
	var ids []string
	prefix := make([]byte, 0, 9)
	for _, a := range anchors {
		prefix = anchorPrefix(prefix[:0], a)
		ids = ids[:0]
		for ok := it.SeekPrefixGE(prefix); ok && hasPrefix(it.Key(), prefix) && len(ids) <= o.ReuseMaxDF; ok = it.Next() {
			ids = append(ids, string(it.Key()[9:]))
		}
		if len(ids) > o.ReuseMaxDF {
			continue // boilerplate
		}
		for _, id := range ids {
			if id != o.Exclude {
				shared[id]++
			}
		}
	}
	if err := it.Error(); err != nil {
		return nil, err
	}
	return shared, nil
}

// text returns id's stored text.
func (ix *Index) text(id string) ([]byte, error) {
	v, closer, err := ix.db.Get(textKey(id))
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, fmt.Errorf("%w: %q (no text)", ErrNotFound, id)
	}
	if err != nil {
		return nil, err
	}
	defer closer.Close()
	t, err := decompressText(v)
	if err != nil {
		return nil, fmt.Errorf("%w: text of %q: %v", ErrCorrupt, id, err)
	}
	return t, nil
}

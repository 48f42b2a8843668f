package index

import (
	"context"
	"fmt"
	"slices"

	"github.com/cockroachdb/pebble/v2"
)

// Check verifies the invariant of the format on a consistent snapshot:
// every record decodes and has its order entry and postings, every
// posting and order entry belongs to a record that lists it, and the
// stored count equals the number of records. It reads the whole index.
func (ix *Index) Check(ctx context.Context) (err error) {
	defer ix.catch(&err)
	if err := ix.enter(); err != nil {
		return err
	}
	defer ix.leave()
	snap := ix.db.NewSnapshot()
	defer snap.Close()
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrCorrupt, fmt.Sprintf(format, args...))
	}
	var docs int64
	err = scan(snap, tabDoc, func(k, v []byte) error {
		docs++
		id := string(k[1:])
		r, err := decodeRecord(v, true)
		if err != nil {
			return fmt.Errorf("%q: %w", id, err)
		}
		if !slices.IsSorted(r.set) || len(r.keys) != ix.params.Bands {
			return bad("%q: unsorted set or %d band keys", id, len(r.keys))
		}
		ov, closer, err := snap.Get(orderKey(r.seq))
		if err != nil {
			return bad("%q: order entry %d: %v", id, r.seq, err)
		}
		_, oid, err := decodeOrder(ov)
		closer.Close()
		if err != nil || oid != id {
			return bad("%q: order entry %d names %q", id, r.seq, oid)
		}
		for _, bk := range r.keys {
			_, closer, err := snap.Get(postingKey(bk, id))
			if err != nil {
				return bad("%q: posting %016x: %v", id, bk, err)
			}
			closer.Close()
		}
		if !slices.IsSorted(r.anchors) {
			return bad("%q: unsorted anchors", id)
		}
		for _, a := range r.anchors {
			_, closer, err := snap.Get(anchorKey(a, id))
			if err != nil {
				return bad("%q: anchor %016x: %v", id, a, err)
			}
			closer.Close()
		}
		tv, closer, err := snap.Get(textKey(id))
		if err != nil {
			return bad("%q: text: %v", id, err)
		}
		_, err = decompressText(tv)
		closer.Close()
		if err != nil {
			return bad("%q: text: %v", id, err)
		}
		return ctx.Err()
	})
	if err != nil {
		return err
	}
	for _, t := range []struct {
		tab  byte
		name string
		list func(*record) []uint64
	}{
		{tabPosting, "posting", func(r *record) []uint64 { return r.keys }},
		{tabAnchor, "anchor", func(r *record) []uint64 { return r.anchors }},
	} {
		err = scan(snap, t.tab, func(k, _ []byte) error {
			if len(k) < 10 {
				return bad("%s key of %d bytes", t.name, len(k))
			}
			id := string(k[9:])
			r, err := readRecord(snap, id, false)
			if err != nil {
				return bad("%s for %q: %v", t.name, id, err)
			}
			if x := be64(k[1:9]); !slices.Contains(t.list(r), x) {
				return bad("%s %016x for %q, which does not list it", t.name, x, id)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	var texts int64
	err = scan(snap, tabText, func(k, _ []byte) error {
		texts++
		if _, err := readRecord(snap, string(k[1:]), false); err != nil {
			return bad("text for %q: %v", k[1:], err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	var orders int64
	err = scan(snap, tabOrder, func(k, v []byte) error {
		orders++
		_, id, err := decodeOrder(v)
		if err != nil {
			return err
		}
		r, err := readRecord(snap, id, false)
		if err != nil || r.seq != seqOf(k) {
			return bad("order entry %d for %q: %v", seqOf(k), id, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	n, err := countOf(snap)
	if err != nil {
		return err
	}
	if n != docs || orders != docs || texts != docs {
		return bad("count %d, %d records, %d order entries, %d texts", n, docs, orders, texts)
	}
	return nil
}

// scan calls fn for every key of a table.
func scan(r pebble.Reader, tab byte, fn func(k, v []byte) error) error {
	it, err := r.NewIter(&pebble.IterOptions{LowerBound: []byte{tab}, UpperBound: []byte{tab + 1}})
	if err != nil {
		return err
	}
	defer it.Close()
	for ok := it.First(); ok; ok = it.Next() {
		if err := fn(it.Key(), it.Value()); err != nil {
			return err
		}
	}
	return it.Error()
}

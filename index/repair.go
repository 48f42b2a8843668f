package index

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/cockroachdb/pebble/v2"
)

// RepairReport says what Repair rebuilt and what it could not.
type RepairReport struct {
	// Recovered is the number of documents rebuilt from their stored text.
	Recovered int
	// Lost names the documents whose record was readable but whose text
	// was not, at most 1000 (LostCount counts them all). Documents whose
	// record and text were both in damaged blocks cannot be named.
	Lost      []string
	LostCount int
	// Skipped describes the damaged key ranges the scan stepped over.
	Skipped []string
}

// Repair rebuilds the index in src into a new index in dst (absent or
// empty), with src's parameters: every document whose stored text can be
// read is analyzed and added again, with its metadata when its record can
// be read, so postings, anchors, records and the count are all rebuilt
// from the text. Damaged blocks are stepped over. src is opened read-only
// and never changed; replace it with dst once the report is acceptable.
// Insertion order (and so cluster representatives) follows src's.
//
// It needs src's parameters record to be readable.
func Repair(ctx context.Context, src, dst string) (*RepairReport, error) {
	in, err := Open(src, &Options{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer in.Close()
	p := in.Params()
	out, err := Open(dst, &Options{Params: p.Params, NoSync: true})
	if err != nil {
		return nil, err
	}
	defer out.Close()
	if st, err := out.Stats(); err != nil || st.Docs != 0 {
		return nil, fmt.Errorf("%w: repair target %s is not empty", ErrInvalid, dst)
	}
	rep := &RepairReport{}
	// Order entries give the insertion order; documents missing from them
	// (damaged) follow in id order.
	type doc struct {
		seq uint64
		id  string
	}
	var docs []doc
	seen := map[string]bool{}
	rep.Skipped = append(rep.Skipped, salvage(in.db, tabOrder, func(k, v []byte) {
		if _, id, err := decodeOrder(v); err == nil && !seen[id] {
			seen[id] = true
			docs = append(docs, doc{seqOf(k), id})
		}
	})...)
	texts := map[string]bool{}
	rep.Skipped = append(rep.Skipped, salvage(in.db, tabText, func(k, _ []byte) {
		texts[string(k[1:])] = true
	})...)
	records := map[string]bool{}
	rep.Skipped = append(rep.Skipped, salvage(in.db, tabDoc, func(k, _ []byte) {
		records[string(k[1:])] = true
	})...)
	var extra []string
	for id := range texts {
		if !seen[id] {
			extra = append(extra, id)
		}
	}
	for id := range records {
		if !seen[id] && !texts[id] {
			extra = append(extra, id)
		}
	}
	slices.Sort(extra)
	for _, id := range extra {
		docs = append(docs, doc{^uint64(0), id})
	}
	var batch []Doc
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		_, err := out.Add(ctx, batch...)
		batch = batch[:0]
		return err
	}
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		text, err := in.text(d.id)
		if err != nil {
			if errors.Is(err, ErrNotFound) && !records[d.id] {
				continue // neither text nor record: an order entry alone
			}
			rep.LostCount++
			if len(rep.Lost) < 1000 {
				rep.Lost = append(rep.Lost, d.id)
			}
			continue
		}
		nd := Doc{ID: d.id, Text: text}
		if r, err := readRecord(in.db, d.id, false); err == nil {
			nd.Meta = r.meta
		}
		batch = append(batch, nd)
		rep.Recovered++
		if len(batch) == 256 {
			if err := flush(); err != nil {
				return nil, err
			}
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	if err := out.db.Flush(); err != nil {
		return nil, err
	}
	return rep, nil
}

// salvage calls fn for every readable key of a table, stepping over the
// key range of any damaged table it meets, and describes what it skipped.
func salvage(db *pebble.DB, tab byte, fn func(k, v []byte)) (skipped []string) {
	lower := []byte{tab}
	for tries := 0; tries < 10000; tries++ {
		it, err := db.NewIter(&pebble.IterOptions{LowerBound: lower, UpperBound: []byte{tab + 1}})
		if err != nil {
			return append(skipped, err.Error())
		}
		var last []byte
		for ok := it.First(); ok; ok = it.Next() {
			fn(it.Key(), it.Value())
			last = append(last[:0], it.Key()...)
		}
		err = it.Error()
		it.Close()
		if err == nil {
			return skipped
		}
		info := pebble.ExtractDataCorruptionInfo(err)
		if info == nil || info.Bounds.End.Key == nil {
			return append(skipped, fmt.Sprintf("table %q after %q: %v", tab, last, err))
		}
		next := append(bytes.Clone(info.Bounds.End.Key), 0)
		if bytes.Compare(next, lower) <= 0 {
			return append(skipped, fmt.Sprintf("table %q after %q: %v", tab, last, err))
		}
		skipped = append(skipped, fmt.Sprintf("%s: keys from %q to %q skipped", info.Path, info.Bounds.Start, info.Bounds.End.Key))
		lower = next
	}
	return skipped
}

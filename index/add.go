package index

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/cockroachdb/pebble/v2"
	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/signature"
	"github.com/zeebo/xxh3"
)

// Doc is a document to add.
type Doc struct {
	// ID names the document: non-empty valid UTF-8, at most MaxIDBytes.
	ID string
	// Text is the document's text, before normalization.
	Text []byte
	// Meta is stored and returned with matches.
	Meta rehash.Meta
}

// Status says what Add did with one document.
type Status string

// The statuses.
const (
	// Added: a new id, now stored.
	Added Status = "added"
	// Replaced: the id was stored with another text or metadata; the new
	// one replaced it.
	Replaced Status = "replaced"
	// Unchanged: the id was stored with the same normalized text and
	// metadata; nothing was written.
	Unchanged Status = "unchanged"
	// Empty: the text has no words after normalization; nothing was
	// stored, as `rehash dedup` skips such documents.
	Empty Status = "empty"
)

// AddResult is the outcome for one document of an Add.
type AddResult struct {
	ID     string
	Status Status
}

// Add analyzes and stores the documents in one atomic, synced batch (unless
// Options.NoSync): when Add returns nil, all of them survive a crash; when
// it returns an error, none was stored. An id given twice in one call
// keeps the last. Results are in argument order.
func (ix *Index) Add(ctx context.Context, docs ...Doc) (_ []AddResult, err error) {
	defer ix.catch(&err)
	if err := ix.enter(); err != nil {
		return nil, err
	}
	defer ix.leave()
	if err := ix.writable(docs); err != nil {
		return nil, err
	}
	res, an, err := ix.analyze(ctx, docs, 1)
	if err != nil {
		return nil, err
	}
	unlock := ix.lockIDs(docs)
	defer unlock()
	b := ix.db.NewBatch()
	defer b.Close()
	delta, err := ix.stage(b, docs, an, res)
	if err != nil {
		return nil, err
	}
	if b.Empty() {
		return res, nil
	}
	if delta != 0 {
		if err := b.Merge(keyCount, counterOperand(delta), nil); err != nil {
			return nil, err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := b.Commit(ix.sync); err != nil {
		return nil, fmt.Errorf("index: commit: %w", err)
	}
	return res, nil
}

// analyze analyzes the documents with jobs goroutines. A document
// without words gets the status Empty and no analysis.
func (ix *Index) analyze(ctx context.Context, docs []Doc, jobs int) ([]AddResult, []signature.Analysis, error) {
	res := make([]AddResult, len(docs))
	an := make([]signature.Analysis, len(docs))
	jobs = max(1, min(jobs, len(docs)))
	var (
		next  atomic.Int64
		wg    sync.WaitGroup
		errMu sync.Mutex
		first error
	)
	work := func() {
		a := ix.analyzers.Get().(*signature.Analyzer)
		defer ix.analyzers.Put(a)
		for {
			i := int(next.Add(1) - 1)
			if i >= len(docs) {
				return
			}
			res[i].ID = docs[i].ID
			var err error
			if an[i], err = a.AnalyzeContext(ctx, docs[i].Text, stored); errors.Is(err, signature.ErrEmpty) {
				res[i].Status = Empty
				continue
			} else if err != nil {
				errMu.Lock()
				if first == nil {
					first = err
				}
				errMu.Unlock()
				next.Store(int64(len(docs))) // stop every worker
				return
			}
			an[i].Set()
		}
	}
	if jobs == 1 {
		work() // one document's add, the server's case: no goroutine
	} else {
		for range jobs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				work()
			}()
		}
		wg.Wait()
	}
	if first != nil {
		return nil, nil, first
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	return res, an, nil
}

// entryWriter takes a document's entries: a *pebble.Batch (Add) or a
// sorted-table builder (Ingest).
type entryWriter interface {
	Set(key, value []byte, _ *pebble.WriteOptions) error
	Delete(key []byte, _ *pebble.WriteOptions) error
}

// stage writes the entries of the analyzed documents into w, deleting
// those of the versions they replace, sets each result's status, and
// returns the change in the document count. The caller holds the ids'
// stripes.
func (ix *Index) stage(w entryWriter, docs []Doc, an []signature.Analysis, res []AddResult) (delta int64, err error) {
	pending := map[string]*record{}
	now := ix.opts.Now().UnixNano()
	for i, d := range docs {
		if res[i].Status == Empty {
			continue
		}
		old, ok := pending[d.ID]
		if !ok {
			var err error
			if old, err = ix.record(d.ID, false); err != nil && !errors.Is(err, ErrNotFound) {
				return 0, err
			}
		}
		if old != nil && old.hash == an[i].Hash && old.meta == d.Meta {
			res[i].Status = Unchanged
			continue
		}
		if old != nil {
			if err := deleteEntries(w, d.ID, old); err != nil {
				return 0, err
			}
			res[i].Status = Replaced
		} else {
			res[i].Status = Added
			delta++
		}
		r := &record{seq: ix.seq.Add(1), added: now, hash: an[i].Hash, textLen: len(d.Text), meta: d.Meta,
			keys: an[i].Keys, anchors: an[i].Anchors, set: an[i].Shingles}
		if err := setEntries(w, d.ID, r, d.Text); err != nil {
			return 0, err
		}
		pending[d.ID] = r
	}
	return delta, nil
}

// Delete removes a document, durably when it returns. It returns
// ErrNotFound when no document has the id.
func (ix *Index) Delete(ctx context.Context, id string) (err error) {
	defer ix.catch(&err)
	if err := ix.enter(); err != nil {
		return err
	}
	defer ix.leave()
	if err := ctx.Err(); err != nil {
		return err
	}
	unlock := ix.lockIDs([]Doc{{ID: id}})
	defer unlock()
	return ix.deleteLocked(id, 0)
}

// deleteLocked deletes id if it is stored (and, when seq is non-zero, only
// if it is still the version numbered seq). The caller holds id's stripe.
func (ix *Index) deleteLocked(id string, seq uint64) error {
	old, err := ix.record(id, false)
	if err != nil {
		return err
	}
	if seq != 0 && old.seq != seq {
		return nil
	}
	b := ix.db.NewBatch()
	defer b.Close()
	if err := deleteEntries(b, id, old); err != nil {
		return err
	}
	if err := b.Merge(keyCount, counterOperand(-1), nil); err != nil {
		return err
	}
	if err := b.Commit(ix.sync); err != nil {
		return fmt.Errorf("index: commit: %w", err)
	}
	return nil
}

// Evict deletes the documents older than Options.MaxAge and returns how
// many. Documents are visited in insertion order and the walk stops at the
// first young one, so a clock that stepped back may leave a few old ones
// for a later call; queries never return them either way.
func (ix *Index) Evict(ctx context.Context) (_ int, err error) {
	defer ix.catch(&err)
	if err := ix.enter(); err != nil {
		return 0, err
	}
	defer ix.leave()
	if ix.opts.MaxAge <= 0 {
		return 0, nil
	}
	cutoff := ix.opts.Now().Add(-ix.opts.MaxAge).UnixNano()
	type victim struct {
		id  string
		seq uint64
	}
	n := 0
	for {
		var vs []victim
		it, err := ix.db.NewIter(&pebble.IterOptions{LowerBound: []byte{tabOrder}, UpperBound: []byte{tabOrder + 1}})
		if err != nil {
			return n, err
		}
		for ok := it.First(); ok && len(vs) < 1000; ok = it.Next() {
			added, id, err := decodeOrder(it.Value())
			if err != nil {
				it.Close()
				return n, err
			}
			if added >= cutoff {
				break
			}
			vs = append(vs, victim{id, seqOf(it.Key())})
		}
		if err := it.Close(); err != nil {
			return n, err
		}
		if len(vs) == 0 {
			return n, nil
		}
		for _, v := range vs {
			if err := ctx.Err(); err != nil {
				return n, err
			}
			unlock := ix.lockIDs([]Doc{{ID: v.id}})
			err := ix.deleteLocked(v.id, v.seq)
			unlock()
			if err != nil && !errors.Is(err, ErrNotFound) {
				return n, err
			}
			n++
		}
	}
}

// setEntries writes a document's record, text, order entry and postings.
func setEntries(b entryWriter, id string, r *record, text []byte) error {
	v, err := r.encode()
	if err != nil {
		return err
	}
	if err := b.Set(docKey(id), v, nil); err != nil {
		return err
	}
	if err := b.Set(textKey(id), compressText(text), nil); err != nil {
		return err
	}
	if err := b.Set(orderKey(r.seq), orderValue(r.added, id), nil); err != nil {
		return err
	}
	for _, k := range r.keys {
		if err := b.Set(postingKey(k, id), nil, nil); err != nil {
			return err
		}
	}
	for _, k := range r.anchors {
		if err := b.Set(anchorKey(k, id), nil, nil); err != nil {
			return err
		}
	}
	return nil
}

// deleteEntries deletes what setEntries wrote for r.
func deleteEntries(b entryWriter, id string, r *record) error {
	keys := [][]byte{docKey(id), textKey(id), orderKey(r.seq)}
	for _, k := range r.keys {
		keys = append(keys, postingKey(k, id))
	}
	for _, k := range r.anchors {
		keys = append(keys, anchorKey(k, id))
	}
	for _, k := range keys {
		if err := b.Delete(k, nil); err != nil {
			return err
		}
	}
	return nil
}

// lockIDs locks the stripes of the ids in stripe order, which rules out
// deadlock between batches, and returns the unlock.
func (ix *Index) lockIDs(docs []Doc) func() {
	s := make([]int, 0, len(docs))
	for _, d := range docs {
		s = append(s, int(xxh3.HashString(d.ID)%lockStripes))
	}
	slices.Sort(s)
	s = slices.Compact(s)
	for _, i := range s {
		ix.locks[i].Lock()
	}
	return func() {
		for _, i := range s {
			ix.locks[i].Unlock()
		}
	}
}

func checkID(id string) error {
	switch {
	case id == "":
		return fmt.Errorf("%w: empty document id", ErrInvalid)
	case len(id) > MaxIDBytes:
		return fmt.Errorf("%w: document id of %d bytes (at most %d)", ErrInvalid, len(id), MaxIDBytes)
	case !utf8.ValidString(id):
		return fmt.Errorf("%w: document id is not valid UTF-8", ErrInvalid)
	}
	return nil
}

package index

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/objstorage/objstorageprovider"
	"github.com/cockroachdb/pebble/v2/sstable"
	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/rehashdev/rehash/signature"
)

// Bulk loads through sorted tables.
//
// Add commits a batch: its entries go to the write-ahead log, then one by
// one into the memtable (a skiplist insert per key, about 36 keys a
// document), then a flush writes the memtable out as a table, and
// compactions rewrite it again. For a load of many documents most of that
// is wasted work. Ingest sorts the entries of a whole chunk of documents
// in memory, writes them as tables in the store's own format (the same
// comparer, bloom filters and compression a flush uses), syncs them, and
// hands them to Pebble's external ingestion (DB.Ingest), which links them
// into the LSM in one synced manifest edit.
//
// Durability is Add's: Ingest returns only once the manifest edit is
// synced, and a crash before that leaves none of the chunk (the tables
// are not part of the store until the edit; Pebble deletes unreferenced
// tables at the next open, and Open removes what is left in ingest.tmp).
// The chunk is atomic: all of its documents, or none.

// ingestDirName is where Ingest builds its tables, inside the index
// directory so that Pebble can hard-link them instead of copying.
const ingestDirName = "ingest.tmp"

// tableTarget is the size at which Ingest starts a new table. Tables also
// break where the first key byte (the entry kind) changes, so that order
// entries (always increasing) overlap nothing already stored and can be
// placed below level 0.
const tableTarget = 128 << 20

// Ingest is Add for large batches: the same results and the same
// guarantees (atomic, durable when it returns), written as sorted tables
// and ingested whole instead of going through the write-ahead log and the
// memtable. Documents are analyzed on GOMAXPROCS goroutines. Use it for
// thousands of documents at a time; for a few, Add is cheaper (each Ingest
// adds tables that compactions must merge). Loader uses it for bulk loads.
func (ix *Index) Ingest(ctx context.Context, docs ...Doc) (_ []AddResult, err error) {
	if err := ix.writable(docs); err != nil {
		return nil, err
	}
	res, an, err := ix.analyze(ctx, docs, runtime.GOMAXPROCS(0))
	if err != nil {
		return nil, err
	}
	return ix.ingestAnalyzed(ctx, &analyzed{docs: docs, res: res, an: an})
}

// writable checks that docs may be written: the index is writable and
// every id valid.
func (ix *Index) writable(docs []Doc) error {
	if ix.opts.ReadOnly {
		return fmt.Errorf("%w: index opened read-only", ErrInvalid)
	}
	for _, d := range docs {
		if err := checkID(d.ID); err != nil {
			return err
		}
	}
	return nil
}

// ingestAnalyzed stages analyzed documents into sorted tables and ingests
// them.
func (ix *Index) ingestAnalyzed(ctx context.Context, a *analyzed) (_ []AddResult, err error) {
	defer ix.catch(&err)
	if err := ix.enter(); err != nil {
		return nil, err
	}
	defer ix.leave()
	if err := ix.writable(a.docs); err != nil {
		return nil, err
	}
	unlock := ix.lockIDs(a.docs)
	defer unlock()
	n := 1
	for i := range a.an {
		n += 3 + len(a.an[i].Keys) + len(a.an[i].Anchors)
	}
	t := &tableBuilder{ops: make([]tableOp, 0, n)}
	delta, err := ix.stage(t, a.docs, a.an, a.res)
	if err != nil {
		return nil, err
	}
	if len(t.ops) == 0 {
		return a.res, nil
	}
	if delta != 0 {
		t.ops = append(t.ops, tableOp{key: keyCount, value: counterOperand(delta), kind: opMerge})
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	paths, err := t.write(filepath.Join(ix.dir, ingestDirName), ix.wopts)
	defer func() {
		for _, p := range paths {
			os.Remove(p)
		}
	}()
	if err != nil {
		return nil, fmt.Errorf("index: ingest: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := ix.db.Ingest(ctx, paths); err != nil {
		return nil, fmt.Errorf("index: ingest: %w", err)
	}
	return a.res, nil
}

// analyzed is a chunk of documents with their analyses.
type analyzed struct {
	docs []Doc
	res  []AddResult
	an   []signature.Analysis
}

type opKind uint8

const (
	opSet opKind = iota
	opDelete
	opMerge
)

type tableOp struct {
	key, value []byte
	kind       opKind
}

// sortHandle is an entry's place in the batch (which breaks ties between
// entries of one key: the last wins) and its key's first eight bytes,
// zero-padded: a zero-padded prefix that sorts lower belongs to a key
// that sorts lower.
type sortHandle struct {
	pre uint64
	i   int32
}

// tableBuilder collects a chunk's entries as a batch would take them.
type tableBuilder struct{ ops []tableOp }

func (t *tableBuilder) Set(k, v []byte, _ *pebble.WriteOptions) error {
	t.ops = append(t.ops, tableOp{key: k, value: v, kind: opSet})
	return nil
}

func (t *tableBuilder) Delete(k []byte, _ *pebble.WriteOptions) error {
	t.ops = append(t.ops, tableOp{key: k, kind: opDelete})
	return nil
}

// write sorts the entries and writes them as tables in dir, returning
// their paths. As in a batch, the last entry written for a key wins (a
// replaced document's new entries over its old ones' deletions).
func (t *tableBuilder) write(dir string, wo sstable.WriterOptions) (paths []string, err error) {
	// Sort 16-byte handles, not the entries: most keys differ in their
	// first eight bytes (the table byte and a band key or an id's start),
	// compared as one integer.
	order := make([]sortHandle, len(t.ops))
	for i, op := range t.ops {
		var b [8]byte
		copy(b[:], op.key)
		order[i] = sortHandle{pre: binary.BigEndian.Uint64(b[:]), i: int32(i)}
	}
	slices.SortFunc(order, func(a, b sortHandle) int {
		if a.pre != b.pre {
			return cmp.Compare(a.pre, b.pre)
		}
		if c := bytes.Compare(t.ops[a.i].key, t.ops[b.i].key); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	})
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var (
		w    *sstable.Writer
		size int
		tab  byte
	)
	finish := func() error {
		if w == nil {
			return nil
		}
		err := w.Close() // syncs the file
		w = nil
		return err
	}
	defer func() {
		if w != nil {
			w.Close()
		}
	}()
	for j, h := range order {
		op := &t.ops[h.i]
		if j+1 < len(order) && bytes.Equal(op.key, t.ops[order[j+1].i].key) {
			continue // a later entry of the key wins
		}
		if w != nil && (op.key[0] != tab || size >= tableTarget) {
			if err := finish(); err != nil {
				return paths, err
			}
		}
		if w == nil {
			f, err := os.CreateTemp(dir, "ingest-*.sst")
			if err != nil {
				return paths, err
			}
			name := f.Name()
			f.Close()
			paths = append(paths, name)
			vf, err := vfs.Default.Create(name, vfs.WriteCategoryUnspecified)
			if err != nil {
				return paths, err
			}
			w = sstable.NewWriter(objstorageprovider.NewFileWritable(vf), wo)
			size, tab = 0, op.key[0]
		}
		switch op.kind {
		case opSet:
			err = w.Set(op.key, op.value)
		case opDelete:
			err = w.Delete(op.key)
		case opMerge:
			err = w.Merge(op.key, op.value)
		}
		if err != nil {
			return paths, err
		}
		size += len(op.key) + len(op.value)
	}
	return paths, finish()
}

// removeIngestLeftovers deletes the tables an interrupted Ingest left in
// the index's ingest.tmp (never part of the store: see above), and the
// directory if it is then empty. Only files named as Ingest names them
// are touched.
func removeIngestLeftovers(dir string) {
	tmp := filepath.Join(dir, ingestDirName)
	ents, err := os.ReadDir(tmp)
	if err != nil {
		return
	}
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), "ingest-") && strings.HasSuffix(e.Name(), ".sst") {
			os.Remove(filepath.Join(tmp, e.Name()))
		}
	}
	os.Remove(tmp) // fails, harmlessly, if anything else is there
}

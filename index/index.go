package index

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/bloom"
	"github.com/cockroachdb/pebble/v2/sstable"
	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/rehashdev/rehash/signature"
)

// Index is an open index. It is safe for concurrent use.
type Index struct {
	db     *pebble.DB
	opts   *Options
	params signature.Params
	sync   *pebble.WriteOptions

	// analyzers pools signature.Analyzers, whose scratch buffers are not
	// safe to share.
	analyzers sync.Pool
	// locks serialize writers per id stripe: an Add reads a document's old
	// record to delete its postings, and two writers of one id must not
	// interleave between that read and the commit.
	locks [lockStripes]sync.Mutex
	// seq numbers documents in insertion order.
	seq atomic.Uint64

	closeMu sync.RWMutex
	closed  bool

	// unlock releases rehash.lock.
	unlock func()
	// warnings are what recovery dropped at open (see checkWALs).
	warnings []string
	// health records corruption met since open (see corrupt.go).
	health health
	// stories is the story state (see story.go).
	stories stories

	// dir is the index directory; tables for Ingest are built in its
	// ingestDir and written with wopts, the store's own table options.
	dir   string
	wopts sstable.WriterOptions
}

const lockStripes = 256

// comparer is bytewise order with posting keys split after the band key,
// so that bloom filters work per band key. Its name is stored by Pebble;
// changing Split requires a new name.
var comparer = func() *pebble.Comparer {
	c := *pebble.DefaultComparer
	c.Split = split
	c.Name = "rehash.index.v1"
	return &c
}()

// Open opens the index in directory path, creating it if the directory
// is absent or empty. A directory that holds other files is refused with
// ErrNotIndex, and an index whose store cannot be found (Pebble's manifest
// markers deleted, say) with ErrCorrupt: Open never creates a store over
// files it did not write (see dir.go). A read-write open excludes every
// other open of the directory; read-only opens share it (ErrLocked names
// the process in the way). See Options for how stored parameters meet the
// options given, and Warnings for what recovery dropped.
func Open(path string, opts *Options) (*Index, error) {
	o, err := opts.clone()
	if err != nil {
		return nil, err
	}
	state, err := inspectDir(path)
	if err != nil {
		return nil, err
	}
	if state == dirNew {
		if o.ReadOnly {
			return nil, fmt.Errorf("index: open %s: %w", path, os.ErrNotExist)
		}
		if err := os.MkdirAll(path, 0o755); err != nil {
			return nil, fmt.Errorf("index: %w", err)
		}
	}
	release, err := lockDir(path, o.ReadOnly)
	if err != nil {
		return nil, err
	}
	ix := &Index{opts: o, sync: pebble.Sync, unlock: release, dir: path}
	defer func() {
		if ix.db == nil {
			release()
		}
	}()
	if !o.ReadOnly && (state == dirLegacy || state == dirNew) {
		if _, err := os.Stat(filepath.Join(path, dirMarkerName)); errors.Is(err, os.ErrNotExist) {
			if err := writeDirMarker(path); err != nil {
				return nil, err
			}
		}
	}
	if state != dirNew {
		ix.warnings = checkWALs(path)
	}
	po := &pebble.Options{
		Comparer:           comparer,
		Merger:             counterMerger,
		Cache:              pebble.NewCache(o.CacheBytes),
		FormatMajorVersion: pebble.FormatNewest,
		ReadOnly:           o.ReadOnly,
		ErrorIfNotExists:   state != dirNew,
		Logger:             fatalLogger{&ix.health},
		EventListener:      ix.eventListener(),
		MemTableSize:       64 << 20,
	}
	if o.ReadOnly && sharedLocks {
		po.FS = sharedLockFS{vfs.Default}
	}
	if o.fs != nil {
		po.FS = o.fs
	}
	defer po.Cache.Unref()
	for i := range po.Levels {
		po.Levels[i].FilterPolicy = bloom.FilterPolicy(10)
	}
	db, err := openPebble(path, po)
	if errors.Is(err, pebble.ErrDBDoesNotExist) {
		return nil, fmt.Errorf("%w: %s is a rehash index but its store cannot be found (Pebble's marker.manifest file missing?); refusing to create a new one over its files",
			ErrCorrupt, path)
	}
	if err != nil {
		return nil, fmt.Errorf("index: open %s: %w", path, err)
	}
	ix.db = db
	if !o.ReadOnly {
		// Tables for Ingest are written as a flush writes level 0's.
		po.EnsureDefaults()
		ix.wopts = po.MakeWriterOptions(0, db.TableFormat())
		removeIngestLeftovers(path)
	}
	if o.NoSync {
		ix.sync = pebble.NoSync
	}
	if err := ix.loadParams(); err != nil {
		ix.catch(&err)
		db.Close()
		ix.db = nil
		return nil, err
	}
	if err := ix.loadSeq(); err != nil {
		ix.catch(&err)
		db.Close()
		ix.db = nil
		return nil, err
	}
	ix.analyzers.New = func() any {
		a, _ := signature.NewAnalyzer(ix.params, &anchorWinnower) // validated in loadParams
		return a
	}
	return ix, nil
}

// loadParams reads the stored parameters, or stores the options' on a new
// index, and checks that the two agree.
func (ix *Index) loadParams() error {
	o := ix.opts
	want := o.Params
	v, closer, err := ix.db.Get(keyParams)
	if errors.Is(err, pebble.ErrNotFound) {
		if o.ReadOnly {
			return fmt.Errorf("%w: %s has no parameters (not an index?)", ErrFormat, "store")
		}
		p, err := want.Resolved()
		if err != nil {
			return fmt.Errorf("%w: %w", ErrInvalid, err)
		}
		ix.params = p
		b, _ := json.Marshal(newParamsRecord(p))
		return ix.db.Set(keyParams, b, pebble.Sync)
	}
	if err != nil {
		return fmt.Errorf("index: read parameters: %w", err)
	}
	var rec paramsRecord
	err = json.Unmarshal(v, &rec)
	closer.Close()
	if err != nil {
		return fmt.Errorf("%w: parameters: %v", ErrCorrupt, err)
	}
	if rec.Format != formatVersion {
		return fmt.Errorf("%w: %d (this rehash reads %d)", ErrFormat, rec.Format, formatVersion)
	}
	got := rec.params()
	for _, c := range []struct {
		name      string
		want, got any
		set       bool
	}{
		{"threshold", want.Threshold, got.Threshold, want.Threshold != 0},
		{"shingle", want.Shingle, got.Shingle, want.Shingle != 0},
		{"slots", want.Slots, got.Slots, want.Slots != 0},
		{"seed", want.Seed, got.Seed, want.Seed != 0},
		{"bands", want.Bands, got.Bands, want.Bands != 0},
		{"rows", want.Rows, got.Rows, want.Rows != 0},
	} {
		if c.set && c.want != c.got {
			return fmt.Errorf("%w: %s %v, index has %v", ErrParams, c.name, c.want, c.got)
		}
	}
	if err := got.Validate(); err != nil {
		return fmt.Errorf("%w: stored parameters: %v", ErrCorrupt, err)
	}
	ix.params = got
	return nil
}

// loadSeq resumes insertion numbering after the last stored document.
func (ix *Index) loadSeq() error {
	it, err := ix.db.NewIter(&pebble.IterOptions{LowerBound: []byte{tabOrder}, UpperBound: []byte{tabOrder + 1}})
	if err != nil {
		return err
	}
	defer it.Close()
	if it.Last() {
		k := it.Key()
		if len(k) != 9 {
			return fmt.Errorf("%w: order key of %d bytes", ErrCorrupt, len(k))
		}
		ix.seq.Store(binary.BigEndian.Uint64(k[1:]))
	}
	return it.Error()
}

// Params are the index's signature parameters and format version.
type Params struct {
	signature.Params
	// Format is the on-disk format version.
	Format int `json:"format"`
}

// Params returns the parameters the index was built with.
func (ix *Index) Params() Params {
	return Params{Params: ix.params, Format: formatVersion}
}

// Stats describe an index.
type Stats struct {
	// Docs is the number of stored documents.
	Docs int64
	// DiskBytes is the space the store takes on disk.
	DiskBytes uint64
	// Params are the signature parameters.
	Params Params
	// CacheBytes is the block cache's size.
	CacheBytes int64
	// L0Files and L0Sublevels describe the LSM's top level: every query
	// consults each sublevel, so many of them (after a bulk load, before
	// compactions catch up) slow queries down.
	L0Files, L0Sublevels int64
	// ReadAmp is the number of places a point lookup may have to look:
	// L0 sublevels, non-empty levels and memtables.
	ReadAmp int
	// CompactionDebt estimates the bytes compactions must still rewrite
	// to settle the LSM; Compacting is the number running.
	CompactionDebt uint64
	Compacting     int64
}

// Stats returns the document count and disk use. It costs one point read.
func (ix *Index) Stats() (_ Stats, err error) {
	defer ix.catch(&err)
	if err := ix.enter(); err != nil {
		return Stats{}, err
	}
	defer ix.leave()
	n, err := countOf(ix.db)
	if err != nil {
		return Stats{}, err
	}
	m := ix.db.Metrics()
	return Stats{Docs: n, DiskBytes: m.DiskSpaceUsage(), Params: ix.Params(), CacheBytes: ix.opts.CacheBytes,
		L0Files: m.Levels[0].TablesCount, L0Sublevels: int64(m.Levels[0].Sublevels), ReadAmp: m.ReadAmp(),
		CompactionDebt: m.Compact.EstimatedDebt, Compacting: m.Compact.NumInProgress}, nil
}

// Settle waits until background compactions have gone quiet, or ctx is
// done: what a bulk load leaves behind slows queries until it is paid.
// Pebble schedules a compaction as soon as a level needs one, so Settle
// returns once none has run for three polls in a row (poll defaults to
// one second). The debt estimate itself may stay above zero on a settled
// store, so it is reported (Stats.CompactionDebt), not waited for.
func (ix *Index) Settle(ctx context.Context, poll time.Duration) error {
	if poll <= 0 {
		poll = time.Second
	}
	quiet := 0
	var last int64 = -1
	for quiet < 3 {
		if err := ix.enter(); err != nil {
			return err
		}
		m := ix.db.Metrics()
		ix.leave()
		n := m.Compact.Count
		if m.Compact.NumInProgress == 0 && n == last {
			quiet++
		} else {
			quiet = 0
		}
		last = n
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(poll):
		}
	}
	return nil
}

// countOf reads the document count.
func countOf(r pebble.Reader) (int64, error) { return readCounter(r, keyCount) }

// readCounter reads an 8-byte little-endian counter; an absent key is 0.
func readCounter(r pebble.Reader, key []byte) (int64, error) {
	v, closer, err := r.Get(key)
	if errors.Is(err, pebble.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	defer closer.Close()
	if len(v) != 8 {
		return 0, fmt.Errorf("%w: counter %q of %d bytes", ErrCorrupt, key, len(v))
	}
	return int64(binary.LittleEndian.Uint64(v)), nil
}

// enter guards an operation against a concurrent Close.
func (ix *Index) enter() error {
	ix.closeMu.RLock()
	if ix.closed {
		ix.closeMu.RUnlock()
		return ErrClosed
	}
	if ix.health.failed.Load() {
		// Pebble met a broken invariant; its state is not to be trusted.
		ix.closeMu.RUnlock()
		return fmt.Errorf("%w: the store failed (%s); run rehash index check, then repair, and restart", ErrCorrupt, ix.health.last())
	}
	return nil
}

func (ix *Index) leave() { ix.closeMu.RUnlock() }

// Close waits for operations in flight and closes the store. Every Add
// that returned is already durable. It is safe to call twice.
func (ix *Index) Close() error {
	ix.closeMu.Lock()
	defer ix.closeMu.Unlock()
	if ix.closed {
		return nil
	}
	ix.closed = true
	err := ix.db.Close()
	ix.unlock()
	return err
}

// counterMerger adds little-endian int64 operands: the document count,
// updated by every batch without a read-modify-write race.
var counterMerger = &pebble.Merger{
	Name: "rehash.counter.v1",
	Merge: func(key, value []byte) (pebble.ValueMerger, error) {
		m := &counter{}
		return m, m.MergeNewer(value)
	},
}

type counter struct{ n int64 }

func (c *counter) MergeNewer(v []byte) error {
	if len(v) != 8 {
		return fmt.Errorf("%w: counter operand of %d bytes", ErrCorrupt, len(v))
	}
	c.n += int64(binary.LittleEndian.Uint64(v))
	return nil
}

func (c *counter) MergeOlder(v []byte) error { return c.MergeNewer(v) }

func (c *counter) Finish(bool) ([]byte, io.Closer, error) {
	return binary.LittleEndian.AppendUint64(nil, uint64(c.n)), nil, nil
}

func counterOperand(n int64) []byte { return binary.LittleEndian.AppendUint64(nil, uint64(n)) }

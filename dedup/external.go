package dedup

import (
	"bufio"
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/cluster"
	"github.com/rehashdev/rehash/internal/extsort"
	"github.com/rehashdev/rehash/lsh"
	"github.com/rehashdev/rehash/shingle"
	"github.com/rehashdev/rehash/verify"
)

// Out-of-core mode (Options.Memory > 0).
//
// Nothing that grows with the corpus is held in memory for every document
// except two bits; what grows with the duplicates (candidate documents,
// cluster members, pairs) is held for them alone. Everything else goes to
// files in a temporary directory, removed by Result.Close:
//
//	docs   per accepted document, in input order: uvarint record number,
//	       uvarint text length, 8-byte content-hash low half, uvarint-prefixed
//	       id and date. Read sequentially, three times at most.
//	runs   sorted runs of (band, key, doc) and of (content hash, doc), merged
//	       by package internal/extsort, then of candidate pair keys.
//	cands  the unique candidate pair keys, sorted, 8 bytes each.
//	sets   the sorted shingle sets of the documents in candidate pairs,
//	       8 bytes a shingle, built by a second read of the inputs.
//
// The steps and the in-memory run they mirror, so that the output is the
// same byte for byte (TestExternalMatchesInMemory):
//
//  1. Read and analyze as Run does; spill each document's record, its
//     content hash and its band keys.
//  2. Merge the hashes: the first document of each hash owns it, the rest
//     are exact duplicates (a bit each) and take no part in LSH.
//  3. Merge the band keys: documents sharing (band, key), duplicates
//     left out, give candidate pairs; sort them with repeats removed.
//  4. Read the inputs again, keeping only the candidates' documents, and
//     write their sorted shingle sets.
//  5. Verify the candidates in order against the sets on disk.
//  6. Cluster the documents in pairs (union-find over them alone, the keep
//     policy over their records), and measure each member against its
//     representative.
//
// With Options.SpillDir the files are kept, named, in that directory, with
// checkpoints that let an interrupted run resume (see resume.go).

// The budget is split between the sorters' buffers, which are the only
// large allocations; the rest of the budget covers reading (batches in
// flight), the garbage collector's headroom and the run's small state.
const (
	bandShare = 6  // 1/6 of the budget for band-key runs
	hashShare = 24 // 1/24 for content-hash runs
	pairShare = 4  // 1/4 for candidate pair runs (after the band runs are gone)
)

// runSize is the number of records of size bytes (in memory) a sorter
// with 1/share of the budget may buffer.
func (o *Options) runSize(share, size int64) int {
	if o.runRecords > 0 {
		return o.runRecords
	}
	return int(o.Memory / share / size)
}

type bandEntry struct {
	key  uint64
	doc  uint32
	band uint32
}

var bandCodec = extsort.Codec[bandEntry]{
	Size: 14,
	Put: func(b []byte, e bandEntry) {
		binary.LittleEndian.PutUint64(b, e.key)
		binary.LittleEndian.PutUint32(b[8:], e.doc)
		binary.LittleEndian.PutUint16(b[12:], uint16(e.band))
	},
	Get: func(b []byte) bandEntry {
		return bandEntry{binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint32(b[8:]), uint32(binary.LittleEndian.Uint16(b[12:]))}
	},
	Compare: func(x, y bandEntry) int {
		if c := cmp.Compare(x.band, y.band); c != 0 {
			return c
		}
		if c := cmp.Compare(x.key, y.key); c != 0 {
			return c
		}
		return cmp.Compare(x.doc, y.doc)
	},
}

type hashEntry struct {
	hi, lo uint64
	doc    uint32
}

var hashCodec = extsort.Codec[hashEntry]{
	Size: 20,
	Put: func(b []byte, e hashEntry) {
		binary.LittleEndian.PutUint64(b, e.hi)
		binary.LittleEndian.PutUint64(b[8:], e.lo)
		binary.LittleEndian.PutUint32(b[16:], e.doc)
	},
	Get: func(b []byte) hashEntry {
		return hashEntry{binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint64(b[8:]), binary.LittleEndian.Uint32(b[16:])}
	},
	Compare: func(x, y hashEntry) int {
		if c := cmp.Compare(x.hi, y.hi); c != 0 {
			return c
		}
		if c := cmp.Compare(x.lo, y.lo); c != 0 {
			return c
		}
		return cmp.Compare(x.doc, y.doc)
	},
}

var pairCodec = extsort.Codec[uint64]{
	Size:    8,
	Put:     func(b []byte, x uint64) { binary.LittleEndian.PutUint64(b, x) },
	Get:     func(b []byte) uint64 { return binary.LittleEndian.Uint64(b) },
	Compare: cmp.Compare[uint64],
}

// bitset is one bit a document.
type bitset []uint64

func newBitset(n int) bitset            { return make(bitset, (n+63)/64) }
func (b bitset) set(i uint32)           { b[i/64] |= 1 << (i % 64) }
func (b bitset) has(i uint32) bool      { return b[i/64]&(1<<(i%64)) != 0 }
func (b bitset) bytes() int64           { return int64(len(b)) * 8 }
func memberOf(s []uint32, d uint32) int { i, ok := slices.BinarySearch(s, d); return pick(i, ok) }

func pick(i int, ok bool) int {
	if !ok {
		return -1
	}
	return i
}

// external is what an out-of-core Result keeps to write its output: the
// documents file, and the cluster members (sorted document numbers) with
// their ids, representatives (as member indices), similarities and
// exactness. Documents not in it are kept singletons.
type external struct {
	dir string
	// spill is set for a run in Options.SpillDir: its files stay on an
	// error, for a rerun to resume from; created says the run made dir.
	spill, created bool
	docs           *os.File
	n              int
	members        []uint32
	ids            []string
	rep            []int32
	sim            []float64
	exact          []bool
}

// close releases the run's files and deletes them: all of a temporary
// directory, the run's own files in a spill directory.
func (x *external) close() error {
	err := x.docs.Close()
	rerr := error(nil)
	if x.spill {
		rerr = removeSpillDir(x.dir, x.created)
	} else {
		rerr = os.RemoveAll(x.dir)
	}
	if err == nil {
		err = rerr
	}
	return err
}

// docRecord is one entry of the documents file.
type docRecord struct {
	rec     int
	textLen int
	hashLo  uint64
	id      string
	date    string
}

func writeDocRecord(w *bufio.Writer, d docRecord) (int, error) {
	var b [3*binary.MaxVarintLen64 + 8]byte
	n := binary.PutUvarint(b[:], uint64(d.rec))
	n += binary.PutUvarint(b[n:], uint64(d.textLen))
	binary.LittleEndian.PutUint64(b[n:], d.hashLo)
	n += 8
	n += binary.PutUvarint(b[n:], uint64(len(d.id)))
	w.Write(b[:n])
	w.WriteString(d.id)
	m := binary.PutUvarint(b[:], uint64(len(d.date)))
	w.Write(b[:m])
	_, err := w.WriteString(d.date)
	return n + len(d.id) + m + len(d.date), err
}

// docReader reads the documents file from the start.
type docReader struct {
	r   *bufio.Reader
	buf []byte
}

func newDocReader(f *os.File) *docReader {
	return &docReader{r: bufio.NewReaderSize(io.NewSectionReader(f, 0, 1<<62), 1<<20)}
}

func (d *docReader) next() (docRecord, error) {
	var r docRecord
	rec, err := binary.ReadUvarint(d.r)
	if err != nil {
		return r, err
	}
	tl, err := binary.ReadUvarint(d.r)
	if err != nil {
		return r, err
	}
	var h [8]byte
	if _, err := io.ReadFull(d.r, h[:]); err != nil {
		return r, err
	}
	r.rec, r.textLen, r.hashLo = int(rec), int(tl), binary.LittleEndian.Uint64(h[:])
	if r.id, err = d.str(); err != nil {
		return r, err
	}
	r.date, err = d.str()
	return r, err
}

func (d *docReader) str() (string, error) {
	n, err := binary.ReadUvarint(d.r)
	if err != nil {
		return "", err
	}
	d.buf = slices.Grow(d.buf[:0], int(n))[:n]
	if _, err := io.ReadFull(d.r, d.buf); err != nil {
		return "", err
	}
	return string(d.buf), nil
}

// runExternal is Run in out-of-core mode; see the comment at the top of
// this file.
func runExternal(ctx context.Context, in input, o *Options, params lsh.Params, start time.Time) (res *Result, err error) {
	var (
		dir string
		m   = &manifest{Stage: stageReading}
	)
	if o.SpillDir != "" {
		fp, err := fingerprint(in.paths, o)
		if err != nil {
			return nil, err
		}
		if m, err = openSpillDir(o.SpillDir, fp); err != nil {
			return nil, err
		}
		if m.Resumed == 0 {
			// From now on the directory is this run's, whenever it stops.
			if err := m.save(o.SpillDir); err != nil {
				return nil, err
			}
		}
		dir = o.SpillDir
	} else if dir, err = os.MkdirTemp(o.TempDir, "rehash-dedup-*"); err != nil {
		return nil, err
	}
	spill := o.SpillDir != ""
	docsFile, err := os.OpenFile(filepath.Join(dir, "docs"), os.O_RDWR|os.O_CREATE, 0o644)
	if err == nil && m.Stage == stageReading {
		// A resumed read continues after the last checkpoint's document.
		if err = docsFile.Truncate(m.DocsBytes); err == nil {
			_, err = docsFile.Seek(m.DocsBytes, io.SeekStart)
		}
	}
	if err != nil {
		if !spill {
			os.RemoveAll(dir)
		}
		return nil, err
	}
	ext := &external{dir: dir, docs: docsFile, spill: spill, created: m.Created}
	res = &Result{Params: o.Params, Stats: Stats{Skipped: map[rehash.SkipReason]int64{}}, ext: ext}
	// A failed run's result, for the deferred clean-up: the named result
	// is nil by then.
	made := res
	if m.Resumed > 0 {
		res.Stats = m.Stats
		if res.Stats.Skipped == nil {
			res.Stats.Skipped = map[rehash.SkipReason]int64{}
		}
		res.Stats.ResumedFrom, res.Stats.ResumedDocs = m.Stage, m.Docs
	}
	defer func() {
		if err != nil {
			if spill {
				// Keep the files: a rerun resumes from them.
				docsFile.Close()
				made.ext = nil
			}
			made.Close()
			res = nil
		}
	}()

	var bands *extsort.Sorter[bandEntry]
	var hashes *extsort.Sorter[hashEntry]
	if spill {
		bands = extsort.NewNamed(dir, "bands", bandCodec, o.runSize(bandShare, 16))
		hashes = extsort.NewNamed(dir, "hashes", hashCodec, o.runSize(hashShare, 24))
		if m.Stage == stageReading || m.Stage == stageRead {
			if err := bands.Adopt(m.BandRuns); err != nil {
				return nil, err
			}
		}
		if err := hashes.Adopt(m.HashRuns); err != nil {
			return nil, err
		}
	} else {
		bands = extsort.New(dir, bandCodec, o.runSize(bandShare, 16))
		hashes = extsort.New(dir, hashCodec, o.runSize(hashShare, 24))
	}
	defer bands.Close()
	defer hashes.Close()
	docsBytes := m.DocsBytes
	n := m.Docs

	// 1. Read, analyze, spill.
	if m.Stage == stageReading {
		dw := bufio.NewWriterSize(docsFile, 1<<20)
		// checkpoint makes everything of the records before rec durable
		// and says so in the manifest.
		checkpoint := func(rec int, stage string) error {
			if err := hashes.Spill(); err != nil {
				return err
			}
			if err := bands.Spill(); err != nil {
				return err
			}
			if err := syncFile(dw, docsFile); err != nil {
				return err
			}
			m.Stage, m.Docs, m.DocsBytes, m.NextRec, m.Stats = stage, n, docsBytes, rec, res.Stats
			m.BandRuns, m.HashRuns = bands.RunNames(), hashes.RunNames()
			return m.save(dir)
		}
		interrupt := func(stage string) error {
			if o.interrupt == nil {
				return nil
			}
			return o.interrupt(stage, n)
		}
		if o.Progress != nil {
			o.Progress.Docs.Add(int64(n))
		}
		collect := func(rec int, it *item) error {
			// A run of a spill directory checkpoints when the band-key
			// buffer is full, between documents, so that every run
			// written holds whole documents before the checkpoint.
			if spill && bands.Buffered()+params.Bands >= bands.Max() {
				if err := checkpoint(rec, stageReading); err != nil {
					return err
				}
				if err := interrupt("checkpoint"); err != nil {
					return err
				}
			}
			if ok, err := res.Stats.take(it, o.OnError); !ok {
				return err
			}
			d := uint32(n)
			if n == 1<<32-1 {
				return fmt.Errorf("%w: more than %d documents", ErrOptions, n)
			}
			n++
			w, err := writeDocRecord(dw, docRecord{rec: rec, textLen: it.textLen, hashLo: it.hash.Lo, id: it.doc.ID, date: it.doc.Meta.Date})
			if err != nil {
				return err
			}
			docsBytes += int64(w)
			if err := hashes.Add(hashEntry{it.hash.Hi, it.hash.Lo, d}); err != nil {
				return err
			}
			for b, k := range it.keys {
				if err := bands.Add(bandEntry{k, d, uint32(b)}); err != nil {
					return err
				}
			}
			if o.Progress != nil {
				o.Progress.Docs.Add(1)
			}
			return interrupt("document")
		}
		var want func(int) bool
		if m.NextRec > 0 {
			from := m.NextRec
			want = func(rec int) bool { return rec >= from }
		}
		if err := analyze(ctx, in, o, want, collect); err != nil {
			return nil, err
		}
		if spill {
			if err := checkpoint(0, stageRead); err != nil {
				return nil, err
			}
			if err := interrupt(stageRead); err != nil {
				return nil, err
			}
		} else if err := dw.Flush(); err != nil {
			return nil, err
		}
		m.Stage = stageRead
	}
	ext.n = n
	res.Stats.ReadSeconds = time.Since(start).Seconds()

	// 2. Exact duplicates.
	dup := newBitset(n)
	owner := map[uint32]uint32{} // exact duplicate -> first document with its text
	var exactPairs []Pair
	var last hashEntry
	first := true
	err = hashes.Merge(func(e hashEntry) error {
		if !first && e.hi == last.hi && e.lo == last.lo {
			dup.set(e.doc)
			owner[e.doc] = last.doc
			exactPairs = append(exactPairs, Pair{Pair: rehash.Pair{A: int(last.doc), B: int(e.doc), Jaccard: 1, AInB: 1, BInA: 1}, Exact: true})
			return nil
		}
		first, last = false, e
		return nil
	})
	spilled := m.Spilled + hashes.SpilledBytes()
	hashes.Close()
	if err != nil {
		return nil, err
	}
	ownerOf := func(d uint32) uint32 {
		if dup.has(d) {
			return owner[d]
		}
		return d
	}

	// 3. Candidates.
	need := newBitset(n)
	if m.Stage == stageRead {
		ps, err := candidates(dir, o, bands, dup, res)
		if err != nil {
			return nil, err
		}
		spilled += bands.SpilledBytes() + ps
		m.Candidates = res.Stats.Candidates
		if spill {
			m.Stage, m.Spilled, m.BandRuns = stageCandidates, m.Spilled+bands.SpilledBytes()+ps, nil
			if err := m.save(dir); err != nil {
				return nil, err
			}
			// The band runs, the largest files, are not needed again.
			if err := bands.Remove(); err != nil {
				return nil, err
			}
			if o.interrupt != nil {
				if err := o.interrupt(stageCandidates, n); err != nil {
					return nil, err
				}
			}
		}
		bands.Close()
	}
	res.Stats.Candidates = m.Candidates
	candsFile, err := os.Open(filepath.Join(dir, "cands"))
	if err != nil {
		return nil, err
	}
	defer candsFile.Close()
	if err := eachCandidate(candsFile, res.Stats.Candidates, func(a, b uint32) error {
		need.set(a)
		need.set(b)
		return nil
	}); err != nil {
		return nil, err
	}

	// 4. The candidates' shingle sets, from a second read.
	var sets *setStore
	if m.Stage == stageSets {
		sets, err = openSetStore(dir, m.SetDocs, m.SetsBytes)
	} else {
		sets, err = loadExternalSets(ctx, in, o, params, docsFile, need, dir)
	}
	if err != nil {
		return nil, err
	}
	defer sets.close()
	if spill && m.Stage != stageSets {
		if err := sets.f.Sync(); err != nil {
			return nil, err
		}
		if err := sets.saveIndex(filepath.Join(dir, "sets.idx")); err != nil {
			return nil, err
		}
		m.Stage, m.SetDocs, m.SetsBytes = stageSets, len(sets.docs), sets.bytes
		if err := m.save(dir); err != nil {
			return nil, err
		}
		if o.interrupt != nil {
			if err := o.interrupt(stageSets, n); err != nil {
				return nil, err
			}
		}
	}
	spilled += sets.bytes

	// 5. Verify, streaming the candidates in order.
	var (
		setA, setB []uint64
		curA       = uint32(1<<32 - 1)
	)
	err = eachCandidate(candsFile, res.Stats.Candidates, func(a, b uint32) (err error) {
		if a != curA {
			if setA, err = sets.read(a, setA); err != nil {
				return err
			}
			curA = a
		}
		if setB, err = sets.read(b, setB); err != nil {
			return err
		}
		if verify.MaxJaccard(len(setA), len(setB)) < o.Threshold {
			return nil
		}
		s := verify.Compare(setA, setB)
		if s.Jaccard >= o.Threshold {
			res.Pairs = append(res.Pairs, Pair{Pair: rehash.Pair{A: int(a), B: int(b), Jaccard: s.Jaccard, AInB: s.AInB, BInA: s.BInA}})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	res.Stats.Verified = len(res.Pairs)
	res.Pairs = append(res.Pairs, exactPairs...)
	exactPairs = nil
	sortPairs(res.Pairs)

	// 6. Clusters over the documents in pairs.
	for _, p := range res.Pairs {
		ext.members = append(ext.members, uint32(p.A), uint32(p.B))
	}
	slices.Sort(ext.members)
	ext.members = slices.Clip(slices.Compact(ext.members))
	nm := len(ext.members)
	uf := cluster.NewUnionFind(nm)
	for i := range res.Pairs {
		p := &res.Pairs[i]
		if !p.Exact {
			p.Contained = contained(p.Pair)
		}
		if p.Contained != 0 && !o.MergeContained {
			continue // as in Run: a container and its contained document stay apart
		}
		uf.Union(memberOf(ext.members, uint32(p.A)), memberOf(ext.members, uint32(p.B)))
	}
	info := make([]cluster.Member, nm)
	ext.ids = make([]string, nm)
	if nm > 0 {
		dr := newDocReader(docsFile)
		j := 0
		for d := 0; d < n && j < nm; d++ {
			r, err := dr.next()
			if err != nil {
				return nil, fmt.Errorf("dedup: reading the documents file: %w", err)
			}
			if uint32(d) == ext.members[j] {
				info[j] = cluster.Member{ID: r.id, Len: r.textLen, Date: r.date}
				ext.ids[j] = r.id
				j++
			}
		}
	}
	rep := cluster.Representatives(uf, info, o.Keep)
	info = nil
	ext.rep = make([]int32, nm)
	ext.sim = make([]float64, nm)
	ext.exact = make([]bool, nm)
	for i, r := range rep {
		ext.rep[i] = int32(r)
		di, dr := ext.members[i], ext.members[r]
		switch {
		case r == i:
			ext.sim[i] = 1
		case ownerOf(di) == ownerOf(dr):
			ext.sim[i], ext.exact[i] = 1, true
		default:
			if setA, err = sets.read(ownerOf(di), setA); err != nil {
				return nil, err
			}
			if setB, err = sets.read(ownerOf(dr), setB); err != nil {
				return nil, err
			}
			ext.sim[i] = verify.Compare(setA, setB).Jaccard
		}
	}

	// The state: what grew with the corpus or its duplicates and is held
	// in memory at the end (the sorters' buffers are bounded by the budget
	// and gone by now).
	res.Stats.StateBytes = dup.bytes() + need.bytes() + int64(len(owner))*24 + sets.stateBytes() +
		int64(cap(res.Pairs))*int64(48) + int64(nm)*(4+16+4+8+1)
	for _, id := range ext.ids {
		res.Stats.StateBytes += int64(len(id))
	}
	res.Stats.SpillBytes = spilled + docsBytes + int64(res.Stats.Candidates)*8

	res.Stats.Seconds = time.Since(start).Seconds()
	res.Stats.Written = int64(n)
	reps := map[int32]bool{}
	for i, r := range ext.rep {
		reps[r] = true
		if int(r) != i {
			res.Stats.Duplicates++
			if ext.exact[i] {
				res.Stats.Exact++
			}
		}
	}
	res.Stats.Clusters = len(reps)
	return res, nil
}

// candidates is step 3: it merges the band keys into buckets of documents
// sharing (band, key), exact duplicates left out, sorts the pairs of each
// bucket with repeats removed, and writes them to the file cands (synced),
// setting res.Stats.Candidates. It returns the bytes the pairs' sort spilled.
func candidates(dir string, o *Options, bands *extsort.Sorter[bandEntry], dup bitset, res *Result) (spilled int64, err error) {
	pairs := extsort.New(dir, pairCodec, o.runSize(pairShare, 8))
	defer pairs.Close()
	var bucket []uint32
	flush := func() error {
		for x := 0; x < len(bucket); x++ {
			for y := x + 1; y < len(bucket); y++ {
				if err := pairs.Add(lsh.PairKey(bucket[x], bucket[y])); err != nil {
					return err
				}
			}
		}
		bucket = bucket[:0]
		return nil
	}
	var cur bandEntry
	err = bands.Merge(func(e bandEntry) error {
		if len(bucket) > 0 && (e.band != cur.band || e.key != cur.key) {
			if err := flush(); err != nil {
				return err
			}
		}
		cur = e
		if !dup.has(e.doc) {
			bucket = append(bucket, e.doc)
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return 0, err
	}
	candsFile, err := os.Create(filepath.Join(dir, "cands"))
	if err != nil {
		return 0, err
	}
	defer candsFile.Close()
	cw := bufio.NewWriterSize(candsFile, 1<<20)
	prev, any := uint64(0), false
	res.Stats.Candidates = 0
	err = pairs.Merge(func(k uint64) error {
		if any && k == prev {
			return nil
		}
		prev, any = k, true
		res.Stats.Candidates++
		var buf [8]byte
		binary.LittleEndian.PutUint64(buf[:], k)
		_, err := cw.Write(buf[:])
		return err
	})
	if err == nil {
		err = syncFile(cw, candsFile)
	}
	return pairs.SpilledBytes(), err
}

// eachCandidate calls fn with the n candidate pairs of the file cands, in
// order.
func eachCandidate(f *os.File, n int, fn func(a, b uint32) error) error {
	cr := bufio.NewReaderSize(io.NewSectionReader(f, 0, int64(n)*8), 1<<20)
	var kb [8]byte
	for range n {
		if _, err := io.ReadFull(cr, kb[:]); err != nil {
			return fmt.Errorf("dedup: reading the candidates file: %w", err)
		}
		if err := fn(lsh.Unpack(binary.LittleEndian.Uint64(kb[:]))); err != nil {
			return err
		}
	}
	return nil
}

// setStore is the candidates' shingle sets on disk, found by document
// number through sorted arrays held for those documents alone.
type setStore struct {
	f     *os.File
	docs  []uint32
	offs  []int64
	lens  []int32
	bytes int64
	raw   []byte
}

func (s *setStore) close() error { return s.f.Close() }

func (s *setStore) stateBytes() int64 { return int64(len(s.docs)) * (4 + 8 + 4) }

// read returns the set of document d (which must be a candidate's) in dst.
func (s *setStore) read(d uint32, dst []uint64) ([]uint64, error) {
	i := memberOf(s.docs, d)
	if i < 0 {
		return nil, fmt.Errorf("dedup: internal error: no shingle set kept for document %d", d)
	}
	n := int(s.lens[i])
	s.raw = slices.Grow(s.raw[:0], 8*n)[:8*n]
	if _, err := s.f.ReadAt(s.raw, s.offs[i]); err != nil {
		return nil, err
	}
	dst = slices.Grow(dst[:0], n)[:n]
	for j := range dst {
		dst[j] = binary.LittleEndian.Uint64(s.raw[8*j:])
	}
	return dst, nil
}

// loadExternalSets reads the inputs again and writes the sorted shingle set
// of every document marked in need.
func loadExternalSets(ctx context.Context, in input, o *Options, params lsh.Params, docsFile *os.File, need bitset, dir string) (*setStore, error) {
	f, err := os.Create(filepath.Join(dir, "sets"))
	if err != nil {
		return nil, err
	}
	s := &setStore{f: f}
	// Record numbers and content hashes of the needed documents, from the
	// documents file.
	var (
		recs   []int
		hashLo []uint64
	)
	dr := newDocReader(docsFile)
	for d := 0; ; d++ {
		r, err := dr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("dedup: reading the documents file: %w", err)
		}
		if need.has(uint32(d)) {
			s.docs = append(s.docs, uint32(d))
			recs = append(recs, r.rec)
			hashLo = append(hashLo, r.hashLo)
		}
	}
	if len(recs) == 0 {
		return s, nil
	}
	s.offs = make([]int64, len(recs))
	s.lens = make([]int32, len(recs))
	want := func(rec int) bool { _, ok := slices.BinarySearch(recs, rec); return ok }
	again := *o
	again.Progress = nil
	w := bufio.NewWriterSize(f, 1<<20)
	var buf []byte
	err = analyze(ctx, in, &again, want, func(rec int, it *item) error {
		i, ok := slices.BinarySearch(recs, rec)
		if !ok || it.err != nil || it.hash.Lo != hashLo[i] {
			return fmt.Errorf("dedup: record %d of the input changed between the two reads", rec)
		}
		set := shingle.Set(it.set)
		s.offs[i], s.lens[i] = s.bytes, int32(len(set))
		buf = slices.Grow(buf[:0], 8*len(set))[:8*len(set)]
		for j, h := range set {
			binary.LittleEndian.PutUint64(buf[8*j:], h)
		}
		if _, err := w.Write(buf); err != nil {
			return err
		}
		s.bytes += int64(len(buf))
		return nil
	})
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return s, nil
}

package index

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/signature"
	"github.com/zeebo/xxh3"
)

// On-disk format.
//
// The index is a Pebble store in one directory, beside the directory's own
// format record and lock (REHASH-INDEX, rehash.lock: see dir.go). Keys
// sort bytewise; the first byte names the table:
//
//	"\x00params"               -> JSON paramsRecord: format version and the
//	                              signature parameters (k, slots, seed,
//	                              bands, rows, threshold). Written once, at
//	                              creation; checked on every Open.
//	"\x00count"                -> int64 little endian, merged by
//	                              counterMerger: the number of documents.
//	"a" seq(8, big endian)     -> added time (int64 Unix ns, big endian) +
//	                              id: insertion order, for the keep-first
//	                              representative and for max-age eviction.
//	"b" bandkey(8, big endian) id -> empty: the LSH posting lists.
//	"c" anchor(8, big endian) id  -> empty: the reuse posting lists (see
//	                              anchors.go): hashed 8-word n-grams chosen
//	                              by winnowing.
//	"d" id                     -> the document record, below.
//	"t" id                     -> the text as added, zstd-compressed: what
//	                              passage alignment reads for reuse links.
//
// A document record (value of "d" id), integers as unsigned varints unless
// stated:
//
//	seq                     the "a" key's sequence number
//	added                   int64 Unix ns, 8 bytes little endian
//	hash                    16 bytes: xxh3-128 of the normalized text
//	textLen                 bytes of the text before normalization
//	len(meta) meta          rehash.Meta as JSON
//	nbands  nbands×8        band keys, little endian
//	nanch   nanch×8         the sorted, unique reuse anchors, little endian
//	nset    nset×8          the sorted shingle set, little endian
//
// Invariant, kept by writing each document's "d", "a", "b", "c" and "t"
// entries in one atomic batch: every posting and every "a" entry names a
// stored record whose keys or anchors list it, every record's keys,
// anchors and seq have their entries, and every record has its text and
// every text its record. Index.Check verifies it.
//
// The comparer ("rehash.index.v1") splits a "b" or "c" key after the band
// key or anchor, so the bloom filters answer "is there any posting for
// this key?" and a query skips every level that holds none. Version 1
// stores had no "c" keys, so splitting them changes no existing file's
// filters and the comparer keeps its name: opening an old store reaches
// the parameters check and fails with ErrFormat, not a comparer mismatch.
//
// Version history:
//
//	1  records, band postings, order entries; no text.
//	2  adds the text ("t", zstd) and reuse anchors ("c" postings and the
//	   record's anchor list), for reuse links at query time. Version 1
//	   stores are refused (ErrFormat): rebuild them from the source.
const formatVersion = 2

var (
	keyParams = []byte("\x00params")
	keyCount  = []byte("\x00count")
)

const (
	tabOrder   = 'a'
	tabPosting = 'b'
	tabAnchor  = 'c'
	tabDoc     = 'd'
	tabText    = 't'
)

// paramsRecord is the stored identity of the index's signatures: the
// resolved signature.Params under the JSON names format 2 froze ("k" for
// what the rest of rehash calls "shingle").
type paramsRecord struct {
	Format    int     `json:"format"`
	Threshold float64 `json:"threshold"`
	Shingle   int     `json:"k"`
	Slots     int     `json:"slots"`
	Seed      uint64  `json:"seed"`
	Bands     int     `json:"bands"`
	Rows      int     `json:"rows"`
}

func newParamsRecord(p signature.Params) paramsRecord {
	return paramsRecord{Format: formatVersion, Threshold: p.Threshold, Shingle: p.Shingle, Slots: p.Slots, Seed: p.Seed, Bands: p.Bands, Rows: p.Rows}
}

func (r paramsRecord) params() signature.Params {
	return signature.Params{Threshold: r.Threshold, Shingle: r.Shingle, Slots: r.Slots, Seed: r.Seed, Bands: r.Bands, Rows: r.Rows}
}

func docKey(id string) []byte {
	return append([]byte{tabDoc}, id...)
}

func orderKey(seq uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte{tabOrder}, seq)
}

func postingPrefix(dst []byte, band uint64) []byte {
	return binary.BigEndian.AppendUint64(append(dst, tabPosting), band)
}

func postingKey(band uint64, id string) []byte {
	return append(postingPrefix(make([]byte, 0, 9+len(id)), band), id...)
}

func anchorPrefix(dst []byte, anchor uint64) []byte {
	return binary.BigEndian.AppendUint64(append(dst, tabAnchor), anchor)
}

func anchorKey(anchor uint64, id string) []byte {
	return append(anchorPrefix(make([]byte, 0, 9+len(id)), anchor), id...)
}

func textKey(id string) []byte {
	return append([]byte{tabText}, id...)
}

// split is the comparer's prefix function: a posting key's prefix is its
// table byte and band key or anchor; every other key is all prefix.
func split(k []byte) int {
	if len(k) >= 9 && (k[0] == tabPosting || k[0] == tabAnchor) {
		return 9
	}
	return len(k)
}

// record is a decoded document record.
type record struct {
	seq     uint64
	added   int64
	hash    xxh3.Uint128
	textLen int
	meta    rehash.Meta
	keys    []uint64
	anchors []uint64
	set     []uint64
}

func (r *record) addedTime() time.Time { return time.Unix(0, r.added).UTC() }

func (r *record) encode() ([]byte, error) {
	meta, err := json.Marshal(r.meta)
	if err != nil {
		return nil, err
	}
	b := make([]byte, 0, 48+len(meta)+8*(len(r.keys)+len(r.anchors)+len(r.set)))
	b = binary.AppendUvarint(b, r.seq)
	b = binary.LittleEndian.AppendUint64(b, uint64(r.added))
	b = binary.LittleEndian.AppendUint64(b, r.hash.Hi)
	b = binary.LittleEndian.AppendUint64(b, r.hash.Lo)
	b = binary.AppendUvarint(b, uint64(r.textLen))
	b = binary.AppendUvarint(b, uint64(len(meta)))
	b = append(b, meta...)
	b = appendWords(b, r.keys)
	b = appendWords(b, r.anchors)
	b = appendWords(b, r.set)
	return b, nil
}

func appendWords(b []byte, w []uint64) []byte {
	b = binary.AppendUvarint(b, uint64(len(w)))
	for _, x := range w {
		b = binary.LittleEndian.AppendUint64(b, x)
	}
	return b
}

// decodeRecord parses a record. withSet=false skips the shingle set, the
// bulk of the record, for callers that need only the metadata.
func decodeRecord(b []byte, withSet bool) (*record, error) {
	d := decoder{b: b}
	r := &record{}
	r.seq = d.uvarint()
	r.added = int64(d.u64())
	r.hash.Hi = d.u64()
	r.hash.Lo = d.u64()
	r.textLen = int(d.uvarint())
	meta := d.bytes(int(d.uvarint()))
	r.keys = d.words()
	r.anchors = d.words()
	if withSet {
		r.set = d.words()
		if d.err == nil && len(d.b) != 0 {
			d.err = fmt.Errorf("%d trailing bytes", len(d.b))
		}
	}
	if d.err == nil && len(meta) > 0 {
		d.err = json.Unmarshal(meta, &r.meta)
	}
	if d.err != nil {
		return nil, fmt.Errorf("%w: document record: %v", ErrCorrupt, d.err)
	}
	return r, nil
}

// decoder reads a record, remembering the first error.
type decoder struct {
	b   []byte
	err error
}

var errShort = fmt.Errorf("truncated")

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errShort
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) u64() uint64 {
	if d.err != nil || len(d.b) < 8 {
		d.err = errShort
		return 0
	}
	v := binary.LittleEndian.Uint64(d.b)
	d.b = d.b[8:]
	return v
}

func (d *decoder) bytes(n int) []byte {
	if d.err != nil || n < 0 || n > len(d.b) {
		d.err = errShort
		return nil
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}

func (d *decoder) words() []uint64 {
	n := d.uvarint()
	if d.err != nil || n > uint64(len(d.b)/8) {
		d.err = errShort
		return nil
	}
	w := make([]uint64, n)
	for i := range w {
		w[i] = binary.LittleEndian.Uint64(d.b[8*i:])
	}
	d.b = d.b[8*n:]
	return w
}

// orderValue is the value of an "a" key.
func orderValue(added int64, id string) []byte {
	return append(binary.BigEndian.AppendUint64(nil, uint64(added)), id...)
}

func decodeOrder(v []byte) (added int64, id string, err error) {
	if len(v) < 8 {
		return 0, "", fmt.Errorf("%w: order entry of %d bytes", ErrCorrupt, len(v))
	}
	return int64(binary.BigEndian.Uint64(v)), string(v[8:]), nil
}

// hasPrefix is bytes.HasPrefix, named for the tables.
func hasPrefix(k []byte, p []byte) bool { return bytes.HasPrefix(k, p) }

func be64(b []byte) uint64 { return binary.BigEndian.Uint64(b) }

// seqOf returns the sequence number of an "a" key.
func seqOf(k []byte) uint64 {
	if len(k) != 9 {
		return 0
	}
	return be64(k[1:])
}

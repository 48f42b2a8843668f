package pipeline

import (
	"encoding/binary"
	"errors"
	"fmt"
	"reflect"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
)

// The elements that cross shuffles have hand-written coders: compact (a
// shingle set is 8 bytes a shingle, not a varint per element in a row
// coder), and of a size the pipeline can count exactly for the
// shuffle_bytes metrics (size(x) == len(encode(x)), tested).

// fileRef names one input file and its position in the input order, or a
// problem a directory walk met (Reason set), which takes its place in the
// order as the failed record ingest.Read yields for it.
type fileRef struct {
	Index int
	Path  string
	// ID is the id a single-document file gets (ingest.Walk's).
	ID string
	// Reason and Err describe a walk's problem.
	Reason, Err string
}

// docVal is what the exact-duplicate grouping needs of a document.
type docVal struct {
	Ord  uint64
	Len  int64
	ID   string
	Date string
	Keys []uint64
}

// setVal is a document's sorted, unique shingle set.
type setVal struct {
	Ord uint64
	ID  string
	Set []uint64
}

// node is a document in the cluster stages: Owner is the ordinal of the
// first document with its text (itself when it is the first).
type node struct {
	Ord   uint64
	Owner uint64
	Len   int64
	ID    string
	Date  string
}

// score is a compared pair, A < B by ordinal.
type score struct {
	A, B       uint64
	IDA, IDB   string
	Jaccard    float64
	AInB, BInA float64
}

// line is one output line with its sort key within a shard.
type line struct {
	K1, K2 uint64
	Data   []byte
}

// ordinal places record rec of input file f in the input order.
func ordinal(f int, rec uint64) uint64 { return uint64(f)<<40 | rec }

// fileOf and recOf undo ordinal.
func fileOf(ord uint64) int   { return int(ord >> 40) }
func recOf(ord uint64) uint64 { return ord & (1<<40 - 1) }

// pairKey is a candidate pair as a grouping key; byte order is (A, B) order.
func pairKey(a, b uint64) string {
	if a > b {
		a, b = b, a
	}
	var k [16]byte
	binary.BigEndian.PutUint64(k[:8], a)
	binary.BigEndian.PutUint64(k[8:], b)
	return string(k[:])
}

func unpackPair(k string) (a, b uint64) {
	return binary.BigEndian.Uint64([]byte(k[:8])), binary.BigEndian.Uint64([]byte(k[8:]))
}

// bandKey is a band key as a grouping key: the band number and the key,
// so that equal keys of different bands never meet (as in lsh.Candidates).
func bandKey(band int, key uint64) string {
	var k [10]byte
	binary.BigEndian.PutUint16(k[:2], uint16(band))
	binary.BigEndian.PutUint64(k[2:], key)
	return string(k[:])
}

// ---- coders ----

var errShort = errors.New("pipeline: short element")

type dec struct {
	b   []byte
	err error
}

func (d *dec) u64() uint64 {
	if d.err != nil || len(d.b) < 8 {
		d.err = errShort
		return 0
	}
	v := binary.LittleEndian.Uint64(d.b)
	d.b = d.b[8:]
	return v
}

func (d *dec) uvarint() uint64 {
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

func (d *dec) str() string {
	n := d.uvarint()
	if d.err != nil || uint64(len(d.b)) < n {
		d.err = errShort
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *dec) u64s() []uint64 {
	n := d.uvarint()
	if d.err != nil || uint64(len(d.b)) < 8*n {
		d.err = errShort
		return nil
	}
	v := make([]uint64, n)
	for i := range v {
		v[i] = binary.LittleEndian.Uint64(d.b[8*i:])
	}
	d.b = d.b[8*n:]
	return v
}

func appendStr(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

func appendU64s(b []byte, v []uint64) []byte {
	b = binary.AppendUvarint(b, uint64(len(v)))
	for _, x := range v {
		b = binary.LittleEndian.AppendUint64(b, x)
	}
	return b
}

func uvarintLen(x uint64) int {
	n := 1
	for x >= 0x80 {
		x >>= 7
		n++
	}
	return n
}

func strLen(s string) int    { return uvarintLen(uint64(len(s))) + len(s) }
func u64sLen(v []uint64) int { return uvarintLen(uint64(len(v))) + 8*len(v) }

func (v docVal) size() int {
	return 8 + uvarintLen(uint64(v.Len)) + strLen(v.ID) + strLen(v.Date) + u64sLen(v.Keys)
}

func encDocVal(v docVal) []byte {
	b := make([]byte, 0, v.size())
	b = binary.LittleEndian.AppendUint64(b, v.Ord)
	b = binary.AppendUvarint(b, uint64(v.Len))
	b = appendStr(b, v.ID)
	b = appendStr(b, v.Date)
	return appendU64s(b, v.Keys)
}

func decDocVal(b []byte) (docVal, error) {
	d := dec{b: b}
	v := docVal{Ord: d.u64(), Len: int64(d.uvarint()), ID: d.str(), Date: d.str(), Keys: d.u64s()}
	return v, d.err
}

func (v setVal) size() int { return 8 + strLen(v.ID) + u64sLen(v.Set) }

func encSetVal(v setVal) []byte {
	b := make([]byte, 0, v.size())
	b = binary.LittleEndian.AppendUint64(b, v.Ord)
	b = appendStr(b, v.ID)
	return appendU64s(b, v.Set)
}

func decSetVal(b []byte) (setVal, error) {
	d := dec{b: b}
	v := setVal{Ord: d.u64(), ID: d.str(), Set: d.u64s()}
	return v, d.err
}

func (v node) size() int {
	return 16 + uvarintLen(uint64(v.Len)) + strLen(v.ID) + strLen(v.Date)
}

func encNode(v node) []byte {
	b := make([]byte, 0, v.size())
	b = binary.LittleEndian.AppendUint64(b, v.Ord)
	b = binary.LittleEndian.AppendUint64(b, v.Owner)
	b = binary.AppendUvarint(b, uint64(v.Len))
	b = appendStr(b, v.ID)
	return appendStr(b, v.Date)
}

func decNode(b []byte) (node, error) {
	d := dec{b: b}
	v := node{Ord: d.u64(), Owner: d.u64(), Len: int64(d.uvarint()), ID: d.str(), Date: d.str()}
	return v, d.err
}

func (v line) size() int { return 16 + uvarintLen(uint64(len(v.Data))) + len(v.Data) }

func encLine(v line) []byte {
	b := make([]byte, 0, v.size())
	b = binary.LittleEndian.AppendUint64(b, v.K1)
	b = binary.LittleEndian.AppendUint64(b, v.K2)
	b = binary.AppendUvarint(b, uint64(len(v.Data)))
	return append(b, v.Data...)
}

func decLine(b []byte) (line, error) {
	d := dec{b: b}
	v := line{K1: d.u64(), K2: d.u64()}
	n := d.uvarint()
	if d.err != nil || uint64(len(d.b)) != n {
		return line{}, fmt.Errorf("pipeline: bad line element")
	}
	v.Data = d.b
	return v, nil
}

func init() {
	beam.RegisterType(reflect.TypeOf(fileRef{}))
	beam.RegisterType(reflect.TypeOf(score{}))
	beam.RegisterCoder(reflect.TypeOf(docVal{}), encDocVal, decDocVal)
	beam.RegisterCoder(reflect.TypeOf(setVal{}), encSetVal, decSetVal)
	beam.RegisterCoder(reflect.TypeOf(node{}), encNode, decNode)
	beam.RegisterCoder(reflect.TypeOf(line{}), encLine, decLine)
}

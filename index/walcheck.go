package index

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"

	wal "github.com/cockroachdb/pebble/v2/record"
)

// checkWALs reads every write-ahead log in dir the way Pebble's recovery
// will, before Pebble does, and describes what recovery is going to drop:
// Pebble replays a log up to its first torn or garbled record and
// silently drops the rest (it cannot tell a crash mid-write from damage),
// and replays the logs it finds in order, so a log deleted from the middle
// leaves a hole in the sequence numbers that nothing reports.
//
// It finds a log whose end is not a whole record (truncated, or garbled
// at or near the end), and a gap in sequence numbers between consecutive
// logs. A log cut exactly at a record boundary looks like one that ended
// there, and cannot be told apart.
func checkWALs(dir string) []string {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	type walFile struct {
		num        uint64
		name       string
		first, end uint64 // sequence numbers: first, and one past the last
	}
	var wals []walFile
	for _, e := range ents {
		num, ok := strings.CutSuffix(e.Name(), ".log")
		if !ok {
			continue
		}
		n, err := strconv.ParseUint(num, 10, 64)
		if err != nil {
			continue
		}
		wals = append(wals, walFile{num: n, name: e.Name()})
	}
	slices.SortFunc(wals, func(a, b walFile) int { return int(a.num - b.num) })
	var warn []string
	for i := range wals {
		w := &wals[i]
		f, err := os.Open(filepath.Join(dir, w.name))
		if err != nil {
			continue
		}
		st, _ := f.Stat()
		r := newRecordReader(f, w.num)
		var good int64
		var err2 error
		for {
			rec, err := r.Next()
			if err != nil {
				err2 = err
				break
			}
			b, err := io.ReadAll(rec)
			if err != nil {
				err2 = err
				break
			}
			good = r.Offset()
			if len(b) >= 12 {
				seq := binary.LittleEndian.Uint64(b)
				n := uint64(binary.LittleEndian.Uint32(b[8:]))
				if w.first == 0 {
					w.first = seq
				}
				w.end = seq + n
			}
		}
		f.Close()
		switch {
		case errors.Is(err2, io.EOF):
		case errors.Is(err2, wal.ErrUnexpectedEOF), errors.Is(err2, wal.ErrInvalidChunk), errors.Is(err2, wal.ErrZeroedChunk):
			size := int64(0)
			if st != nil {
				size = st.Size()
			}
			warn = append(warn, fmt.Sprintf("write-ahead log %s: recovery stops at byte %d of %d (%v); writes after it are dropped",
				w.name, good, size, err2))
		default:
			warn = append(warn, fmt.Sprintf("write-ahead log %s: %v", w.name, err2))
		}
	}
	for i := 1; i < len(wals); i++ {
		p, w := wals[i-1], wals[i]
		if p.end != 0 && w.first != 0 && w.first > p.end {
			warn = append(warn, fmt.Sprintf("write-ahead logs %s and %s: sequence numbers %d to %d are missing (a log deleted?); those writes are lost",
				p.name, w.name, p.end, w.first-1))
		}
	}
	return warn
}

// newRecordReader is record.NewReader, whose log number has a type from an
// internal package that cannot be named here.
func newRecordReader(r io.Reader, logNum uint64) *wal.Reader {
	fn := reflect.ValueOf(wal.NewReader)
	num := reflect.ValueOf(logNum).Convert(fn.Type().In(1))
	return fn.Call([]reflect.Value{reflect.ValueOf(r), num})[0].Interface().(*wal.Reader)
}

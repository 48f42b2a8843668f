package index

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/cockroachdb/pebble/v2"
)

// Corruption is an error, not an exit.
//
// Pebble's defaults end the process on damage it meets while reading (its
// DataCorruption event calls Logger.Fatalf, which exits). An index under a
// server must instead fail the one operation that met the damage, say so,
// and keep serving what it can. So:
//
//   - the DataCorruption event records the damage (Index.Damage) and lets
//     the read return its error, which the index wraps in ErrCorrupt;
//   - Logger.Fatalf, which Pebble keeps for broken invariants, panics with
//     a *FatalError instead of exiting; every exported operation recovers
//     it into an ErrCorrupt error and marks the index failed (Healthy
//     turns false), since Pebble's state after it is not to be trusted;
//   - Warnings lists what recovery at open dropped from the write-ahead
//     logs, which Pebble does silently.

// FatalError is the panic value of Pebble's fatal handler in an index.
type FatalError struct{ Msg string }

func (e *FatalError) Error() string { return "index: pebble: " + e.Msg }

// health is what an index knows of its own damage.
type health struct {
	mu     sync.Mutex
	damage []string
	seen   map[string]bool
	count  atomic.Int64
	failed atomic.Bool
}

const maxDamage = 100

// record counts a corruption and keeps its description, made by what,
// once per key (a file, a message).
func (h *health) record(key string, what func() string) {
	h.count.Add(1)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.seen == nil {
		h.seen = map[string]bool{}
	}
	if h.seen[key] || len(h.damage) >= maxDamage {
		return
	}
	h.seen[key] = true
	h.damage = append(h.damage, what())
}

// last is the latest damage described.
func (h *health) last() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.damage) == 0 {
		return "no detail"
	}
	return h.damage[len(h.damage)-1]
}

// Damage describes the corruption met since Open, one line per damaged
// file or failure, at most 100.
func (ix *Index) Damage() []string {
	ix.health.mu.Lock()
	defer ix.health.mu.Unlock()
	return append([]string(nil), ix.health.damage...)
}

// Corruptions counts the operations that met corruption since Open.
func (ix *Index) Corruptions() int64 { return ix.health.count.Load() }

// Healthy is false once an operation met corruption or Pebble failed: the
// index keeps answering what it can, but should be checked and repaired
// (see Check and Repair) and taken out of rotation.
func (ix *Index) Healthy() bool { return ix.health.count.Load() == 0 && !ix.health.failed.Load() }

// Warnings are what recovery at Open dropped from the write-ahead logs
// (writes lost to a torn or damaged log, or a deleted one). Nil when
// nothing was dropped that could be seen.
func (ix *Index) Warnings() []string { return append([]string(nil), ix.warnings...) }

func (ix *Index) eventListener() *pebble.EventListener {
	return &pebble.EventListener{
		DataCorruption: func(info pebble.DataCorruptionInfo) {
			ix.health.record(info.Path, func() string {
				return fmt.Sprintf("%s: %v (keys %s)", filepath.Base(info.Path), info.Details, info.Bounds)
			})
		},
		BackgroundError: func(err error) {
			if pebble.IsCorruptionError(err) {
				msg := fmt.Sprintf("background: %v", err)
				ix.health.record(msg, func() string { return msg })
				return
			}
			fmt.Fprintf(os.Stderr, "index: pebble: background error: %v\n", err)
		},
	}
}

// catch ends every exported operation: it recovers Pebble's fatal panic
// and marks corruption errors with ErrCorrupt.
func (ix *Index) catch(err *error) {
	if r := recover(); r != nil {
		fe, ok := r.(*FatalError)
		if !ok {
			panic(r)
		}
		ix.health.failed.Store(true)
		ix.health.record(fe.Msg, func() string { return fe.Msg })
		*err = fmt.Errorf("%w: %v", ErrCorrupt, fe)
		return
	}
	if *err != nil && pebble.IsCorruptionError(*err) && !errors.Is(*err, ErrCorrupt) {
		if info := pebble.ExtractDataCorruptionInfo(*err); info != nil {
			*err = fmt.Errorf("%w: table %s: %w", ErrCorrupt, filepath.Base(info.Path), *err)
			return
		}
		msg := (*err).Error()
		ix.health.record(msg, func() string { return msg })
		*err = fmt.Errorf("%w: %w", ErrCorrupt, *err)
	}
}

// openPebble is pebble.Open with its fatal panics turned into errors.
func openPebble(path string, po *pebble.Options) (db *pebble.DB, err error) {
	defer func() {
		if r := recover(); r != nil {
			fe, ok := r.(*FatalError)
			if !ok {
				panic(r)
			}
			err = fmt.Errorf("%w: %v", ErrCorrupt, fe)
		}
	}()
	db, err = pebble.Open(path, po)
	if err != nil && pebble.IsCorruptionError(err) {
		err = fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	return db, err
}

// fatalLogger drops Pebble's informational messages, which would mix into
// the CLI's output, keeps errors, and turns fatal ones into an error state.
type fatalLogger struct{ h *health }

func (fatalLogger) Infof(string, ...any) {}
func (fatalLogger) Errorf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "index: pebble: "+format+"\n", args...)
}

// Fatalf is called for a broken invariant. Called under an index
// operation, it panics with a *FatalError, which the operation recovers
// into an ErrCorrupt error. Called on one of Pebble's own goroutines (a
// background compaction or flush), a panic would end the process, since
// nothing recovers it there: the index is marked failed (every operation
// then fails with ErrCorrupt, Healthy is false), the message is logged,
// and only that goroutine ends.
func (l fatalLogger) Fatalf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if l.h == nil || underOperation() {
		panic(&FatalError{Msg: msg})
	}
	l.h.failed.Store(true)
	l.h.record(msg, func() string { return "background: " + msg })
	fmt.Fprintf(os.Stderr, "index: pebble: fatal error in a background task; the index is failed: %s\n", msg)
	runtime.Goexit()
}

// underOperation reports whether the calling goroutine is running an
// index operation (a method of Index, or the open), which recovers
// FatalError. Pebble's background goroutines run none.
func underOperation() bool {
	pc := make([]uintptr, 64)
	n := runtime.Callers(3, pc)
	frames := runtime.CallersFrames(pc[:n])
	for {
		f, more := frames.Next()
		if strings.HasPrefix(f.Function, thisPackage+"(*Index).") || f.Function == thisPackage+"openPebble" {
			return true
		}
		if !more {
			return false
		}
	}
}

// thisPackage prefixes the names of this package's functions.
const thisPackage = "github.com/rehashdev/rehash/index."

// quietLogger is fatalLogger, for the read-only probe of a directory.
type quietLogger = fatalLogger

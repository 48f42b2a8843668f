package index

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/vfs"
)

// The index directory.
//
// Besides Pebble's files, an index directory holds two files of its own:
//
//	REHASH-INDEX   "rehash index\nformat N\n": the directory's format
//	               record. Written at creation, before Pebble writes
//	               anything, and never changed.
//	rehash.lock    flock(2)ed: exclusively by a read-write open, which
//	               writes its process id into it, shared by read-only
//	               opens, so read-only commands run side by side and a
//	               writer names itself to whoever it keeps out.
//
// Open touches a directory only when it is absent or empty (a new index) or
// holds REHASH-INDEX; anything else is refused with ErrNotIndex before a
// byte is written. A directory with REHASH-INDEX is opened with Pebble's
// ErrorIfNotExists: Pebble would otherwise take a store whose manifest
// markers are gone for an empty one and delete its tables as obsolete.
//
// Directories written before REHASH-INDEX existed (format 2 stores of
// earlier versions) are recognized by opening them read-only and finding
// the parameters record; a read-write open then adds the file.
const (
	dirMarkerName = "REHASH-INDEX"
	lockName      = "rehash.lock"
)

var (
	// ErrNotIndex means the directory holds files but not a rehash index:
	// Open refuses it rather than write (or delete) anything there.
	ErrNotIndex = errors.New("index: not a rehash index")
	// ErrLocked means another process has the index open in a mode that
	// excludes this one.
	ErrLocked = errors.New("index: in use")
)

func dirMarker() []byte { return []byte("rehash index\nformat " + strconv.Itoa(formatVersion) + "\n") }

// dirState is what prepareDir found.
type dirState int

const (
	dirNew    dirState = iota // absent, or empty but for our own files
	dirIndex                  // holds REHASH-INDEX
	dirLegacy                 // an index from before REHASH-INDEX
)

// inspectDir classifies path without writing to it.
func inspectDir(path string) (dirState, error) {
	ents, err := os.ReadDir(path)
	if errors.Is(err, os.ErrNotExist) {
		return dirNew, nil
	}
	if err != nil {
		return 0, fmt.Errorf("index: open %s: %w", path, err)
	}
	var names []string
	marker := false
	for _, e := range ents {
		switch e.Name() {
		case dirMarkerName:
			marker = true
		case lockName:
		default:
			names = append(names, e.Name())
		}
	}
	if marker {
		b, err := os.ReadFile(filepath.Join(path, dirMarkerName))
		if err != nil {
			return 0, fmt.Errorf("index: open %s: %w", path, err)
		}
		if err := checkDirMarker(b); err != nil {
			return 0, fmt.Errorf("%w: %s: %v", ErrFormat, path, err)
		}
		if len(names) == 0 {
			return dirNew, nil // created, then stopped before Pebble wrote
		}
		return dirIndex, nil
	}
	if len(names) == 0 {
		return dirNew, nil
	}
	if isLegacyIndex(path) {
		return dirLegacy, nil
	}
	slices.Sort(names)
	if len(names) > 3 {
		names = append(names[:3], "...")
	}
	return 0, fmt.Errorf("%w: %s holds %s and no %s; give an empty or new directory", ErrNotIndex, path,
		strings.Join(names, ", "), dirMarkerName)
}

func checkDirMarker(b []byte) error {
	s, ok := strings.CutPrefix(string(b), "rehash index\nformat ")
	if !ok {
		return fmt.Errorf("%s is not a rehash format record", dirMarkerName)
	}
	v, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return fmt.Errorf("%s: bad format line", dirMarkerName)
	}
	if v != formatVersion {
		return fmt.Errorf("format %d (this rehash reads %d)", v, formatVersion)
	}
	return nil
}

// isLegacyIndex reports whether path holds a Pebble store with our
// parameters record, opening it read-only (which writes nothing).
func isLegacyIndex(path string) bool {
	desc, err := pebble.Peek(path, vfs.Default)
	if err != nil || !desc.Exists {
		return false
	}
	db, err := pebble.Open(path, &pebble.Options{Comparer: comparer, Merger: counterMerger, ReadOnly: true,
		ErrorIfNotExists: true, FS: sharedLockFS{vfs.Default}, Logger: quietLogger{}})
	if err != nil {
		return false
	}
	defer db.Close()
	_, closer, err := db.Get(keyParams)
	if err != nil {
		return false
	}
	closer.Close()
	return true
}

// writeDirMarker creates REHASH-INDEX, durably, failing if it exists.
func writeDirMarker(path string) error {
	f, err := os.OpenFile(filepath.Join(path, dirMarkerName), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	if _, err := f.Write(dirMarker()); err != nil {
		f.Close()
		return fmt.Errorf("index: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("index: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	if d, err := os.Open(path); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// sharedLockFS is the default file system with Pebble's directory lock
// turned into a no-op: read-only opens are excluded from writers by
// rehash.lock instead, which, unlike Pebble's LOCK, can be shared.
type sharedLockFS struct{ vfs.FS }

func (sharedLockFS) Lock(string) (io.Closer, error) { return io.NopCloser(nil), nil }

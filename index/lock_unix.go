//go:build unix

package index

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// sharedLocks: rehash.lock excludes writers from read-only opens, which
// can then skip Pebble's exclusive lock.
const sharedLocks = true

// lockDir takes rehash.lock in path: shared for a read-only open,
// exclusive (with this process's id written into it) otherwise. It never
// waits: a lock held elsewhere is ErrLocked, naming the writer when there
// is a live one.
func lockDir(path string, shared bool) (release func(), err error) {
	name := filepath.Join(path, lockName)
	flag := os.O_RDWR | os.O_CREATE
	f, err := os.OpenFile(name, flag, 0o644)
	if err != nil && shared {
		// A read-only file system or directory: nothing can write either.
		if f, err = os.Open(name); errors.Is(err, os.ErrNotExist) {
			return func() {}, nil
		}
	}
	if err != nil {
		return nil, fmt.Errorf("index: lock: %w", err)
	}
	how := syscall.LOCK_EX
	if shared {
		how = syscall.LOCK_SH
	}
	if err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB); err != nil {
		holder := lockHolder(f)
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%w: %s is in use by %s", ErrLocked, path, holder)
		}
		return nil, fmt.Errorf("index: lock %s: %w", name, err)
	}
	if !shared {
		f.Truncate(0)
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return func() {
		if !shared {
			f.Truncate(0)
		}
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// lockHolder describes who holds the lock: the writer's process id when
// the file names a live process, else read-only users.
func lockHolder(f *os.File) string {
	b := make([]byte, 32)
	n, _ := f.ReadAt(b, 0)
	pid, err := strconv.Atoi(strings.TrimSpace(string(b[:n])))
	if err == nil && pid > 0 && syscall.Kill(pid, 0) != syscall.ESRCH {
		return fmt.Sprintf("process %d (rehash serve? query it with --server URL)", pid)
	}
	return "another process reading it (a read-only rehash command?)"
}

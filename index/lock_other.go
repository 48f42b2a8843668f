//go:build !unix

package index

// lockDir is a no-op where flock(2) is missing: Pebble's own exclusive
// directory lock still keeps a second writer out, but read-only opens do
// not share.
func lockDir(path string, shared bool) (release func(), err error) { return func() {}, nil }

// sharedLocks: without rehash.lock, read-only opens keep Pebble's lock.
const sharedLocks = false

package ingest

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/rehashdev/rehash"
)

// walk reads the directory dir (rel is its path relative to the directory
// the user named, "" for that one) recursively, in lexical order, and
// reads every regular file in it. Names starting with "." are passed over,
// as tools do for hidden files.
//
// Symbolic links are followed, to files and to directories, and read
// under the link's own name. A link to a directory that is being walked
// already (an ancestor: a loop) is not followed again but counted as a
// skip (symlink-loop), as is a link that leads nowhere (unreadable).
// Named pipes, sockets and devices are counted as skipped (special-file):
// a FIFO in a folder would block the walk until some process writes to
// it; name it on the command line to read it. Cost: one stat per link,
// and a comparison with each directory on the current path.
//
// file is called for every regular file, with the id a single-document
// file gets (its path relative to the directory named, slash-separated);
// problems found on the way reach yield as records that fail to decode.
func walk(ctx context.Context, dir, rel string, ancestors []os.FileInfo, file func(path, id string) error, yield func(*Record) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		// An unreadable directory is a counted skip, not the end of a
		// long walk; entries read before the error are still read.
		if yerr := yield(failed(rehash.Source{Path: dir}, rehash.SkipUnreadable, err)); yerr != nil {
			return yerr
		}
	}
	for _, d := range entries {
		name := d.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		p := filepath.Join(dir, name)
		id := path.Join(filepath.ToSlash(rel), name)
		mode := d.Type()
		var fi os.FileInfo
		if mode&fs.ModeSymlink != 0 {
			fi, err = os.Stat(p)
			if err != nil {
				if yerr := yield(failed(rehash.Source{Path: p}, rehash.SkipUnreadable, fmt.Errorf("symbolic link: %w", err))); yerr != nil {
					return yerr
				}
				continue
			}
			mode = fi.Mode().Type()
		}
		switch {
		case mode.IsDir():
			if fi == nil {
				if fi, err = os.Stat(p); err != nil {
					if yerr := yield(failed(rehash.Source{Path: p}, rehash.SkipUnreadable, err)); yerr != nil {
						return yerr
					}
					continue
				}
			}
			if loopsTo(fi, ancestors) {
				target, _ := filepath.EvalSymlinks(p)
				if yerr := yield(failed(rehash.Source{Path: p}, SkipSymlinkLoop, fmt.Errorf("symbolic link to %s, a directory being read already: %w", target, ErrSymlinkLoop))); yerr != nil {
					return yerr
				}
				continue
			}
			if err := walk(ctx, p, id, append(ancestors, fi), file, yield); err != nil {
				return err
			}
		case mode.IsRegular():
			if err := file(p, id); err != nil {
				return err
			}
		default:
			if yerr := yield(failed(rehash.Source{Path: p}, SkipSpecial, fmt.Errorf("%s: not read in a directory walk (name it as an input to read it)", specialKind(mode)))); yerr != nil {
				return yerr
			}
		}
	}
	return nil
}

// The skip reasons of a walk.
const (
	// SkipSymlinkLoop: a symbolic link to a directory the walk is in.
	SkipSymlinkLoop rehash.SkipReason = "symlink-loop"
	// SkipSpecial: a named pipe, socket or device found in a walk.
	SkipSpecial rehash.SkipReason = "special-file"
)

// ErrSymlinkLoop is the cause of a SkipSymlinkLoop.
var ErrSymlinkLoop = errors.New("ingest: symbolic link loop")

func loopsTo(fi os.FileInfo, ancestors []os.FileInfo) bool {
	for _, a := range ancestors {
		if os.SameFile(fi, a) {
			return true
		}
	}
	return false
}

func specialKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "not a regular file"
}

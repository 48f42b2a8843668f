// Package output writes a command's outputs so that a failed or
// interrupted run never destroys data: each file is written to a temporary
// file beside it and renamed over the destination only once complete, an
// output that is one of the inputs is refused before anything is read, and
// a standard output whose reader went away ends the run quietly instead of
// killing it with SIGPIPE halfway through its other outputs.
//
//	f, err := output.Create("clusters.jsonl.gz", os.Stdout)
//	if err != nil { ... }
//	defer f.Abort()          // removes the temporary file unless committed
//	writeClusters(f)
//	return f.Commit()        // gzip trailer, fsync, rename
//
// A name ending in .gz or .zst is compressed; "-" is standard output,
// which is written through a buffer and flushed by Commit.
package output

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// ErrClosedPipe reports that standard output's reader went away (a
// `| head`). It is not a failure of the run: the command stops writing and
// exits quietly.
var ErrClosedPipe = errors.New("output: standard output closed by its reader")

// Stdout is the name that means standard output.
const Stdout = "-"

// File is one output being written. Write to it, then Commit; Abort (safe
// to defer, to call twice and on nil) removes what was written unless it
// was committed.
type File struct {
	name   string // as given
	final  string // the destination, symlinks resolved
	tmp    string // the temporary file beside it; "" for standard output
	mode   fs.FileMode
	keep   bool // keep mode: the destination existed
	f      *os.File
	comp   io.WriteCloser
	w      *bufio.Writer
	err    error // the first write error: Commit returns it
	closed bool
	direct bool // f is the destination itself: a device or a named pipe
}

// Create starts the output name: "-" writes to stdout, anything else to a
// new temporary file in the destination's directory (so that the rename is
// atomic and a missing or unwritable directory fails now, before the run's
// work, not after). The destination itself is not touched until Commit.
func Create(name string, stdout io.Writer) (*File, error) {
	o := &File{name: name}
	var w io.Writer
	if name == Stdout {
		w = pipeWriter{stdout}
	} else {
		final, err := resolve(name)
		if err != nil {
			return nil, err
		}
		o.final = final
		fi, err := os.Stat(final)
		switch {
		case err == nil && fi.IsDir():
			return nil, fmt.Errorf("output %s: is a directory", name)
		case err == nil && !fi.Mode().IsRegular():
			// A device or a named pipe (-o /dev/null, a FIFO) holds no
			// earlier output to protect and cannot be replaced by a
			// rename: it is written to directly, as a shell redirect would.
			f, err := os.OpenFile(final, os.O_WRONLY, 0)
			if err != nil {
				return nil, fmt.Errorf("output %s: %w", name, err)
			}
			o.f, o.direct, w = f, true, f
		default:
			if err == nil {
				o.mode, o.keep = fi.Mode().Perm(), true
			}
			f, err := createTemp(final)
			if err != nil {
				return nil, fmt.Errorf("output %s: %w", name, err)
			}
			o.f, o.tmp, w = f, f.Name(), f
		}
	}
	switch {
	case strings.HasSuffix(name, ".gz"):
		o.comp = gzip.NewWriter(w)
		w = o.comp
	case strings.HasSuffix(name, ".zst"):
		zw, err := zstd.NewWriter(w)
		if err != nil {
			o.Abort()
			return nil, err
		}
		o.comp, w = zw, zw
	}
	o.w = bufio.NewWriterSize(w, 1<<16)
	return o, nil
}

// Name returns the name the output was created with.
func (o *File) Name() string { return o.name }

// IsStdout reports whether the output is standard output.
func (o *File) IsStdout() bool { return o != nil && o.tmp == "" && o.f == nil }

func (o *File) Write(p []byte) (int, error) {
	if o.err != nil {
		return 0, o.err
	}
	n, err := o.w.Write(p)
	if err != nil {
		o.err = o.wrap(err)
	}
	return n, o.err
}

func (o *File) wrap(err error) error {
	if errors.Is(err, ErrClosedPipe) {
		return err
	}
	if o.IsStdout() {
		return fmt.Errorf("standard output: %w", err)
	}
	return fmt.Errorf("output %s: %w", o.name, err)
}

// Commit finishes the output: flushes the buffer and the compressor, syncs
// the temporary file and renames it over the destination. After a write
// error, Commit returns that error and removes the temporary file.
func (o *File) Commit() error {
	if o == nil || o.closed {
		return nil
	}
	err := o.err
	if err == nil {
		err = o.w.Flush()
	}
	if o.comp != nil {
		if cerr := o.comp.Close(); err == nil {
			err = cerr
		}
	}
	if o.f == nil || o.direct {
		o.closed = true
		if o.direct {
			if cerr := o.f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			return o.wrap(err)
		}
		return nil
	}
	if err == nil {
		err = o.f.Sync()
	}
	if err == nil && o.keep {
		// Replacing a file keeps its permissions, as editing it would.
		err = o.f.Chmod(o.mode)
	}
	if cerr := o.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(o.tmp, o.final)
	}
	if err != nil {
		o.Abort()
		return o.wrap(err)
	}
	o.closed = true
	forget(o.tmp)
	return nil
}

// Abort discards the output: the temporary file is removed and the
// destination keeps whatever it held before. It does nothing after Commit.
func (o *File) Abort() {
	if o == nil || o.closed {
		return
	}
	o.closed = true
	if o.f != nil {
		o.f.Close()
		if !o.direct {
			os.Remove(o.tmp)
			forget(o.tmp)
		}
	}
}

// resolve returns the path the output will really be written to: the
// target of a symlink (which stays a symlink), else the name in its
// directory with symlinks and ".." resolved as the kernel resolves them
// (a lexical filepath.Clean would not). The directory must exist.
func resolve(name string) (string, error) {
	if t, err := filepath.EvalSymlinks(name); err == nil {
		return t, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("output %s: %w", name, err)
	}
	dir, base := ".", name
	if i := strings.LastIndexByte(name, filepath.Separator); i >= 0 {
		dir, base = name[:i+1], name[i+1:]
	}
	d, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return "", fmt.Errorf("output %s: %w", name, err)
	}
	if fi, err := os.Stat(d); err != nil {
		return "", fmt.Errorf("output %s: %w", name, err)
	} else if !fi.IsDir() {
		return "", fmt.Errorf("output %s: %s is not a directory", name, dir)
	}
	if base == "" || base == "." || base == ".." {
		return "", fmt.Errorf("output %s: not a file name", name)
	}
	return filepath.Join(d, base), nil
}

// createTemp creates an empty file beside final, named with a leading dot
// (so that directory walks, which skip dot files, never read it) and a
// random suffix. The mode 0666 is narrowed by the umask as os.Create's is.
func createTemp(final string) (*os.File, error) {
	dir, base := filepath.Split(final)
	for range 100 {
		var b [6]byte
		rand.Read(b[:])
		tmp := filepath.Join(dir, "."+base+".tmp-"+hex.EncodeToString(b[:]))
		f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		remember(tmp)
		return f, nil
	}
	return nil, errors.New("cannot create a temporary file")
}

// pipeWriter turns EPIPE on standard output into ErrClosedPipe. It needs
// SIGPIPE ignored (IgnoreSIGPIPE): otherwise the runtime kills the process
// on the first such write.
type pipeWriter struct{ w io.Writer }

func (p pipeWriter) Write(b []byte) (int, error) {
	n, err := p.w.Write(b)
	if errors.Is(err, syscall.EPIPE) {
		err = ErrClosedPipe
	}
	return n, err
}

// The temporary files alive in this process, so that a second Ctrl-C,
// which exits at once, can still remove them.
var temps struct {
	sync.Mutex
	names map[string]bool
}

func remember(name string) {
	temps.Lock()
	defer temps.Unlock()
	if temps.names == nil {
		temps.names = map[string]bool{}
	}
	temps.names[name] = true
}

func forget(name string) {
	temps.Lock()
	defer temps.Unlock()
	delete(temps.names, name)
}

// RemoveTemps removes every temporary file of an output not yet committed
// or aborted, for a process about to exit without unwinding (a second
// interrupt). The destinations are left as they were.
func RemoveTemps() {
	temps.Lock()
	defer temps.Unlock()
	for name := range temps.names {
		os.Remove(name)
	}
	temps.names = nil
}

package output

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ErrSameFile reports an output that is the same file as an input or as
// another output: writing it would destroy the input, or one output would
// overwrite the other.
var ErrSameFile = errors.New("output is the same file as an input")

// ErrInsideInput reports an output inside a directory that is walked as
// input: the next run over that directory would read the output as a
// document (and this run would, if it already exists).
var ErrInsideInput = errors.New("output is inside an input directory")

// Check refuses, before anything is read or created, outputs that would
// destroy or pollute an input:
//
//   - an output that is the same file as an input or as another output,
//     compared by device and inode, so that symlinks, hard links and
//     different spellings of one path are all seen through; "-" as an
//     input is standard input and as an output standard output, compared
//     when they are files (a shell's `< x` or `>> x`);
//   - an output inside an input directory, which the walk would read: the
//     output's path is resolved through symlinks and tested against each
//     resolved input directory. An output whose path below that directory
//     has a dot-named element is allowed, because walks skip those.
//
// Every input must exist: a missing one is an error here, before any
// output is created. stdin and stdout are the command's streams; only
// *os.File values are compared.
func Check(inputs, outputs []string, stdin, stdout any) error {
	type in struct {
		name string
		fi   os.FileInfo
		dir  string // resolved, for a directory
	}
	var ins []in
	for _, p := range inputs {
		if p == Stdout {
			if fi := statStream(stdin); fi != nil {
				ins = append(ins, in{name: "standard input", fi: fi})
			}
			continue
		}
		fi, err := os.Stat(p)
		if err != nil {
			return fmt.Errorf("input %w", err)
		}
		x := in{name: p, fi: fi}
		if fi.IsDir() {
			if x.dir, err = filepath.EvalSymlinks(p); err == nil {
				x.dir, err = filepath.Abs(x.dir)
			}
			if err != nil {
				return fmt.Errorf("input %w", err)
			}
		}
		ins = append(ins, x)
	}
	type out struct {
		name string
		fi   os.FileInfo // nil when it does not exist yet
	}
	var outs []out
	for _, o := range outputs {
		if o == "" {
			continue
		}
		if o == Stdout {
			if fi := statStream(stdout); fi != nil {
				outs = append(outs, out{name: "standard output", fi: fi})
			}
			continue
		}
		x := out{name: o}
		if fi, err := os.Stat(o); err == nil {
			x.fi = fi
		}
		// Several outputs may go to one device (-o /dev/null --pairs
		// /dev/null): it keeps nothing for them to overwrite.
		device := x.fi != nil && x.fi.Mode()&os.ModeDevice != 0
		for _, y := range outs {
			if device {
				break
			}
			if x.fi != nil && y.fi != nil && os.SameFile(x.fi, y.fi) || x.fi == nil && y.fi == nil && filepath.Clean(o) == filepath.Clean(y.name) {
				return fmt.Errorf("%w: %s and %s are the same file (two outputs)", ErrSameFile, y.name, o)
			}
		}
		for _, i := range ins {
			if x.fi != nil && os.SameFile(x.fi, i.fi) {
				return fmt.Errorf("%w: %s is the input %s; write it elsewhere", ErrSameFile, o, i.name)
			}
			if i.dir == "" {
				continue
			}
			if inside, err := within(i.dir, o); err != nil {
				return err
			} else if inside {
				return fmt.Errorf("%w: %s is inside %s, which is read as input (a later run would read it as a document); write it elsewhere", ErrInsideInput, o, i.name)
			}
		}
		outs = append(outs, x)
	}
	// Standard output was compared with the outputs before it only.
	for _, x := range outs {
		if x.name != "standard output" {
			continue
		}
		for _, i := range ins {
			if os.SameFile(x.fi, i.fi) {
				return fmt.Errorf("%w: standard output is the input %s", ErrSameFile, i.name)
			}
		}
	}
	return nil
}

// within reports whether the output name, resolved, lies under dir where
// a walk would reach it (no dot-named element on the way).
func within(dir, name string) (bool, error) {
	p, err := resolve(name)
	if err != nil {
		return false, nil // Create reports it.
	}
	if p, err = filepath.Abs(p); err != nil {
		return false, err
	}
	rel, err := filepath.Rel(dir, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return false, nil
	}
	for _, el := range strings.Split(rel, string(filepath.Separator)) {
		if strings.HasPrefix(el, ".") {
			return false, nil
		}
	}
	return true, nil
}

// statStream returns the file behind a standard stream when it is a
// regular file (a redirection), else nil: pipes and terminals cannot be
// an input file.
func statStream(s any) os.FileInfo {
	f, ok := s.(*os.File)
	if !ok || f == nil {
		return nil
	}
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return nil
	}
	return fi
}

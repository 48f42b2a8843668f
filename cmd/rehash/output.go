package main

import (
	"bufio"
	"io"
	"os"
	"strings"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// output is a file (or standard output) being written, compressed when its
// name ends in .gz or .zst. Close is safe to call twice and on nil.
type output struct {
	w      *bufio.Writer
	comp   io.WriteCloser
	file   *os.File
	closed bool
}

func createOutput(name string, stdout io.Writer) (*output, error) {
	o := &output{}
	var w io.Writer = stdout
	if name != "-" {
		f, err := os.Create(name)
		if err != nil {
			return nil, err
		}
		o.file, w = f, f
	}
	switch {
	case strings.HasSuffix(name, ".gz"):
		o.comp = gzip.NewWriter(w)
		w = o.comp
	case strings.HasSuffix(name, ".zst"):
		zw, err := zstd.NewWriter(w)
		if err != nil {
			return nil, err
		}
		o.comp, w = zw, zw
	}
	o.w = bufio.NewWriterSize(w, 1<<16)
	return o, nil
}

func (o *output) Write(p []byte) (int, error) { return o.w.Write(p) }

func (o *output) Close() error {
	if o == nil || o.closed {
		return nil
	}
	o.closed = true
	err := o.w.Flush()
	if o.comp != nil {
		if cerr := o.comp.Close(); err == nil {
			err = cerr
		}
	}
	if o.file != nil {
		if cerr := o.file.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

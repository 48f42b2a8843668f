package ingest

import (
	"bytes"
	"fmt"
	"io"
	"os"
)

// randomAccess gives formats that need io.ReaderAt (Parquet, zip) the
// stream in: the file itself, reopened by name, when in is a plain file
// read as stored, else a temporary copy (standard input, a compressed file,
// an archive member). The caller must call the returned cleanup.
//
// A reopened file is still drained through in when cleanup runs, so that
// Options.BytesRead counts it; the pages are in the cache by then.
func randomAccess(in *Input, magic []byte) (io.ReaderAt, int64, func(), error) {
	if f, size, ok := reopen(in, magic); ok {
		return f, size, func() {
			io.Copy(io.Discard, in.R)
			f.Close()
		}, nil
	}
	tmp, err := os.CreateTemp("", "rehash-spool-*")
	if err != nil {
		return nil, 0, nil, fmt.Errorf("ingest: spool %s: %w", in.Name, err)
	}
	cleanup := func() {
		tmp.Close()
		os.Remove(tmp.Name())
	}
	er := &errorReader{r: in.R}
	n, err := io.Copy(tmp, er)
	if err != nil {
		cleanup()
		if er.err != nil {
			return nil, 0, nil, readError{er.err}
		}
		return nil, 0, nil, fmt.Errorf("ingest: spool %s: %w", in.Name, err)
	}
	return tmp, n, cleanup, nil
}

// reopen opens in.Name if it is a regular file whose stored bytes start
// with magic, which rules out compressed files (their magic differs),
// standard input ("-") and archive members ("a.tar/x", not a file).
func reopen(in *Input, magic []byte) (*os.File, int64, bool) {
	if in.Name == "-" {
		return nil, 0, false
	}
	head, _ := in.R.Peek(len(magic))
	if !bytes.Equal(head, magic) {
		return nil, 0, false
	}
	f, err := os.Open(in.Name)
	if err != nil {
		return nil, 0, false
	}
	fi, err := f.Stat()
	buf := make([]byte, len(magic))
	if err != nil || !fi.Mode().IsRegular() {
		f.Close()
		return nil, 0, false
	}
	if _, err := io.ReadFull(f, buf); err != nil || !bytes.Equal(buf, magic) {
		f.Close()
		return nil, 0, false
	}
	return f, fi.Size(), true
}

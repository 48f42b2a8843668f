package ingest

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/rehashdev/rehash"
)

// tarFormat reads a tar archive (compressed or not: decompression has
// already happened) and reads every regular member as an input of its own,
// with its format detected from the member's name and content, as for a
// file in a walked directory. A member "b/c.txt" of "a.tar" has the path
// "a.tar/b/c.txt", which is also the id of a single-document member.
//
// Members are read in archive order. Hidden members (a path element
// starting with ".") and macOS resource forks are passed over, as hidden
// files are in a directory walk.
type tarFormat struct{}

func (tarFormat) Name() string { return "tar" }

func (tarFormat) Split(ctx context.Context, in *Input, yield func(*Record) error) error {
	er := &errorReader{r: in.R}
	tr := tar.NewReader(er)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			if er.err != nil {
				return readError{er.err}
			}
			// A damaged header: what follows cannot be located.
			return yield(failed(rehash.Source{Path: in.Name, Format: "tar"}, rehash.SkipMalformed, fmt.Errorf("tar: %w", err)))
		}
		if h.Typeflag != tar.TypeReg || skipMember(h.Name) {
			continue
		}
		if err := readMember(ctx, in, h.Name, tr, er, yield); err != nil {
			return err
		}
	}
}

// zipFormat reads a zip archive as tarFormat reads a tar archive. Zip keeps
// its directory at the end, so the archive is reopened or spooled for
// random access (see randomAccess).
type zipFormat struct{}

func (zipFormat) Name() string { return "zip" }

func (zipFormat) Split(ctx context.Context, in *Input, yield func(*Record) error) error {
	ra, size, cleanup, err := randomAccess(in, []byte("PK"))
	if err != nil {
		return err
	}
	defer cleanup()
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return yield(failed(rehash.Source{Path: in.Name, Format: "zip"}, rehash.SkipMalformed, fmt.Errorf("zip: %w", err)))
	}
	for _, f := range zr.File {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !f.Mode().IsRegular() || skipMember(f.Name) {
			continue
		}
		name := in.Name + "/" + f.Name
		rc, err := f.Open()
		if err != nil {
			if err := yield(failed(rehash.Source{Path: name}, rehash.SkipUnreadable, fmt.Errorf("zip: %w", err))); err != nil {
				return err
			}
			continue
		}
		err = readMember(ctx, in, f.Name, rc, nil, yield)
		rc.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// readMember reads one archive member as an input of its own. A problem
// inside the member (a damaged gzip member, a bad zip checksum) is yielded
// as a failed record and reading goes on; an error of yield's, or one from
// the archive stream itself (outer, if not nil), ends the archive.
func readMember(ctx context.Context, in *Input, name string, r io.Reader, outer *errorReader, yield func(*Record) error) error {
	o := *in.Opts
	o.Format = ""     // a forced format named the archive, not its members
	o.BytesRead = nil // the archive's bytes are counted already
	var yerr error
	err := readStream(ctx, &o, in.Name+"/"+name, in.IDBase+"/"+name, io.NopCloser(r), func(rec *Record) error {
		yerr = yield(rec)
		return yerr
	})
	switch {
	case err == nil || yerr != nil || ctx.Err() != nil:
		return err
	case outer != nil && outer.err != nil:
		return readError{outer.err}
	}
	return yield(failed(rehash.Source{Path: in.Name + "/" + name}, rehash.SkipUnreadable, err))
}

// skipMember reports hidden members and macOS metadata.
func skipMember(name string) bool {
	if strings.HasPrefix(name, "__MACOSX/") {
		return true
	}
	for _, el := range strings.Split(path.Clean(name), "/") {
		if strings.HasPrefix(el, ".") && el != "." && el != ".." {
			return true
		}
	}
	return false
}

func sniffTar(head []byte) bool {
	return len(head) >= 262 && bytes.Equal(head[257:262], []byte("ustar"))
}

func sniffZip(head []byte) bool {
	return bytes.HasPrefix(head, []byte("PK\x03\x04")) || bytes.HasPrefix(head, []byte("PK\x05\x06"))
}

func sniffParquet(head []byte) bool { return bytes.HasPrefix(head, parquetMagic) }

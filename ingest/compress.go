package ingest

import (
	"bytes"
	"compress/bzip2"
	"io"
	"strings"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

var (
	gzipMagic  = []byte{0x1f, 0x8b}
	zstdMagic  = []byte{0x28, 0xb5, 0x2f, 0xfd}
	bzip2Magic = []byte("BZh")
)

// decompress looks at the first bytes of br and returns a reader of the
// decompressed stream, with the file extension that compression usually
// carries ("" for none). Multi-member gzip files are read whole.
func decompress(br *offsetReader) (io.ReadCloser, string, error) {
	head, _ := br.Peek(4)
	switch {
	case bytes.HasPrefix(head, gzipMagic):
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, "", err
		}
		return zr, ".gz", nil
	case bytes.HasPrefix(head, zstdMagic):
		zr, err := zstd.NewReader(br, zstd.WithDecoderConcurrency(1))
		if err != nil {
			return nil, "", err
		}
		return zr.IOReadCloser(), ".zst", nil
	case bytes.HasPrefix(head, bzip2Magic) && len(head) == 4 && head[3] >= '1' && head[3] <= '9':
		return io.NopCloser(bzip2.NewReader(br)), ".bz2", nil
	}
	return io.NopCloser(br), "", nil
}

// trimCompressExt drops a compression extension from a name, so that
// "a.jsonl.gz" is read as JSONL and a gzipped text file keeps its id.
func trimCompressExt(name, ext string) string {
	if ext == "" {
		return name
	}
	for _, e := range []string{ext, ".gzip", ".zstd", ".bzip2"} {
		if strings.HasSuffix(strings.ToLower(name), e) {
			return name[:len(name)-len(e)]
		}
	}
	return name
}

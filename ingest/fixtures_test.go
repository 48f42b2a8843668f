package ingest

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"testing"

	"github.com/klauspost/compress/gzip"
	"github.com/parquet-go/parquet-go"
)

// The fixtures below are built in code from text written for these tests,
// so that binary formats need no checked-in blobs except the ones
// TestGenerateFixtures writes for the CLI scenarios.

// warcRecord renders one WARC record with the given type, target URI and
// block, with the two CRLFs that end it.
func warcRecord(typ, uri, contentType, block string) string {
	h := "WARC/1.1\r\nWARC-Type: " + typ + "\r\n"
	if uri != "" {
		h += "WARC-Target-URI: " + uri + "\r\n"
	}
	h += "WARC-Date: 2024-03-01T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:" + fmt.Sprintf("%08x", len(block)) + "-0000-0000-0000-000000000000>\r\n"
	h += "Content-Type: " + contentType + "\r\n"
	h += fmt.Sprintf("Content-Length: %d\r\n\r\n", len(block))
	return h + block + "\r\n\r\n"
}

// httpResponse renders an HTTP response for a WARC response block.
func httpResponse(status int, contentType, body string) string {
	return fmt.Sprintf("HTTP/1.1 %d X\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s", status, contentType, len(body), body)
}

// gzipMembers compresses each part as its own gzip member, as .warc.gz
// files do per record.
func gzipMembers(t testing.TB, parts ...string) []byte {
	var buf bytes.Buffer
	for _, p := range parts {
		zw := gzip.NewWriter(&buf)
		if _, err := zw.Write([]byte(p)); err != nil {
			t.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

// parquetRow is the schema of the Parquet fixtures.
type parquetRow struct {
	ID    string   `parquet:"id"`
	Text  string   `parquet:"text,optional"`
	Title string   `parquet:"title,optional"`
	Score float64  `parquet:"score"`
	Tags  []string `parquet:"tags,list"`
}

// parquetFile writes rows, rowsPerGroup at a time, to a Parquet file.
func parquetFile(t testing.TB, rows []parquetRow, rowsPerGroup int) []byte {
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[parquetRow](&buf, parquet.MaxRowsPerRowGroup(int64(rowsPerGroup)))
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func tarFile(t testing.TB, files ...[2]string) []byte {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, f := range files {
		if err := tw.WriteHeader(&tar.Header{Name: f[0], Mode: 0o644, Size: int64(len(f[1])), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		io.WriteString(tw, f[1])
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func zipFile(t testing.TB, files ...[2]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := zw.Create(f[0])
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, f[1])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

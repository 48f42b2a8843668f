package ingest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rehashdev/rehash"
)

// fuzzFormat splits data with f and decodes every record, checking the
// contract: no panic, and every record gives a document or a
// *rehash.RecordError (decodeRecord fails the test otherwise).
//
// A panic of a decoder library is recovered into a record error, which
// keeps the contract; set REHASH_FUZZ_PANICS=1 to have the fuzzer report
// those too, to find inputs that make a library panic (the seeds in
// testdata/fuzz came from such runs).
func fuzzFormat(t *testing.T, f Format, data []byte) {
	in := &Input{Name: "fuzz", IDBase: "fuzz", R: bufio.NewReaderSize(bytes.NewReader(data), 1<<16), Opts: (&Options{MaxRecordBytes: 1 << 20}).withDefaults()}
	strict := os.Getenv("REHASH_FUZZ_PANICS") != ""
	f.Split(context.Background(), in, func(r *Record) error {
		res := decodeRecord(t, r)
		if strict && res.err != nil && errors.Is(res.err, errDecoderPanic) {
			t.Fatalf("recovered panic: %v", res.err)
		}
		return nil
	})
}

func FuzzJSONL(f *testing.F) {
	f.Add([]byte(`{"id":"a","text":"x"}` + "\n" + `{"text":1}` + "\n\n[1]\n{"))
	f.Add([]byte("{\"text\":\"\xff\"}\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzFormat(t, jsonlFormat{}, data) })
}

func FuzzJSONArray(f *testing.F) {
	f.Add([]byte(`[{"id":"a","text":"x"}, 1, {"text":"y"}]`))
	f.Add([]byte(`{"text":"single"}`))
	f.Add([]byte("\ufeff[ {\"text\": }"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzFormat(t, jsonArrayFormat{}, data) })
}

func FuzzCSV(f *testing.F) {
	f.Add([]byte("id,text\n1,\"a \"\"b\"\"\r\nc\"\n2,x,y\n3,bad\"quote\n"))
	f.Add([]byte("text\n\"open"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzFormat(t, csvFormat{"csv", ','}, data)
		fuzzFormat(t, csvFormat{"tsv", '\t'}, data)
	})
}

func FuzzWARC(f *testing.F) {
	f.Add([]byte(warcRecord("response", "http://x/", "application/http", httpResponse(200, "text/html", page))))
	f.Add([]byte(warcRecord("response", "u", "application/http", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n5\r\nabc")))
	f.Add([]byte(warcRecord("conversion", "u", "text/plain", "text") + "junk\r\nWARC/1.0\r\nContent-Length: 99\r\n\r\nshort"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzFormat(t, warcFormat{}, data) })
}

func FuzzHTMLFormat(f *testing.F) {
	f.Add([]byte(page))
	f.Add([]byte("<p>frag &amp; <b>ment"))
	f.Add([]byte("date 2020-01-02 Title\n\nbody"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzFormat(t, htmlFormat{}, data)
		fuzzFormat(t, textFormat{}, data)
	})
}

func FuzzArchive(f *testing.F) {
	f.Add(tarFile(f, [2]string{"a.txt", "x"}, [2]string{"b.jsonl", `{"text":"y"}`}))
	f.Add(zipFile(f, [2]string{"a.csv", "text\nz\n"}))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzFormat(t, tarFormat{}, data)
		fuzzFormat(t, zipFormat{}, data)
	})
}

func FuzzParquet(f *testing.F) {
	f.Add(parquetFile(f, []parquetRow{{ID: "a", Text: "x", Tags: []string{"t"}}}, 1))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzFormat(t, parquetFormat{}, data) })
}

// FuzzTranscode checks the charset step on any bytes in any of a few
// charsets: the text is valid UTF-8, equal to what x/text's decoder makes
// of the same bytes, and every text byte maps inside the raw bytes, in
// order.
func FuzzTranscode(f *testing.F) {
	f.Add([]byte("caf\xe9 \x96 na\xefve"), uint8(0))
	f.Add([]byte("\xff\xfeh\x00i\x00\x3d\xd8\x00\xde"), uint8(1))
	f.Add([]byte("\x82\xa0\x82\xa2 abc \x88\x9f"), uint8(2))
	f.Add([]byte("\x1b$B$\"\x1b(B x"), uint8(5))
	labels := []string{"windows-1252", "utf-16le", "shift_jis", "euc-kr", "gbk", "iso-2022-jp", "koi8-r", "big5", "euc-jp", "utf-16be"}
	f.Fuzz(func(t *testing.T, raw []byte, which uint8) {
		label := labels[int(which)%len(labels)]
		text, m, name := toUTF8(raw, label, func() string { return "" })
		if name == "" || !utf8.Valid(text) {
			t.Fatalf("%s: charset %q, valid %v", label, name, utf8.Valid(text))
		}
		enc, _, _ := lookupCharset(label)
		skip := 0
		if bom := utf16BOM(raw); bom == name {
			skip = 2
		}
		want, err := enc.NewDecoder().Bytes(raw[skip:])
		if err == nil && !bytes.Equal(text, want) && !strings.HasPrefix(name, "iso-2022") {
			t.Fatalf("%s: %q, x/text says %q", label, text, want)
		}
		last := 0
		for i := range text {
			s := m.Source(rehash.Span{Start: i, End: i + 1})
			if s.Start < skip || s.End > len(raw) || s.Start > s.End || s.Start < last {
				t.Fatalf("%s: text byte %d maps to %v of %d raw bytes (previous start %d)", label, i, s, len(raw), last)
			}
			last = s.Start
		}
	})
}

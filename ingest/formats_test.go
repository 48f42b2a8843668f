package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
	"github.com/parquet-go/parquet-go"
	"github.com/rehashdev/rehash"
)

const page = `<!doctype html><html><head><title>Page One</title></head><body>
<nav><a href="/">Home</a></nav>
<article><h1>Headline</h1><p>The council approved the new budget on Tuesday after a long debate about schools and roads.</p></article>
</body></html>`

func TestWARC(t *testing.T) {
	resp := httpResponse(200, "text/html; charset=utf-8", page)
	warc := warcRecord("warcinfo", "", "application/warc-fields", "software: test\r\n") +
		warcRecord("request", "http://a.example/1", "application/http; msgtype=request", "GET /1 HTTP/1.1\r\n\r\n") +
		warcRecord("response", "http://a.example/1", "application/http; msgtype=response", resp) +
		warcRecord("response", "http://a.example/2", "application/http; msgtype=response", httpResponse(200, "text/plain", "plain words here")) +
		warcRecord("response", "http://a.example/img", "application/http; msgtype=response", httpResponse(200, "image/png", "\x89PNG\x00\x00")) +
		warcRecord("response", "http://a.example/404", "application/http; msgtype=response", httpResponse(404, "text/html", "<p>gone</p>")) +
		warcRecord("response", "http://a.example/empty", "application/http; msgtype=response", "") +
		warcRecord("conversion", "http://a.example/3", "text/plain", "converted text") +
		warcRecord("metadata", "http://a.example/1", "application/warc-fields", "via: x\r\n")
	want := []string{"!binary", "!no-text", "!malformed", "http://a.example/3=converted text"}
	check := func(t *testing.T, rs []result) {
		if len(rs) != 6 {
			t.Fatalf("%d records, want 6: %q", len(rs), summary(rs))
		}
		d := rs[0].doc
		if d == nil || d.ID != "http://a.example/1" || !strings.Contains(string(d.Text), "council approved") || strings.Contains(string(d.Text), "Home") {
			t.Fatalf("html doc %+v", d)
		}
		if d.Meta.Title != "Page One" || d.Meta.Date != "2024-03-01T10:00:00Z" || d.Meta.URL != "http://a.example/1" {
			t.Errorf("meta %+v", d.Meta)
		}
		if !bytes.HasPrefix(d.Raw, []byte("WARC/1.1\r\n")) || d.Source.Offset != int64(strings.Index(warc, "WARC/1.1\r\nWARC-Type: response")) {
			t.Errorf("raw %.20q offset %d", d.Raw, d.Source.Offset)
		}
		// The offsets lead from the text back to the words in the page.
		i := bytes.Index(d.Text, []byte("council"))
		s := d.Offsets.Source(rehash.Span{Start: i, End: i + len("council")})
		if got := string(d.Raw[s.Start:s.End]); got != "council" {
			t.Errorf("offsets map %q to %q", "council", got)
		}
		if d := rs[1].doc; d == nil || string(d.Text) != "plain words here" || string(d.Raw[d.TextStart:d.TextStart+len(d.Text)]) != string(d.Text) {
			t.Errorf("text doc %+v", d)
		}
		if e := rs[4].err; !strings.Contains(e.Error(), "offset") {
			t.Errorf("empty record error %v does not name the offset", e)
		}
	}
	for _, name := range []string{"a.warc", "a.warc.gz", "noext"} {
		t.Run(name, func(t *testing.T) {
			data := []byte(warc)
			if name == "a.warc.gz" {
				data = gzipMembers(t, strings.SplitAfter(warc, "\r\n\r\nWARC/")...)
			}
			rs, err := readFiles(t, map[string][]byte{name: data}, name, nil)
			if err != nil {
				t.Fatal(err)
			}
			got := summary(rs)
			if strings.Join(got[2:], "|") != strings.Join(want, "|") {
				t.Errorf("got %q, want ...%q", got, want)
			}
			check(t, rs)
		})
	}
}

func TestWARCDamage(t *testing.T) {
	good := warcRecord("resource", "http://a.example/r", "text/plain", "resource text")
	cases := []struct {
		name string
		data string
		want []string
	}{
		{"truncated block", good + good[:len(good)-10], []string{"http://a.example/r=resource text", "!malformed"}},
		{"truncated headers", good + "WARC/1.0\r\nWARC-Type: resp", []string{"http://a.example/r=resource text", "!malformed"}},
		{"no content length", "WARC/1.0\r\nWARC-Type: resource\r\n\r\nxx\r\n\r\n" + good, []string{"!malformed", "http://a.example/r=resource text"}},
		{"garbage between", good + "junk line\r\nmore\r\n" + good, []string{"http://a.example/r=resource text", "!malformed", "http://a.example/r=resource text"}},
		{"empty record", "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 0\r\n\r\n\r\n\r\n" + good, []string{"!malformed", "http://a.example/r=resource text"}},
		{"bad http", warcRecord("response", "u", "application/http", "not http"), []string{"!malformed"}},
		{"empty file", "", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rs, err := readFiles(t, map[string][]byte{"a.warc": []byte(c.data)}, "a.warc", nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := summary(rs); strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Errorf("got %q, want %q", got, c.want)
			}
			for _, r := range rs {
				if r.err != nil && !strings.Contains(r.err.Error(), "offset") {
					t.Errorf("error %v does not name the offset", r.err)
				}
			}
		})
	}
}

func TestWARCCodings(t *testing.T) {
	gz := gzipMembers(t, "zipped body text")
	chunked := "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n" +
		strings.ToUpper(strings.TrimLeft(strings.ToLower(fmtHex(len(gz))), "0")) + "\r\n" + string(gz) + "\r\n0\r\n\r\n"
	latin := "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\ncaf\xe9"
	data := warcRecord("response", "u1", "application/http", chunked) + warcRecord("response", "u2", "application/http", latin)
	rs, err := readFiles(t, map[string][]byte{"a.warc": []byte(data)}, "a.warc", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(summary(rs), "|"); got != "u1=zipped body text|u2=café" {
		t.Errorf("got %q", got)
	}
}

func fmtHex(n int) string { return strings.TrimLeft(strings.ToUpper(string(appendHex(nil, n))), "0") }

func appendHex(b []byte, n int) []byte {
	const digits = "0123456789abcdef"
	for shift := 28; shift >= 0; shift -= 4 {
		b = append(b, digits[(n>>shift)&15])
	}
	return b
}

func TestParquet(t *testing.T) {
	rows := []parquetRow{
		{ID: "p1", Text: "first text", Title: "One", Score: 1.5, Tags: []string{"a", "b"}},
		{ID: "p2", Text: "", Score: 2},
		{ID: "p3", Text: "third \"quoted\"\n", Score: 3},
	}
	for i := 0; i < 5; i++ {
		rows = append(rows, parquetRow{ID: "x" + string(rune('a'+i)), Text: "more", Score: float64(i)})
	}
	data := parquetFile(t, rows, 3)
	for _, name := range []string{"a.parquet", "a.parquet.gz", "noext"} {
		t.Run(name, func(t *testing.T) {
			b := data
			if strings.HasSuffix(name, ".gz") {
				b = gzipMembers(t, string(data))
			}
			rs, err := readFiles(t, map[string][]byte{name: b}, name, nil)
			if err != nil {
				t.Fatal(err)
			}
			got := summary(rs)
			if len(got) != 8 || got[0] != "p1=first text" || got[1] != "!no-text" || got[2] != "p3=third \"quoted\"\n" || got[7] != "xe=more" {
				t.Fatalf("got %q", got)
			}
			d := rs[0].doc
			if want := `{"id":"p1","text":"first text","title":"One","score":1.5,"tags.list.element":["a","b"]}`; string(d.Raw) != want {
				t.Errorf("raw\n%s\nwant\n%s", d.Raw, want)
			}
			if d.Meta.Title != "One" || d.Source.Line != 1 || rs[7].doc.Source.Line != 8 {
				t.Errorf("meta %+v line %d", d.Meta, d.Source.Line)
			}
		})
	}
	t.Run("subset", func(t *testing.T) {
		dir := t.TempDir()
		src := filepath.Join(dir, "in.parquet")
		os.WriteFile(src, data, 0o644)
		var out bytes.Buffer
		if err := WriteParquetSubset(&out, src, func(row int64) bool { return row%2 == 0 }); err != nil {
			t.Fatal(err)
		}
		got, err := parquet.Read[parquetRow](bytes.NewReader(out.Bytes()), int64(out.Len()))
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, r := range got {
			ids = append(ids, r.ID)
		}
		if strings.Join(ids, ",") != "p1,p3,xb,xd" || len(got[0].Tags) != 2 {
			t.Errorf("kept %v", got)
		}
	})
	t.Run("damaged", func(t *testing.T) {
		rs, err := readFiles(t, map[string][]byte{"a.parquet": data[:len(data)/2]}, "a.parquet", nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := summary(rs); len(got) != 1 || got[0] != "!malformed" {
			t.Errorf("got %q", got)
		}
	})
}

func TestArchives(t *testing.T) {
	members := [][2]string{
		{"docs/a.txt", "alpha text"},
		{"docs/b.jsonl", `{"id":"j1","text":"jay"}` + "\n"},
		{"docs/.hidden", "no"},
		{"docs/c.html", page},
		{"bin/img.png", "\x89PNG\r\n\x1a\n\x00\x00\x00"},
	}
	want := "tmp/X/docs/a.txt=alpha text|j1=jay|tmp/X/docs/c.html=html|!binary"
	tr := tarFile(t, members...)
	for name, data := range map[string][]byte{
		"x.tar":    tr,
		"x.tar.gz": gzipMembers(t, string(tr)),
		"x.tgz":    gzipMembers(t, string(tr)),
		"x.zip":    zipFile(t, members...),
		"xtar":     tr,
		"xzip":     zipFile(t, members...),
	} {
		t.Run(name, func(t *testing.T) {
			rs, err := readFiles(t, map[string][]byte{name: data}, name, nil)
			if err != nil {
				t.Fatal(err)
			}
			got := summary(rs)
			for i, g := range got {
				base := strings.TrimSuffix(name, ".gz")
				if j := strings.Index(g, "/"+base+"/"); j >= 0 {
					got[i] = "tmp/X/" + g[j+len(base)+2:]
				}
				if strings.HasSuffix(got[i], ".html") || strings.Contains(got[i], ".html=") {
					got[i] = got[i][:strings.Index(got[i], "=")] + "=html"
				}
			}
			if strings.Join(got, "|") != want {
				t.Errorf("got  %q\nwant %q", strings.Join(got, "|"), want)
			}
			if p := rs[0].doc.Source.Path; !strings.HasSuffix(p, name+"/docs/a.txt") {
				t.Errorf("path %q", p)
			}
		})
	}
}

func TestHTMLAndText(t *testing.T) {
	runFormatCases(t, []formatCase{
		{name: "html", file: "p.html", data: page, want: []string{"p.html=Headline\n\nThe council approved the new budget on Tuesday after a long debate about schools and roads."},
			check: func(t *testing.T, rs []result) {
				d := rs[0].doc
				if d.Meta.Title != "Page One" || d.Source.Format != "html" || d.Offsets == nil {
					t.Errorf("doc %+v", d)
				}
			}},
		{name: "html in txt", file: "p.txt", data: page, want: []string{"p.txt=Headline\n\nThe council approved the new budget on Tuesday after a long debate about schools and roads."}},
		{name: "html forced text", file: "p.txt", data: "<p>tag</p>", opts: &Options{Format: "text"}, want: []string{"p.txt=<p>tag</p>"}},
		{name: "html sniffed", file: "noext", data: page, want: []string{"noext=Headline\n\nThe council approved the new budget on Tuesday after a long debate about schools and roads."}},
		{name: "date line", file: "d.txt", data: "date 2016-11-03 Some Headline\n\nBody text.\n", want: []string{"d.txt=Body text.\n"},
			check: func(t *testing.T, rs []result) {
				d := rs[0].doc
				if d.Meta.Date != "2016-11-03" || d.Meta.Title != "Some Headline" || d.TextStart != 31 || string(d.Raw[d.TextStart:]) != string(d.Text) {
					t.Errorf("doc %+v", d)
				}
			}},
		{name: "not a date line", file: "d.txt", data: "date night\n", want: []string{"d.txt=date night\n"}},
		// Not UTF-8 and nothing declared: windows-1252, as WHATWG reads
		// undeclared Western text; forced UTF-8, a counted skip.
		{name: "text windows-1252", file: "d.txt", data: "ab\xffcd", want: []string{"d.txt=abÿcd"}},
		{name: "text forced utf-8", file: "d.txt", data: "ab\xffcd", opts: &Options{Charset: "utf-8"}, want: []string{"!invalid-utf8"}},
		{name: "text forced latin1", file: "d.txt", data: "caf\xe9", opts: &Options{Charset: "latin1"}, want: []string{"d.txt=café"}},
		{name: "text not html", file: "d.txt", data: "a < b and c > d", want: []string{"d.txt=a < b and c > d"}},
	})
}

// TestDirectoryWalk checks a walked directory with a binary file, a file
// with NUL bytes and text in several formats.
func TestDirectoryWalk(t *testing.T) {
	files := map[string][]byte{
		"a.txt":        []byte("plain"),
		"b/bin.dat":    {0x7f, 'E', 'L', 'F', 0, 0, 1, 2},
		"b/nul.txt":    []byte("text\x00with nul"),
		"c.csv":        []byte("id,text\n1,row\n"),
		"d.json":       []byte(`[{"id":"j","text":"arr"}]`),
		"e.warc":       []byte(warcRecord("resource", "r", "text/plain", "warc text")),
		".hidden/x.md": []byte("skipped"),
	}
	rs, err := readFiles(t, files, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(summary(rs), "|")
	if want := "a.txt=plain|!binary|!binary|1=row|j=arr|r=warc text"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

// TestTruncatedGzip checks that a gzip stream cut short ends the run with
// an error that names the file, whatever the format inside.
func TestTruncatedGzip(t *testing.T) {
	line := func(i int) string { return "line number " + strings.Repeat("x", i%50) }
	var jsonl, csv, arr, warc, txt strings.Builder
	csv.WriteString("text\n")
	arr.WriteString("[")
	for i := 0; i < 2000; i++ {
		jsonl.WriteString(`{"text":"` + line(i) + `"}` + "\n")
		csv.WriteString(line(i) + "\n")
		arr.WriteString(`{"text":"` + line(i) + `"},`)
		warc.WriteString(warcRecord("resource", "u", "text/plain", line(i)))
		txt.WriteString(line(i) + "\n")
	}
	for name, data := range map[string]string{
		"a.jsonl.gz": jsonl.String(), "a.csv.gz": csv.String(), "a.json.gz": arr.String(),
		"a.warc.gz": warc.String(), "a.txt.gz": txt.String(),
	} {
		t.Run(name, func(t *testing.T) {
			gz := gzipMembers(t, data)
			_, err := readFiles(t, map[string][]byte{name: gz[:len(gz)/2]}, name, nil)
			if err == nil || !strings.Contains(err.Error(), name) {
				t.Errorf("error %v does not name %s", err, name)
			}
		})
	}
}

func TestLongLine(t *testing.T) {
	long := strings.Repeat("word ", 1<<20) // 5 MiB
	for name, data := range map[string]string{
		"a.jsonl": `{"text":"` + long + `"}` + "\n" + `{"text":"next"}`,
		"a.csv":   "text\n" + long + "\nnext\n",
		"a.json":  `[{"text":"` + long + `"},{"text":"next"}]`,
		"a.txt":   long,
	} {
		t.Run(name, func(t *testing.T) {
			rs, err := readFiles(t, map[string][]byte{name: []byte(data)}, name, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(rs[0].doc.Text) != len(long) {
				t.Errorf("first text %d bytes, want %d", len(rs[0].doc.Text), len(long))
			}
			if name != "a.txt" && (len(rs) != 2 || string(rs[1].doc.Text) != "next") {
				t.Errorf("got %d records", len(rs))
			}
		})
	}
}

// TestCorruptStreams checks that a damaged compressed stream (gzip, zstd;
// bzip2 goes the same way, but Go has no bzip2 writer to damage) ends the file with an error naming the file and the compressed
// offset, after the records read before the damage.
func TestCorruptStreams(t *testing.T) {
	var plain strings.Builder
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&plain, "{\"id\":\"%d\",\"text\":\"record number %d of a stream that will be damaged\"}\n", i, i)
	}
	gz := gzipMembers(t, plain.String())
	var zb bytes.Buffer
	zw, _ := zstd.NewWriter(&zb)
	zw.Write([]byte(plain.String()))
	zw.Close()
	for name, data := range map[string][]byte{
		"a.jsonl.gz":  flip(gz, len(gz)/2),
		"a.jsonl.zst": flip(zb.Bytes(), zb.Len()/2),
		"b.jsonl.gz":  gz[:len(gz)/2],
	} {
		t.Run(name, func(t *testing.T) {
			_, err := readFiles(t, map[string][]byte{name: data}, name, nil)
			var se *StreamError
			if !errors.As(err, &se) || !strings.Contains(err.Error(), name) || se.Offset <= 0 || se.Offset > int64(len(data)) {
				t.Fatalf("error %v: want a StreamError naming %s with an offset in the file", err, name)
			}
			t.Logf("%v", err)
		})
	}
}

// flip returns a copy of b with the bytes around i inverted.
func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	for j := i; j < i+16 && j < len(c); j++ {
		c[j] ^= 0xff
	}
	return c
}

// TestParquetPanicIsCountedSkip reads the 999-byte file the fuzzer found,
// which makes parquet-go dereference a nil pointer while decoding a data
// page: the panic must become a record error naming the file (a counted
// skip under --on-error skip), not a crash.
func TestParquetPanicIsCountedSkip(t *testing.T) {
	seed, err := os.ReadFile(filepath.Join("testdata", "fuzz", "FuzzParquet", "crafted-999-bytes-nil-deref"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitN(string(seed), "\n", 3)
	data, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[1], "[]byte("), ")"))
	if err != nil || len(data) != 999 {
		t.Fatalf("seed: %d bytes, %v", len(data), err)
	}
	rs, err := readFiles(t, map[string][]byte{"crash.parquet": []byte(data)}, "crash.parquet", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 || rs[0].err == nil || rs[0].err.Reason != rehash.SkipMalformed ||
		!errors.Is(rs[0].err, errDecoderPanic) || !strings.HasSuffix(rs[0].err.Source.Path, "crash.parquet") {
		t.Fatalf("got %+v, want one malformed record naming crash.parquet, from a recovered panic", rs)
	}
	t.Log(rs[0].err)
}

// TestDeclaredCharsets checks the charsets records declare: a WARC
// response's HTTP Content-Type, a mail header's Content-Type, an HTML
// <meta> inside a JSON field; and that each text maps back to the word's
// raw bytes.
func TestDeclaredCharsets(t *testing.T) {
	// "Привет мир" in KOI8-R; "Łódź" in ISO-8859-2 (in windows-1252 it
	// would read "£ódŸ").
	koi8 := "\xf0\xd2\xc9\xd7\xc5\xd4 \xcd\xc9\xd2 and some more words"
	latin2 := "From: ann@example.org\nSubject: trip\nContent-Type: text/plain; charset=iso-8859-2\n\nWe met in \xa3\xf3d\xbc on Monday.\n"
	wordAt := func(t *testing.T, d *rehash.Document, word string, raw string) {
		t.Helper()
		i := bytes.Index(d.Text, []byte(word))
		if i < 0 {
			t.Fatalf("%q not in %q", word, d.Text)
		}
		sp := rehash.Span{Start: i + d.TextStart, End: i + len(word) + d.TextStart}
		if d.Offsets != nil {
			sp = d.Offsets.Source(rehash.Span{Start: i, End: i + len(word)})
		}
		if got := string(d.Raw[sp.Start:sp.End]); got != raw {
			t.Errorf("%q maps to raw %q, want %q", word, got, raw)
		}
	}
	runFormatCases(t, []formatCase{
		{name: "WARC HTTP charset", file: "a.warc",
			data: warcRecord("response", "http://a.example/ru", "application/http; msgtype=response", httpResponse(200, "text/plain; charset=koi8-r", koi8)),
			want: []string{"http://a.example/ru=Привет мир and some more words"},
			check: func(t *testing.T, rs []result) {
				d := rs[0].doc
				if d.Meta.Charset != "koi8-r" {
					t.Errorf("charset %q", d.Meta.Charset)
				}
				wordAt(t, d, "мир", "\xcd\xc9\xd2")
			}},
		{name: "mail Content-Type", file: "m.txt", data: latin2,
			want: []string{"m.txt=We met in Łódź on Monday.\n"},
			check: func(t *testing.T, rs []result) {
				d := rs[0].doc
				if d.Meta.Charset != "iso-8859-2" || d.Meta.Title != "trip" {
					t.Errorf("charset %q, title %q", d.Meta.Charset, d.Meta.Title)
				}
				wordAt(t, d, "Łódź", "\xa3\xf3d\xbc")
			}},
		{name: "HTML meta in a JSON field", file: "h.jsonl",
			data: "{\"id\":\"h\",\"text\":\"<html><head><meta charset=\\\"iso-8859-2\\\"></head><body><p>We met in \xa3\xf3d\xbc on Monday.</p></body></html>\"}\n",
			want: []string{"h=We met in Łódź on Monday."},
			check: func(t *testing.T, rs []result) {
				wordAt(t, rs[0].doc, "Łódź", "\xa3\xf3d\xbc")
			}},
		{name: "undeclared is windows-1252", file: "u.txt", data: "We met in \xa3\xf3d\x9f on Monday.",
			want: []string{"u.txt=We met in £ódŸ on Monday."}},
	})
}

// TestParquetFooterClaim checks that a small file claiming a footer of
// gigabytes is a counted skip, read without allocating what it claims
// (parquet-go would; the fuzzer found such files, and they ran the
// process out of memory).
func TestParquetFooterClaim(t *testing.T) {
	data := []byte("PAR1" + strings.Repeat("\x15\x06", 500) + "\xf0\xff\xff\x7fPAR1")
	rs, err := readFiles(t, map[string][]byte{"claim.parquet": data}, "claim.parquet", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 || rs[0].err == nil || rs[0].err.Reason != rehash.SkipMalformed || !strings.Contains(rs[0].err.Error(), "footer claims") {
		t.Fatalf("got %q, want one malformed record about the footer", summary(rs))
	}
}

// TestRecordTextMetadata checks that a record's text gives the metadata a
// text file's would: a leading date line and a mail header, with the
// record's own fields (--date-field, --title-field) winning.
func TestRecordTextMetadata(t *testing.T) {
	meta := func(title, date string) func(t *testing.T, rs []result) {
		return func(t *testing.T, rs []result) {
			if m := rs[0].doc.Meta; m.Title != title || m.Date != date {
				t.Errorf("title %q date %q, want %q %q", m.Title, m.Date, title, date)
			}
			checkLocation(t, rs[0].doc)
		}
	}
	runFormatCases(t, []formatCase{
		{name: "date line", file: "a.jsonl", data: `{"id":"a","text":"date 2016-11-03 Ferry approved\n\nThe board met."}` + "\n",
			want: []string{"a=The board met."}, check: meta("Ferry approved", "2016-11-03")},
		{name: "mail header", file: "a.jsonl", data: `{"id":"a","text":"From: ann@example.org\nSubject: ferry\nDate: Mon, 2 Mar 1987 10:51:02 -0500\n\nThe board met."}` + "\n",
			want: []string{"a=The board met."}, check: meta("ferry", "1987-03-02T10:51:02-05:00")},
		{name: "fields win", file: "a.jsonl", data: `{"id":"a","headline":"H","when":"11-MAR-1987","text":"date 2016-11-03 Ferry approved\n\nThe board met."}` + "\n",
			opts: &Options{TitleField: "headline", DateField: "when"},
			want: []string{"a=The board met."}, check: meta("H", "11-MAR-1987")},
		{name: "csv columns", file: "a.csv", data: "id,text,headline,when\n1,The board met.,H,541680662\n",
			opts: &Options{TitleField: "headline", DateField: "when"},
			want: []string{"1=The board met."}, check: meta("H", "541680662")},
	})
}

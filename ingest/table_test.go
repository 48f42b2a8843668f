package ingest

import (
	"strings"
	"testing"
)

// formatCase reads one file and expects the records summarised.
type formatCase struct {
	name  string
	file  string
	data  string
	opts  *Options
	want  []string // see summary
	check func(t *testing.T, rs []result)
}

func runFormatCases(t *testing.T, cases []formatCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rs, err := readFiles(t, map[string][]byte{c.file: []byte(c.data)}, c.file, c.opts)
			if err != nil {
				t.Fatal(err)
			}
			// IDs that default to the location carry the temporary path.
			got := summary(rs)
			for i := range got {
				if j := strings.LastIndex(got[i], "/"+c.file); j >= 0 {
					got[i] = got[i][j+1:]
				}
			}
			if strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
			if c.check != nil {
				c.check(t, rs)
			}
		})
	}
}

func TestJSONArray(t *testing.T) {
	runFormatCases(t, []formatCase{
		{name: "array", file: "a.json", data: `[{"id":"a","text":"one"}, {"id":2,"text":"two"}]`,
			want: []string{"a=one", "2=two"},
			check: func(t *testing.T, rs []result) {
				if d := rs[1].doc; string(d.Raw) != `{"id":2,"text":"two"}` || d.Source.Offset != 26 {
					t.Errorf("raw %q offset %d", d.Raw, d.Source.Offset)
				}
			}},
		{name: "sniffed", file: "noext", data: "\ufeff[\n {\"text\":\"x\"}\n]\n", want: []string{"noext@6=x"}},
		{name: "no id", file: "a.json", data: `[{"text":"x"}]`, want: []string{"a.json@1=x"}},
		{name: "not objects", file: "a.json", data: `[1, {"text":"x"}, "s", {"body":"y"}]`,
			want: []string{"!malformed", "a.json@4=x", "!malformed", "!no-text"}},
		{name: "empty array", file: "a.json", data: ` [ ] `, want: nil},
		{name: "empty file", file: "a.json", data: ``, want: nil},
		{name: "single object", file: "a.json", data: "{\"id\":\"s\",\"text\":\"x\"}\n", want: []string{"s=x"}},
		{name: "syntax error", file: "a.json", data: `[{"text":"x"}, {"text": }]`, want: []string{"a.json@1=x", "!malformed"}},
		{name: "truncated", file: "a.json", data: `[{"text":"x"}, {"text":"y`, want: []string{"a.json@1=x", "!malformed"}},
		{name: "scalar", file: "a.json", data: `42`, want: []string{"!malformed"}},
		{name: "windows-1252", file: "a.json", data: "[{\"text\":\"a\xffb\"}]", want: []string{"a.json@1=aÿb"}},
		{name: "invalid utf8", file: "a.json", data: "[{\"text\":\"a\xffb\"}]", opts: &Options{Charset: "utf8"}, want: []string{"!invalid-utf8"}},
	})
}

func TestCSV(t *testing.T) {
	runFormatCases(t, []formatCase{
		{name: "basic", file: "a.csv", data: "id,text,title\n1,hello world,T\n2,\"quoted, \"\"x\"\"\",U\n",
			want: []string{"1=hello world", "2=quoted, \"x\""},
			check: func(t *testing.T, rs []result) {
				d := rs[0].doc
				if string(d.Raw) != "1,hello world,T" || d.TextStart != 2 || d.Meta.Title != "T" || d.Source.Line != 2 {
					t.Errorf("raw %q start %d meta %+v line %d", d.Raw, d.TextStart, d.Meta, d.Source.Line)
				}
				d = rs[1].doc
				if string(d.Raw) != `2,"quoted, ""x""",U` || d.Offsets == nil {
					t.Fatalf("raw %q offsets %v", d.Raw, d.Offsets)
				}
			}},
		{name: "custom fields", file: "a.csv", data: "key,body\nk1,b1\n", opts: &Options{IDField: "key", TextField: "body"}, want: []string{"k1=b1"}},
		{name: "no id column", file: "a.csv", data: "text\nx\ny\n", want: []string{"a.csv:2=x", "a.csv:3=y"}},
		{name: "ragged", file: "a.csv", data: "id,text\n1,a\n2,b,extra\n3\n4,d\n", want: []string{"1=a", "!malformed", "!malformed", "4=d"},
			check: func(t *testing.T, rs []result) {
				if e := rs[1].err; e.Source.Line != 3 || !strings.Contains(e.Error(), "a.csv:3") {
					t.Errorf("error %v", e)
				}
			}},
		{name: "bare quote", file: "a.csv", data: "id,text\n1,a\"b\n2,c\n", want: []string{"!malformed", "2=c"}},
		{name: "multiline field", file: "a.csv", data: "id,text\r\n1,\"l1\r\nl2\"\r\n2,z\r\n", want: []string{"1=l1\nl2", "2=z"},
			check: func(t *testing.T, rs []result) {
				if d := rs[1].doc; d.Source.Line != 4 || string(d.Raw) != "2,z" {
					t.Errorf("line %d raw %q", d.Source.Line, d.Raw)
				}
			}},
		{name: "no text column", file: "a.csv", data: "id,body\n1,x\n", want: []string{"!no-text"}},
		{name: "header only", file: "a.csv", data: "id,text\n", want: nil},
		{name: "empty", file: "a.csv", data: "", want: nil},
		{name: "windows-1252", file: "a.csv", data: "id,text\n1,a\xffb\n", want: []string{"1=aÿb"}},
		{name: "invalid utf8", file: "a.csv", data: "id,text\n1,a\xffb\n", opts: &Options{Charset: "utf-8"}, want: []string{"!invalid-utf8"}},
		{name: "tsv", file: "a.tsv", data: "id\ttext\n1\tsay \"hi\n", want: []string{"1=say \"hi"}},
		{name: "unterminated quote", file: "a.csv", data: "id,text\n1,ok\n2,\"open\n3,x\n", want: []string{"1=ok", "!malformed"}},
	})
}

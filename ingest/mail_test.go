package ingest

import (
	"strings"
	"testing"

	"github.com/rehashdev/rehash"
)

func TestSplitMail(t *testing.T) {
	const attribution = "In article <1@x>, ann writes:\n"
	const body = "> quoted line\nMy reply.\n"
	cases := []struct {
		name, text string
		ok         bool
		body       string // when ok
		subject    string
		date       string
	}{
		{name: "news post", text: "From: ann@example.org\nSubject: Re: tides\nOrganization: Harbour Club\nLines: 3\n\n" + attribution + body,
			ok: true, body: body, subject: "Re: tides"},
		{name: "date and folded subject", text: "From: bo\r\nSubject: a long\r\n  subject\r\nDate: Tue, 20 Apr 1993 10:01:02 GMT\r\n\r\nHello there.\r\n",
			ok: true, body: "Hello there.\r\n", subject: "a long subject", date: "1993-04-20T10:01:02Z"},
		{name: "signature", text: "Words of the post.\nMore words.\n-- \nBo Lund, Harbour Club\nbo@example.org\n\n",
			ok: true, body: "Words of the post.\nMore words.\n"},
		{name: "headers and bare signature", text: "From: a\nLines: 2\n\nBody.\n--\nsig\n",
			ok: true, body: "Body.\n"},
		{name: "attribution and rule-line signature", text: "From: bo\nSubject: Re: x\nArticle-I.D.: a.1\n\nIn article <1@x>, ann@x (Ann)\n  writes:\n> quoted\nReply.\n----\nBo, at the club\n",
			ok: true, body: "> quoted\nReply.\n", subject: "Re: x"},
		{name: "rule line without headers", text: "Body.\n----\nA last paragraph.\n"},
		{name: "one header line", text: "From: ann\n\nbody\n"},
		{name: "no mail header name", text: "Note: one\nWarning: two\n\nbody\n"},
		{name: "no blank line", text: "From: ann\nSubject: x\nbody without a break"},
		{name: "not at the start", text: "\nFrom: ann\nSubject: x\n\nbody\n"},
		{name: "a url", text: "http://example.org\nFrom: x\n\nbody\n"},
		{name: "signature too long", text: "Body.\n-- \n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n"},
		{name: "delimiter first", text: "--\nonly a signature\n"},
		{name: "dashes in text", text: "A line\n---\nmore\n"},
		{name: "blank body", text: "From: a\nSubject: b\n\n\n"},
		{name: "no word in the body", text: "From: a\nSubject: b\n\n=====\n"},
		{name: "plain", text: "Nothing special here.\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, ok := splitMail([]byte(c.text))
			if ok != c.ok {
				t.Fatalf("ok = %v, want %v (%+v)", ok, c.ok, p)
			}
			if !ok {
				return
			}
			if got := c.text[p.start:p.end]; got != c.body || p.subject != c.subject || p.date != c.date {
				t.Errorf("body %q subject %q date %q, want %q %q %q", got, p.subject, p.date, c.body, c.subject, c.date)
			}
		})
	}
}

// TestMailFormats: the step runs on text, JSON Lines and CSV texts with
// offsets intact, not on HTML, and not with KeepMail.
func TestMailFormats(t *testing.T) {
	const post = "From: ann@example.org\nSubject: Tides\nLines: 2\n\nThe tide \"turns\" at noon.\n-- \nAnn\n"
	const want = "The tide \"turns\" at noon.\n"
	jsonl := `{"id":"p1","text":"From: ann@example.org\nSubject: Tides\nLines: 2\n\nThe tide \"turns\" at noon.\n-- \nAnn\n"}` + "\n"
	csv := "id,text\np1,\"" + strings.ReplaceAll(post, `"`, `""`) + "\"\n"
	for _, f := range []struct{ name, data string }{{"p.txt", post}, {"p.jsonl", jsonl}, {"p.csv", csv}} {
		rs, err := readFiles(t, map[string][]byte{f.name: []byte(f.data)}, f.name, nil)
		if err != nil || len(rs) != 1 || rs[0].doc == nil {
			t.Fatalf("%s: %v %v", f.name, rs, err)
		}
		d := rs[0].doc
		if string(d.Text) != want || d.Meta.Title != "Tides" {
			t.Errorf("%s: text %q title %q", f.name, d.Text, d.Meta.Title)
		}
		// The first word maps to its place in the raw record.
		s := rawSpan(d, rehash.Span{Start: 0, End: 3})
		if got := string(d.Raw[s.Start:s.End]); got != "The" {
			t.Errorf("%s: raw of the first word %q", f.name, got)
		}
		rs, _ = readFiles(t, map[string][]byte{f.name: []byte(f.data)}, f.name, &Options{KeepMail: true})
		if string(rs[0].doc.Text) != post {
			t.Errorf("%s with KeepMail: %q", f.name, rs[0].doc.Text)
		}
	}
	rs, _ := readFiles(t, map[string][]byte{"p.html": []byte("<html><body><p>From: a</p><p>Subject: b</p></body></html>")}, "p.html", nil)
	if !strings.Contains(string(rs[0].doc.Text), "From: a") {
		t.Errorf("HTML text changed: %q", rs[0].doc.Text)
	}
}

// rawSpan maps a span of Text to Raw as consumers do.
func rawSpan(d *rehash.Document, s rehash.Span) rehash.Span {
	if d.Offsets != nil {
		return d.Offsets.Source(s)
	}
	return rehash.Span{Start: s.Start + d.TextStart, End: s.End + d.TextStart}
}

package extract

import "testing"

func TestLooksLikeHTML(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"<!DOCTYPE html><html><body>x</body></html>", true},
		{"\xef\xbb\xbf  <html lang=en>", true},
		{`<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">`, true},
		{`<div class="wpcnt"><div class="wpa">ad</div></div><p>text</p>`, true},
		{"<p>one</p>\n<p>two</p>", true},
		{"\n\n<!-- saved --><div>x</div><p>y</p>", true},
		{"", false},
		{"Plain prose about a < b and c > d.", false},
		{"Use the <b> tag for bold text and <i> for italics, he wrote.", false},
		{"<p> is a paragraph tag", false},
		{" date 2016-11-03 Headline\n\nBody text.", false},
		{"<notatag> and more <stuff>", false},
		{"\x00\x00<html>", false},
	} {
		if got := LooksLikeHTML([]byte(tc.in)); got != tc.want {
			t.Errorf("LooksLikeHTML(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestDateLine(t *testing.T) {
	for _, tc := range []struct {
		in          string
		date, title string
		body        int
		ok          bool
	}{
		{"date 2016-11-03 Some Headline\nBody", "2016-11-03", "Some Headline", 30, true},
		{" date 2016-11-03 Abu Bakr\n\nThe leader", "2016-11-03", "Abu Bakr", 27, true},
		{"DATE 2020-02-29\r\n\r\n  \nx", "2020-02-29", "", 22, true},
		{"date 2016-11-03T10:00:00Z Title\nB", "2016-11-03T10:00:00Z", "Title", 32, true},
		{"date 2016-11-03 only line", "2016-11-03", "only line", 25, true},
		{"date 2016-13-03 Bad month\nB", "", "", 0, false},
		{"date 16-11-03 Short\nB", "", "", 0, false},
		{"dated 2016-11-03 x\nB", "", "", 0, false},
		{"The date 2016-11-03 was\nB", "", "", 0, false},
		{"date\n2016-11-03", "", "", 0, false},
		{"", "", "", 0, false},
	} {
		d, ti, b, ok := DateLine([]byte(tc.in))
		if d != tc.date || ti != tc.title || b != tc.body || ok != tc.ok {
			t.Errorf("DateLine(%q) = %q, %q, %d, %v; want %q, %q, %d, %v",
				tc.in, d, ti, b, ok, tc.date, tc.title, tc.body, tc.ok)
		}
	}
}

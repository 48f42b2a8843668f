package extract

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func mustHTML(t testing.TB, raw []byte) *Result {
	t.Helper()
	res, err := HTML(raw, nil)
	if err != nil {
		t.Fatalf("HTML: %v", err)
	}
	return res
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The fragment mimics a republished wire story: an ad block first, then
// paragraphs with entities and an inline script, then ad, share and
// subscribe footers.
func TestFragment(t *testing.T) {
	res := mustHTML(t, readFixture(t, "fragment.html"))
	want := []string{
		"The harbour council of Port Vellén voted late on Tuesday to close the old lighthouse pier to all foot traffic until repairs are finished next spring.",
		"Engineers hired by the council found that three of the wooden pilings under the pier had rotted through, and that a fourth had shifted by almost a hand’s width since the winter storms.",
		"The mayor, Odile Ferrand, said the decision was painful but unavoidable for a town whose summer trade depends on visitors walking out to the lamp.",
		"“Nobody wants to see a fence across the pier in July,” she told reporters outside the town hall.",
		"“But I would rather explain a fence than a funeral.”",
		"Fishermen who moor along the pier will be moved to the north basin, where the council has promised free berths & fresh water for the length of the works.",
		"Some of them are unhappy: the north basin is shallower, and boats with a deep keel can only come in at high tide, which one skipper called “a tax on honest work”.",
		"The repairs are expected to cost about 1.4 million euros, of which the regional government has agreed to pay two thirds.",
		"Work on the pilings will begin in October, once the last of the summer ferries has stopped calling at the harbour.",
		"The lighthouse itself, which has been automatic since 1987, will keep shining throughout; only the walk to it is closed.",
	}
	got := strings.Split(string(res.Text), "\n\n")
	if strings.Join(got, "\n\n") != strings.Join(want, "\n\n") {
		t.Errorf("text:\n%s\nwant:\n%s", res.Text, strings.Join(want, "\n\n"))
	}
	for _, w := range []string{"Advertisements", "amp-ad", "trackerQueue", "zebra", "midpost",
		"quokka", "belowpost", "Share", "Twitter", "Facebook", "Discover", "Gazetteer", "Subscribe", "email"} {
		if bytes.Contains(res.Text, []byte(w)) {
			t.Errorf("boilerplate %q survived", w)
		}
	}
}

func TestPage(t *testing.T) {
	res := mustHTML(t, readFixture(t, "page.html"))
	text := string(res.Text)
	for _, w := range []string{
		"Night trains return to the valley\n\n",
		"For the first time in eleven years",
		"\n\nA route that never quite died\n\n",
		"“the best thing to happen to the line since electrification”",
		"the valley’s cheaper hotels",
		"new mattresses and a small café counter.",
		"Hoteliers in the valley",
		"a second weekly departure on Fridays if demand allows.",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("missing %q", w)
		}
	}
	for _, w := range []string{"Sport", "Weather", "Letters", "Most read", "Mayor opens", "Cheese",
		"newsletter", "Sign up", "cookies", "Accept", "All rights reserved", "Privacy",
		"Bus timetable", "Share on", "quasar", "pageViewToken", "tangerine", "font-family"} {
		if strings.Contains(text, w) {
			t.Errorf("boilerplate %q survived", w)
		}
	}
	want := map[string]string{
		"Title": "Night trains return to the valley",
		"Date":  "2023-04-18T06:30:00Z",
		"URL":   "https://courier.example/news/night-trains-return",
		"Site":  "Valley Courier",
	}
	got := map[string]string{"Title": res.Meta.Title, "Date": res.Meta.Date, "URL": res.Meta.URL, "Site": res.Meta.Site}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("Meta.%s = %q, want %q", k, got[k], v)
		}
	}
}

func TestHTMLTable(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"plain text", "just some words", "just some words"},
		{"entities", "<p>a &amp; b &lt;c&gt; &#8220;q&#8221; &#x41; &nbsp;x&ampy &notit; &bogus;</p>", "a & b <c> “q” A x&y ¬it; &bogus;"},
		{"whitespace", "<p>  one \n\t two   <i> three </i>four  </p>", "one two three four"},
		{"blocks", "<div>a<p>b</p>c</div><h2>d</h2>", "a\n\nb\n\nc\n\nd"},
		{"implicit p close", "<p>one<p>two<div>three</div>", "one\n\ntwo\n\nthree"},
		{"list lines", "<ul><li>one<li>two<li>three</ul><p>after</p>", "one\ntwo\nthree\n\nafter"},
		{"br", "<p>line one<br>line two<br/><br><br>line three</p>", "line one\nline two\n\nline three"},
		{"pre keeps space", "<pre>\nif x {\n  y()\n}</pre>", "if x {\n  y()\n}"},
		{"hidden", `<p>seen</p><p hidden>unseen</p><p style="display: none">gone</p><div aria-hidden="true">no</div>`, "seen"},
		{"script style", "<p>a<script>var x = '<p>no</p>';</script>b<style>p{}</style></p>", "ab"},
		{"ad classes", `<div class="ad-slot">buy</div><div id="ads">buy</div><ins class="adsbygoogle">buy</ins><p>text</p>`, "text"},
		{"not ad", `<div class="shadow head">kept</div><div class="main-content share">kept too</div>`, "kept\n\nkept too"},
		{"unclosed", "<div><p>open <b>bold", "open bold"},
		{"stray end tags", "</div></p>text</span>", "text"},
		{"comment and doctype", "<!DOCTYPE html><!-- hidden -->x", "x"},
		{"invalid utf8", "<p>a\xffb</p>", "a\uFFFDb"},
		{"soft hyphen", "<p>hy&shy;phen\u200b</p>", "hyphen"},
		{"head without end", "<html><head><title>T</title><body><p>body text</p>", "body text"},
		{"cta block", "<p>A long enough real paragraph of text that stays.</p><p>Follow us on <a href=#>Mastodon</a> and share</p>", "A long enough real paragraph of text that stays."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := mustHTML(t, []byte(tc.in))
			if string(res.Text) != tc.want {
				t.Errorf("HTML(%q) = %q, want %q", tc.in, res.Text, tc.want)
			}
		})
	}
}

func TestHTMLErrors(t *testing.T) {
	if _, err := HTML([]byte("\x00\x01\x02binary"), nil); err != ErrBinary {
		t.Errorf("binary: err = %v", err)
	}
	if _, err := HTML([]byte("<p>12345</p>"), &Options{MaxBytes: 5}); err == nil {
		t.Error("MaxBytes not enforced")
	}
}

func TestWholeDocument(t *testing.T) {
	raw := readFixture(t, "page.html")
	main := mustHTML(t, raw)
	whole, err := HTML(raw, &Options{WholeDocument: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(whole.Text) < len(main.Text) {
		t.Errorf("WholeDocument kept less than the main content:\n%s", whole.Text)
	}
}

func TestDeepNesting(t *testing.T) {
	raw := strings.Repeat("<div><span>", 100000) + "deep" + strings.Repeat("</span></div>", 100000)
	res := mustHTML(t, []byte(raw))
	if string(res.Text) != "deep" {
		t.Errorf("got %q", res.Text)
	}
}

package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBrowserViews checks the views beyond the pair list in headless
// Chromium, as a person uses them: the site and date facets, the
// per-document view in both directions, the family timeline, the CSV
// export (the downloaded file against WriteCSV), and the word-level edits
// inside a passage.
func TestBrowserViews(t *testing.T) {
	in := fixtureInput(t)
	b := startBrowser(t, 1440, 900)
	dl := t.TempDir()
	b.callBrowser("Browser.setDownloadBehavior", map[string]any{"behavior": "allow", "downloadPath": dl}, nil)
	b.navigate(writeReport(t, in))

	shown := func() []string {
		var rows []string
		b.eval(`Array.from(document.querySelectorAll('#links-body tr[data-pair]')).map(function (tr) { return tr.getAttribute('data-pair'); })`, &rows)
		return rows
	}
	// Site facet: the feature's site keeps the two links that name it.
	b.eval(`(function () { var s = document.getElementById('site'); s.value = 'Northern Life'; s.dispatchEvent(new Event('change')); })()`, nil)
	b.waitFor(`document.getElementById('link-count').textContent === '2 of 4 links'`)
	if got := strings.Join(shown(), ","); got != "3,4" {
		t.Errorf("site Northern Life: pairs %s, want 3,4", got)
	}
	// CSV export of the filtered list: its two rows, as WriteCSV writes them.
	var full bytes.Buffer
	if err := WriteCSV(&full, in); err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(full.String(), "\n")
	b.click(`#csv`)
	got := waitFile(t, filepath.Join(dl, "links.csv"))
	if want := lines[0] + lines[3] + lines[4]; got != want {
		t.Errorf("exported CSV (site facet):\n%s\nwant:\n%s", got, want)
	}
	os.Remove(filepath.Join(dl, "links.csv"))

	// Date facet, one day: the council round-up's link only.
	b.click(`#clear-facets`)
	b.waitFor(`document.getElementById('link-count').textContent === '4 links'`)
	b.eval(`(function () { ['from', 'to'].forEach(function (id) { var e = document.getElementById(id); e.value = '2024-03-05'; e.dispatchEvent(new Event('change')); }); })()`, nil)
	b.waitFor(`document.getElementById('link-count').textContent === '1 of 4 links'`)
	if got := strings.Join(shown(), ","); got != "2" {
		t.Errorf("dates 2024-03-05: pairs %s, want 2", got)
	}
	b.click(`#clear-facets`)
	b.waitFor(`document.getElementById('link-count').textContent === '4 links'`)
	// The whole list exports as WriteCSV writes it, byte for byte.
	b.click(`#csv`)
	if got := waitFile(t, filepath.Join(dl, "links.csv")); got != full.String() {
		t.Errorf("exported CSV:\n%s\nwant (WriteCSV):\n%s", got, full.String())
	}

	// The per-document view of the re-post, opened from its id in the
	// list: it copies the wire, and the feature copies it.
	b.click(`#links-body tr[data-pair="1"] td:nth-child(3) a.docid`)
	b.waitFor(`location.hash === '#doc=2' && !document.getElementById('detail-view').hidden`)
	section := func(id string) []string {
		var ids []string
		b.eval(`Array.from(document.querySelectorAll('#`+id+` tbody tr[data-pair] .docid')).map(function (e) { return e.textContent; })`, &ids)
		return ids
	}
	if got := section("copies"); strings.Join(got, ",") != "wire/ferry-timetable.txt" {
		t.Errorf("the re-post copies %v, want the wire", got)
	}
	if got := section("copied-by"); strings.Join(got, ",") != "features/edge-of-the-timetable.txt" {
		t.Errorf("the re-post is copied by %v, want the feature", got)
	}
	// The wire copies nothing and is copied by the re-post and the
	// feature, in date order; the excerpt has no direction.
	b.eval(`location.hash = '#doc=1'`, nil)
	b.waitFor(`document.getElementById('detail-title').textContent === 'wire/ferry-timetable.txt'`)
	if got := section("copied-by"); strings.Join(got, ",") != "blog/island-commuters.html,features/edge-of-the-timetable.txt" {
		t.Errorf("the wire is copied by %v", got)
	}
	if got := section("copies"); len(got) != 0 {
		t.Errorf("the wire copies %v, want nothing", got)
	}
	if got := section("shares"); strings.Join(got, ",") != "council/week-in-review.txt" {
		t.Errorf("the wire shares text in no direction with %v, want the round-up", got)
	}

	// The family's timeline, from the document view: by date, the origin
	// first at the left end, the last copy at the right end.
	b.click(`#detail-body .where a[href="#family=1"]`)
	b.waitFor(`location.hash === '#family=1' && document.querySelector('table.timeline')`)
	tl := timelineOf(b)
	if strings.Join(tl.IDs, ",") != "wire/ferry-timetable.txt,blog/island-commuters.html,features/edge-of-the-timetable.txt" {
		t.Errorf("family timeline: %v", tl.IDs)
	}
	if len(tl.Left) != 3 || tl.Left[0] != "0%" || tl.Left[2] != "100%" || tl.Left[1] == "0%" {
		t.Errorf("family timeline dots at %v, want 0%%, between, 100%%", tl.Left)
	}
	if len(tl.Notes) == 3 && (tl.Notes[0] != "origin" || !strings.Contains(tl.Notes[2], "from blog/island-commuters.html")) {
		t.Errorf("family notes %q: want the origin, and the feature from the re-post", tl.Notes)
	}

	// Edits: in pair 1, "twice" is struck out on the left and "two times"
	// inserted on the right, inside the first passage, coloured.
	b.eval(`location.hash = '#pair=1'`, nil)
	b.waitPair(1)
	var ed struct {
		A, B, TitleA, BgA, BgB string
		InMark                 bool
	}
	b.eval(`(function () {
		var a = document.querySelector('#a-0 del.ed'), b = document.querySelector('#b-0 ins.ed');
		return {A: a.textContent, B: b.textContent, TitleA: a.title, InMark: !!a.closest('mark#a-0') && !!b.closest('mark#b-0'),
			BgA: getComputedStyle(a).backgroundColor, BgB: getComputedStyle(b).backgroundColor};
	})()`, &ed)
	if ed.A != "twice" || ed.B != "two times" || !ed.InMark || !strings.Contains(ed.TitleA, "two times") {
		t.Errorf("edit shown as %+v, want twice / two times inside passage 1", ed)
	}
	if ed.BgA == ed.BgB || ed.BgA == "rgba(0, 0, 0, 0)" {
		t.Errorf("edits not coloured apart: %s vs %s", ed.BgA, ed.BgB)
	}

	if errs := b.pageErrors(); len(errs) > 0 {
		t.Errorf("page errors: %v", errs)
	}
	if f := b.remoteFetches(); len(f) > 0 {
		t.Errorf("the report fetched from the network: %v", f)
	}
}

// timeline is what a timeline view shows: per row, the document's id,
// the place of its dot ("" when undated) and its note.
type timeline struct {
	IDs   []string `json:"ids"`
	Left  []string `json:"left"`
	Notes []string `json:"notes"`
}

func timelineOf(b *browser) timeline {
	var tl timeline
	b.eval(`(function () {
		var rows = Array.from(document.querySelectorAll('table.timeline tbody tr'));
		return {ids: rows.map(function (r) { return r.querySelector('.docid').textContent; }),
			left: rows.map(function (r) { var d = r.querySelector('.tl-dot'); return d ? d.style.left : ''; }),
			notes: rows.map(function (r) { return r.querySelector('.tl-note').textContent; })};
	})()`, &tl)
	return tl
}

// waitFile waits until the browser has finished downloading path and
// returns its contents.
func waitFile(t *testing.T, path string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if data, err := os.ReadFile(path); err == nil && len(data) > 0 {
			if _, err := os.Stat(path + ".crdownload"); err != nil {
				return string(data)
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no download at %s", path)
	return ""
}

// TestBrowserStories checks the report grouped by story: the Stories tab,
// a story's timeline by date, the duplicate cluster and the family nested
// in it, and a member listed without its text.
func TestBrowserStories(t *testing.T) {
	in := fixtureInput(t)
	in.Docs = append(in.Docs, Document{ID: "letters/ferry-thanks.txt", Title: "Letter: thank you for the second boat",
		Date: "2024-03-04", Site: "Letters", TextOmitted: true, Text: "not carried"})
	in.Stories = []Story{
		{Labels: []string{"ferry", "island", "harbour"}, Members: []string{"wire/ferry-timetable.txt", "blog/island-commuters.html",
			"features/edge-of-the-timetable.txt", "letters/ferry-thanks.txt", "council/week-in-review.txt"}},
	}
	b := startBrowser(t, 1280, 900)
	b.navigate(writeReport(t, in))
	b.click(`#tab-stories`)
	b.waitFor(`location.hash === '#stories' && !document.getElementById('stories-view').hidden`)
	var row []string
	b.eval(`Array.from(document.querySelectorAll('#stories-table tbody tr[data-story] td')).map(function (td) { return td.textContent; })`, &row)
	if strings.Join(row, "|") != "ferry · island · harbour|5|1|1|2024-03-01 – 2024-03-09|Orkney Wire, Café Norðri, Northern Life, Letters, Island Council" {
		t.Errorf("stories row: %q", row)
	}
	b.click(`#stories-table tbody tr[data-story="1"] a`)
	b.waitFor(`location.hash === '#story=1' && document.querySelector('#detail-body table.timeline')`)
	st := timelineOf(b)
	var nest []string
	b.eval(`Array.from(document.querySelectorAll('#story-nest li')).map(function (li) { return li.textContent; })`, &nest)
	if got := strings.Join(st.IDs, ","); got != "wire/ferry-timetable.txt,blog/island-commuters.html,letters/ferry-thanks.txt,council/week-in-review.txt,features/edge-of-the-timetable.txt" {
		t.Errorf("story timeline order: %s", got)
	}
	if len(st.Notes) != 5 || st.Notes[0] != "kept, cluster of 2; family origin" || st.Notes[1] != "duplicate of wire/ferry-timetable.txt; family of wire/ferry-timetable.txt" {
		t.Errorf("story timeline notes: %q", st.Notes)
	}
	if strings.Join(nest, "|") != "Duplicate cluster: wire/ferry-timetable.txt (kept) with blog/island-commuters.html|Family: 3 copies from wire/ferry-timetable.txt" {
		t.Errorf("nested in the story: %q", nest)
	}
	// The letter is listed for its story, without its text, and its view
	// leads back to the story.
	b.click(`#detail-body a.docid[href="#doc=6"]`)
	b.waitFor(`location.hash === '#doc=6' && document.getElementById('detail-title').textContent === 'letters/ferry-thanks.txt'`)
	var page string
	b.eval(`document.getElementById('detail-body').textContent`, &page)
	if !strings.Contains(page, "listed for its story, without its text") || strings.Contains(page, "not carried") {
		t.Errorf("the letter's view: %q", page)
	}
	b.click(`#detail-body .where a[href="#story=1"]`)
	b.waitFor(`location.hash === '#story=1'`)
	// The site facet narrows the stories to those with a document of the
	// site.
	b.eval(`location.hash = '#stories'`, nil)
	b.eval(`(function () { var s = document.getElementById('site'); s.value = 'Town Library'; s.dispatchEvent(new Event('change')); })()`, nil)
	b.waitFor(`document.querySelectorAll('#stories-table tbody tr[data-story]').length === 0`)
	if errs := b.pageErrors(); len(errs) > 0 {
		t.Errorf("page errors: %v", errs)
	}
}

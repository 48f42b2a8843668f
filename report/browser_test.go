package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rehashdev/rehash"
)

var updateScreenshot = flag.Bool("update-screenshot", false, "write the open pair view of the fixture report to docs/report.png")

// writeReport writes in as a report into a temporary directory and returns
// its file: URL.
func writeReport(t testing.TB, in *Input) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "report.html")
	var buf bytes.Buffer
	if err := Write(&buf, in); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return (&url.URL{Scheme: "file", Path: path}).String()
}

// TestBrowser opens the fixture report in headless Chromium and checks
// what a person sees and does: the pair list, a pair opened side by side
// with its passages highlighted on both sides, a click on a highlight that
// brings its counterpart into focus, next-pair navigation reflected in the
// address, back and forward, and the search filter.
func TestBrowser(t *testing.T) {
	in := fixtureInput(t)
	b := startBrowser(t, 1440, 900)
	b.navigate(writeReport(t, in))

	// The summary and the pair list, in input order.
	var summary string
	b.eval(`document.getElementById('summary').textContent`, &summary)
	if want := "5 documents · 1 cluster (1 duplicate) · 4 links"; !strings.HasPrefix(summary, want) {
		t.Errorf("summary = %q, want it to start with %q", summary, want)
	}
	var rows [][]string
	b.eval(`Array.from(document.querySelectorAll('#links-body tr[data-pair]')).map(function (tr) {
		return [tr.getAttribute('data-pair'), tr.cells[1].querySelector('.docid').textContent, tr.cells[2].querySelector('.docid').textContent, tr.cells[3].textContent];
	})`, &rows)
	if len(rows) != len(in.Links) {
		t.Fatalf("the list shows %d rows, want %d: %v", len(rows), len(in.Links), rows)
	}
	for i, r := range rows {
		l := in.Links[i]
		if want := []string{fmt.Sprint(i + 1), l.A, l.B, string(l.Relation)}; strings.Join(r, "|") != strings.Join(want, "|") {
			t.Errorf("row %d = %v, want %v", i, r, want)
		}
	}

	// Sorting by relation puts near-duplicate first, excerpt last; a second
	// click reverses.
	b.click(`#links-table th button[data-sort="r"]`)
	b.waitFor(`document.querySelector('#links-table th[aria-sort="ascending"] button[data-sort="r"]')`)
	var order []string
	b.eval(`Array.from(document.querySelectorAll('#links-body tr[data-pair]')).map(function (tr) { return tr.cells[3].textContent; })`, &order)
	if got, want := strings.Join(order, ","), "near-duplicate,partial-reuse,partial-reuse,excerpt"; got != want {
		t.Errorf("sorted by relation: %s, want %s", got, want)
	}
	b.click(`#links-table th button[data-sort="n"]`)
	b.waitFor(`document.querySelector('#links-body tr').getAttribute('data-pair') === '1'`)

	// Open the first pair by clicking its row.
	b.click(`#links-body tr[data-pair="1"] td:nth-child(2)`)
	b.waitPair(1)
	b.waitFor(`document.getElementById('links-view').hidden`)
	checkPair(t, b, in, 0)

	// A click on a highlight on the left brings its counterpart on the
	// right into view, focused and flashing.
	b.click(`#a-1`)
	b.waitFor(`document.activeElement && document.activeElement.id === 'b-1'`)
	b.waitFor(`document.getElementById('b-1').classList.contains('flash')`)
	var visible bool
	b.eval(`(function () {
		var m = document.getElementById('b-1').getBoundingClientRect(), p = document.getElementById('text-b').getBoundingClientRect();
		return m.bottom > p.top && m.top < p.bottom && m.top >= 0 && m.top < window.innerHeight;
	})()`, &visible)
	if !visible {
		t.Error("after the click, passage 2 on the right is not scrolled into view")
	}
	// And the other way round, with the keyboard.
	b.eval(`document.getElementById('b-2').focus()`, nil)
	b.key("Enter")
	b.waitFor(`document.activeElement.id === 'a-2' && document.activeElement.classList.contains('flash')`)

	if *updateScreenshot {
		b.click(`#a-1`)
		b.waitFor(`document.activeElement.id === 'b-1'`)
		b.eval(`document.querySelectorAll('mark.flash').forEach(function (m) { if (m.id !== 'b-1') m.classList.remove('flash'); }); window.scrollTo(0, 0)`, nil)
		time.Sleep(50 * time.Millisecond)
		png := b.screenshot()
		if err := os.WriteFile(filepath.Join("..", "docs", "report.png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote ../docs/report.png (%d bytes)", len(png))
	}

	// Next pair: the address follows, and so does the view.
	b.click(`#next-pair`)
	b.waitPair(2)
	checkPair(t, b, in, 1)
	b.key("j")
	b.waitPair(3)
	checkPair(t, b, in, 2)
	b.click(`#prev-pair`)
	b.waitPair(2)

	// Back and forward walk the same pairs.
	b.eval(`history.back()`, nil)
	b.waitPair(3)
	b.eval(`history.back()`, nil)
	b.waitPair(2)
	b.eval(`history.forward()`, nil)
	b.waitPair(3)
	checkPair(t, b, in, 2)

	// Escape goes back to the list, with the pair's row focused.
	b.key("Escape")
	b.waitFor(`location.hash === '#links' && !document.getElementById('links-view').hidden`)
	b.waitFor(`document.activeElement.closest('tr') && document.activeElement.closest('tr').getAttribute('data-pair') === '3'`)

	// Search: typing "council" leaves the one pair with the council
	// round-up; the relation filter narrows by relation.
	b.click(`#q`)
	b.typeText("council")
	b.waitFor(`document.querySelectorAll('#links-body tr[data-pair]').length === 1`)
	var count, only string
	b.eval(`document.getElementById('link-count').textContent`, &count)
	b.eval(`document.querySelector('#links-body tr[data-pair]').getAttribute('data-pair')`, &only)
	if count != "1 of 4 links" || only != "2" {
		t.Errorf("after searching council: count %q, row %s; want \"1 of 4 links\", row 2", count, only)
	}
	b.eval(`(function () { var q = document.getElementById('q'); q.value = ''; q.dispatchEvent(new Event('input')); })()`, nil)
	b.eval(`(function () { var s = document.getElementById('rel'); s.value = 'partial-reuse'; s.dispatchEvent(new Event('change')); })()`, nil)
	b.waitFor(`document.querySelectorAll('#links-body tr[data-pair]').length === 2`)
	// Next pair walks the filtered list: from pair 3 to pair 4.
	b.click(`#links-body tr[data-pair="3"] a`)
	b.waitPair(3)
	b.click(`#next-pair`)
	b.waitPair(4)
	b.waitFor(`document.getElementById('next-pair').disabled`)

	// The clusters tab lists the cluster; its members link to the pair.
	b.eval(`location.hash = '#clusters'`, nil)
	b.waitFor(`!document.getElementById('clusters-view').hidden`)
	b.click(`#clusters-body tr[data-cluster="1"] button.toggle`)
	b.waitFor(`document.querySelector('#clusters-body tr.sub a[href="#pair=1"]')`)
	b.click(`#clusters-body tr.sub a[href="#pair=1"]`)
	b.waitPair(1)

	if errs := b.pageErrors(); len(errs) > 0 {
		t.Errorf("page errors: %v", errs)
	}
	if f := b.remoteFetches(); len(f) > 0 {
		t.Errorf("the report fetched from the network: %v", f)
	}
}

// waitPair waits until the address names pair n and the pair view shows
// it.
func (b *browser) waitPair(n int) {
	b.t.Helper()
	b.waitFor(fmt.Sprintf(`location.hash === '#pair=%d' && !document.getElementById('pair-view').hidden && document.getElementById('pair-view').getAttribute('data-open') === '%d'`, n, n))
}

// checkPair checks the open pair view against link i: the ids in the
// title, one <mark> per passage on each side, and each mark's text the
// passage's text.
func checkPair(t *testing.T, b *browser, in *Input, i int) {
	t.Helper()
	l := in.Links[i]
	want, _ := json.Marshal(l.A + " ↔ " + l.B)
	b.waitFor(fmt.Sprintf(`document.getElementById('pair-title') && document.getElementById('pair-title').textContent === %s`, want))
	text := map[string]string{}
	for _, d := range in.Docs {
		text[d.ID] = d.Text
	}
	for _, side := range []string{"a", "b"} {
		var marks []string
		b.eval(fmt.Sprintf(`Array.from(document.querySelectorAll('#side-%s mark')).map(function (m) { return m.id + '\n' + m.textContent; })`, side), &marks)
		if len(marks) != len(l.Passages) {
			t.Errorf("pair %d side %s: %d highlights, want %d", i+1, side, len(marks), len(l.Passages))
			continue
		}
		for k, p := range l.Passages {
			id, sp, src := side, p.TextA, text[l.A]
			if side == "b" {
				sp, src = p.TextB, text[l.B]
			}
			if want := fmt.Sprintf("%s-%d\n%s", id, k, src[sp.Start:sp.End]); marks[k] != want {
				t.Errorf("pair %d side %s passage %d:\n got %q\nwant %q", i+1, side, k, marks[k], want)
			}
		}
	}
}

// TestBrowserScale opens a report of 5,000 pairs: the list shows its count
// and a page of rows, sorts, filters and opens a pair.
func TestBrowserScale(t *testing.T) {
	const n = 5000
	in := syntheticInput(n)
	b := startBrowser(t, 1280, 800)
	start := time.Now()
	b.navigate(writeReport(t, in))
	t.Logf("%d pairs: loaded and drawn in %v", n, time.Since(start).Round(time.Millisecond))

	var count string
	var rows int
	b.eval(`document.getElementById('link-count').textContent`, &count)
	b.eval(`document.querySelectorAll('#links-body tr[data-pair]').length`, &rows)
	if count != "5,000 links" || rows != 100 {
		t.Errorf("count %q with %d rows; want \"5,000 links\" with a page of 100", count, rows)
	}
	b.click(`#links-table th button[data-sort="j"]`)
	b.waitFor(`document.querySelector('#links-table th[aria-sort="descending"] button[data-sort="j"]')`)
	var top string
	b.eval(`document.querySelector('#links-body tr td:nth-child(5)').textContent`, &top)
	if top != "1.00" {
		t.Errorf("sorted by Jaccard, the first row has %s, want 1.00", top)
	}
	b.click(`#links-pager button.next`)
	b.waitFor(`document.querySelector('#links-pager .info').textContent === 'Page 2 of 50'`)
	b.click(`#q`)
	b.typeText("doc-00042")
	b.waitFor(`document.getElementById('link-count').textContent.indexOf(' of 5,000 links') > 0`)
	b.eval(`location.hash = '#pair=4999'`, nil)
	b.waitFor(`!document.getElementById('pair-view').hidden && document.querySelectorAll('#side-a mark').length === 1`)
	t.Logf("%d pairs: done in %v", n, time.Since(start).Round(time.Millisecond))
	if errs := b.pageErrors(); len(errs) > 0 {
		t.Errorf("page errors: %v", errs)
	}
}

// TestBrowserHostile opens a report whose ids and texts are markup: the
// page shows them as text and runs none of it.
func TestBrowserHostile(t *testing.T) {
	const (
		id   = `</script><img src=x onerror="window.pwned=1">`
		text = `<img src=x onerror="window.pwned=2"><script>window.pwned=3</script> shared words here`
	)
	in := &Input{
		Title: `<b onmouseover="window.pwned=4">title</b>`,
		Docs:  []Document{{ID: id, Title: `<i>t</i>`, Text: text}, {ID: "plain", Text: "shared words here"}},
		Links: []rehash.Link{{A: id, B: "plain", Relation: rehash.Excerpt,
			Passages: []rehash.Passage{{TextA: rehash.Span{Start: len(text) - 17, End: len(text)}, TextB: rehash.Span{Start: 0, End: 17}}}}},
	}
	b := startBrowser(t, 1024, 700)
	b.navigate(writeReport(t, in))
	b.eval(`location.hash = '#pair=1'`, nil)
	b.waitFor(`!document.getElementById('pair-view').hidden`)
	var got struct {
		Pwned  bool   `json:"pwned"`
		Images int    `json:"images"`
		Bold   int    `json:"bold"`
		ID     string `json:"id"`
		Text   string `json:"text"`
		Mark   string `json:"mark"`
	}
	b.eval(`({pwned: 'pwned' in window, images: document.images.length, bold: document.querySelectorAll('b[onmouseover], i').length,
		id: document.querySelector('#side-a .docid').textContent, text: document.getElementById('text-a').textContent,
		mark: document.getElementById('a-0').textContent})`, &got)
	if got.Pwned || got.Images != 0 || got.Bold != 0 {
		t.Errorf("markup from the data ran or rendered: %+v", got)
	}
	if got.ID != id || got.Text != text || got.Mark != "shared words here" {
		t.Errorf("the page does not show the data as text: %+v", got)
	}
	if errs := b.pageErrors(); len(errs) > 0 {
		t.Errorf("page errors: %v", errs)
	}
}

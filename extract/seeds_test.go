package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// seedDir holds the project's canonical example articles; they are not
// copied into the repository, so the test skips without them.
const seedDir = "../../shared/seeds"

func readSeed(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(seedDir, name))
	if err != nil {
		t.Skipf("seed %s not available: %v", name, err)
	}
	return b
}

func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

func shingles(ws []string, k int) map[string]bool {
	set := map[string]bool{}
	for i := 0; i+k <= len(ws); i++ {
		set[strings.Join(ws[i:i+k], " ")] = true
	}
	return set
}

func jaccard(a, b map[string]bool) float64 {
	inter := 0
	for s := range a {
		if b[s] {
			inter++
		}
	}
	union := len(a) + len(b) - inter
	if union == 0 {
		return 1
	}
	return float64(inter) / float64(union)
}

// Seed 000 is the HTML republication of the article that seed 004 holds as
// plain text: with the boilerplate gone they should be near identical.
func TestSeeds(t *testing.T) {
	html := readSeed(t, "000_be06c18b9430b084.txt")
	plain := readSeed(t, "004_176cd51574ed83cf.txt")
	if !LooksLikeHTML(html) || LooksLikeHTML(plain) {
		t.Errorf("LooksLikeHTML: 000 %v, 004 %v", LooksLikeHTML(html), LooksLikeHTML(plain))
	}

	date, title, body, ok := DateLine(plain)
	// The title is the rest of the first line and the body starts at the
	// next line with text (the seed's own words are not copied here).
	firstLine, _, _ := strings.Cut(string(plain), "\n")
	if !ok || date != "2016-11-03" || title == "" || !strings.HasSuffix(firstLine, title) ||
		body <= len(firstLine) || strings.TrimSpace(string(plain[body:body+1])) == "" {
		t.Fatalf("DateLine(004) = %q, %q, %d, %v", date, title, body, ok)
	}

	res := mustHTML(t, html)
	j := jaccard(shingles(words(string(res.Text)), 5), shingles(words(string(plain[body:])), 5))
	t.Logf("Jaccard(000 extracted, 004 body) = %.3f", j)
	if j < 0.95 {
		t.Errorf("Jaccard = %.3f, want >= 0.95; text:\n%s", j, res.Text)
	}
	// Words of 000's ad block, script and subscribe footer.
	got := map[string]bool{}
	for _, w := range words(string(res.Text)) {
		got[w] = true
	}
	for _, w := range []string{"advertisements", "pubmine", "window", "getadsnippetcallback",
		"tudemappings", "aditude", "belowpost", "document", "discover", "london", "glossy",
		"subscribe", "email"} {
		if got[w] {
			t.Errorf("boilerplate word %q survived", w)
		}
	}
	checkOffsets(t, html, res, newRand(), 1000)
}

package pipeline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rehashdev/rehash/dedup"
	"github.com/rehashdev/rehash/signature"
)

// TestTemplatesAsCLI: the template check (dedup.Options.Templates) marks
// and merges, or keeps apart, the same pairs as the CLI. The corpus has
// notices that differ only in a date and figures (templates), near
// duplicates that differ in words (not templates), and unrelated texts;
// the check is on both sides, keep and merge give different clusters.
func TestTemplatesAsCLI(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 3))
	vocab := strings.Fields("harbour ferry office winter crossing service freight booking port manager council meeting " +
		"road bridge repair school library market square river bank train station timetable notice public works")
	words := func(n int) []string {
		w := make([]string, n)
		for i := range w {
			w[i] = vocab[r.IntN(len(vocab))]
		}
		return w
	}
	var lines []string
	add := func(id string, text []string) {
		b, _ := json.Marshal(map[string]string{"id": id, "text": strings.Join(text, " ")})
		lines = append(lines, string(b))
	}
	for form := range 4 {
		head, tail := words(90), words(90)
		for day := range 3 {
			slot := strings.Fields(fmt.Sprintf("on %d March 2024 the rate was %d.%02d percent", 3+day*7, 3+day, 10+form*20+day))
			add(fmt.Sprintf("form-%d-day-%d", form, day), append(append(append([]string(nil), head...), slot...), tail...))
		}
	}
	for i := range 20 {
		w := words(150)
		add(fmt.Sprintf("other-%d", i), w)
		if i < 3 { // a near duplicate that is not a template: other words
			e := append([]string(nil), w...)
			copy(e[70:], words(3))
			add(fmt.Sprintf("other-%d-edited", i), e)
		}
	}
	path := filepath.Join(t.TempDir(), "notices.jsonl")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	clusters := map[dedup.Templates][]byte{}
	for _, tpl := range []dedup.Templates{dedup.TemplatesMerge, dedup.TemplatesKeep} {
		t.Run(string(tpl), func(t *testing.T) {
			o := dedup.Options{Params: signature.Params{Threshold: 0.7}, Templates: tpl}
			wantC, wantP, wantK := cli(t, []string{path}, o)
			if !bytes.Contains(wantP, []byte(`"template":true`)) || bytes.Count(wantP, []byte("\n")) == bytes.Count(wantP, []byte(`"template":true`)) {
				t.Fatalf("the CLI found no templates, or only templates: the test compares nothing:\n%s", wantP)
			}
			clusters[tpl] = wantC
			got, counters := run(t, &Options{Inputs: []string{path}, Output: t.TempDir(), Dedup: &o, DedupOut: true})
			compare(t, "clusters", got[KindClusters], wantC)
			compare(t, "pairs", got[KindPairs], wantP)
			compare(t, "kept records", got[KindDedup], wantK)
			if counters["template_pairs"] != int64(bytes.Count(wantP, []byte(`"template":true`))) {
				t.Errorf("counters %v", counters)
			}
		})
	}
	// keep leaves the templates apart: other clusters than merge.
	if bytes.Equal(clusters[dedup.TemplatesMerge], clusters[dedup.TemplatesKeep]) {
		t.Error("merge and keep gave the same clusters: keep is not exercised")
	}
}

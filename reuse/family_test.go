package reuse

import (
	"os"
	"testing"

	"github.com/rehashdev/rehash"
)

// TestOneDirectionPerFamily: on the seeds and the example news, every
// family of copies names one origin, and no two links point opposite ways
// around a cycle.
func TestOneDirectionPerFamily(t *testing.T) {
	cases := []struct {
		dir    string
		origin string // the origin expected of the one family
		source map[string]string
	}{
		{"../examples/news", "wire-original.txt", map[string]string{
			"coastal-times-blog.html~coastal-times.txt": "coastal-times.txt",
			"coastal-times-blog.html~wire-original.txt": "wire-original.txt",
			"coastal-times.txt~wire-original.txt":       "wire-original.txt",
		}},
		// 004 is dated, 000 is the same article undated, 001 is a longer
		// version dated a day later: 004 comes first, then its copy 000,
		// then 001.
		{"../../shared/seeds", "004_176cd51574ed83cf.txt", map[string]string{
			"000~004": "004", "001~004": "004", "000~001": "000",
		}},
	}
	for _, c := range cases {
		if _, err := os.Stat(c.dir); err != nil {
			t.Logf("skipping %s: %v", c.dir, err)
			continue
		}
		links := run(t, []string{c.dir}, nil)
		families := map[string]bool{}
		next := map[string][]string{}
		for _, l := range links {
			if l.Family == "" {
				if l.Relation != rehash.Excerpt {
					t.Errorf("%s: %s-%s (%s) in no family", c.dir, l.A, l.B, l.Relation)
				}
				continue
			}
			families[l.Family] = true
			dst := l.A
			if l.Source == l.A {
				dst = l.B
			}
			next[l.Source] = append(next[l.Source], dst)
			key := l.A + "~" + l.B
			if len(l.A) > 3 && l.A[3] == '_' {
				key = l.A[:3] + "~" + l.B[:3]
			}
			if want, ok := c.source[key]; ok && (len(l.Source) < len(want) || l.Source[:len(want)] != want) {
				t.Errorf("%s: %s source %q, want %s (%s)", c.dir, key, l.Source, want, l.Why)
			}
		}
		if len(families) != 1 || !families[c.origin] {
			t.Errorf("%s: families %v, want one with origin %s", c.dir, families, c.origin)
		}
		// No document is both before and after another.
		for a, bs := range next {
			for _, b := range bs {
				for _, x := range next[b] {
					if x == a {
						t.Errorf("%s: %s and %s each named the other's source", c.dir, a, b)
					}
				}
			}
		}
	}
}

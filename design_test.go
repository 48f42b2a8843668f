package rehash_test

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/rehashdev/rehash"

// TestDesignPackageMap holds the package map in docs/design.md to what
// `go list` says each package of the module imports.
func TestDesignPackageMap(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to list the packages")
	}
	out, err := exec.Command(goBin, "list", "-f", "{{.ImportPath}}{{range .Imports}} {{.}}{{end}}", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	short := func(p string) string {
		if p == module {
			return "rehash"
		}
		return strings.TrimPrefix(p, module+"/")
	}
	listed := map[string][]string{}
	for line := range strings.Lines(string(out)) {
		f := strings.Fields(line)
		var deps []string
		for _, d := range f[1:] {
			if d == module || strings.HasPrefix(d, module+"/") {
				deps = append(deps, short(d))
			}
		}
		slices.Sort(deps)
		listed[short(f[0])] = deps
	}

	doc, err := os.ReadFile("docs/design.md")
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(doc), "<!-- package map -->\n```\n")
	if !ok {
		t.Fatal("docs/design.md has no package map")
	}
	block, _, _ = strings.Cut(block, "```")
	mapped := map[string][]string{}
	for line := range strings.Lines(block) {
		f := strings.Fields(line)
		if len(f) < 2 {
			t.Fatalf("package map line %q: want a package and its imports, or -", line)
		}
		deps := f[1:]
		if len(deps) == 1 && deps[0] == "-" {
			deps = nil
		}
		slices.Sort(deps)
		mapped[f[0]] = deps
	}
	for p, deps := range listed {
		got, ok := mapped[p]
		switch {
		case !ok:
			t.Errorf("docs/design.md package map lacks %s (imports: %s)", p, strings.Join(deps, " "))
		case !slices.Equal(got, deps):
			t.Errorf("docs/design.md package map: %s imports %v, go list says %v", p, got, deps)
		}
	}
	for p := range mapped {
		if _, ok := listed[p]; !ok {
			t.Errorf("docs/design.md package map names %s, which go list does not", p)
		}
	}
}

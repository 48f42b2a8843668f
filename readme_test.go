package rehash_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadmeSnippets type-checks (go vet) every ```go block of README.md as
// a program of its own module, which requires this one through a replace
// directive: the README's Go cannot drift from the API. It needs the go
// command and the module cache (no network: GOPROXY=off).
func TestReadmeSnippets(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	root, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile("go.sum")
	if err != nil {
		t.Fatal(err)
	}
	gomod, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	// This module's requirements, so that the snippet's module resolves
	// exactly as this one does, without the network.
	_, reqs, _ := strings.Cut(string(gomod), "\n")
	blocks := strings.Split(string(readme), "```go\n")[1:]
	if len(blocks) == 0 {
		t.Fatal("README.md has no Go snippet")
	}
	for i, b := range blocks {
		code, _, ok := strings.Cut(b, "```")
		if !ok {
			t.Fatalf("snippet %d is not closed", i)
		}
		dir := t.TempDir()
		mod := "module readme\n" + reqs + "\nrequire " + module + " v0.0.0\n\nreplace " + module + " => " + root + "\n"
		for name, data := range map[string]string{"go.mod": mod, "go.sum": string(sum), "main.go": code} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		cmd := exec.Command(goBin, "vet", ".")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("README snippet %d does not compile: %v\n%s\n%s", i, err, out, code)
		}
	}
}

package main

import (
	"context"
	_ "embed"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
)

// ekzhuSource is the reference program run with -ekzhu: rehash's floor
// reading and shingling feeding github.com/ekzhu/minhash-lsh. It is kept
// as text (not a .go file) because it belongs to a module of its own.
//
//go:embed ekzhu/main.go.txt
var ekzhuSource []byte

// ekzhuModule pins the reference's dependencies; the shared ones at the
// versions rehash uses.
const ekzhuModule = `module rehashbench/ekzhu

go 1.26

require github.com/ekzhu/minhash-lsh v0.0.0-20171225071031-5c06ee8586a1
`

// buildEkzhu writes the reference program into a temporary module outside
// the repository, builds it with the go command from the module proxy, and
// returns the binary's path and a function that removes the module.
func buildEkzhu(ctx context.Context, stderr io.Writer) (bin string, cleanup func(), err error) {
	dir, err := os.MkdirTemp("", "rehash-bench-ekzhu-")
	if err != nil {
		return "", nil, err
	}
	cleanup = func() { os.RemoveAll(dir) }
	mod := ekzhuModule
	for _, dep := range []string{"github.com/klauspost/compress", "github.com/valyala/fastjson", "github.com/zeebo/xxh3"} {
		if v := depVersion(dep); v != "" {
			mod += "require " + dep + " " + v + "\n"
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(mod), 0o644); err != nil {
		cleanup()
		return "", nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.go"), ekzhuSource, 0o644); err != nil {
		cleanup()
		return "", nil, err
	}
	bin = filepath.Join(dir, "ekzhu-bench")
	for _, args := range [][]string{{"mod", "tidy"}, {"build", "-o", bin, "."}} {
		cmd := exec.CommandContext(ctx, "go", args...)
		cmd.Dir = dir
		cmd.Stdout, cmd.Stderr = stderr, stderr
		if err := cmd.Run(); err != nil {
			cleanup()
			return "", nil, fmt.Errorf("building the ekzhu reference (go %v): %w", args, err)
		}
	}
	return bin, cleanup, nil
}

// depVersion returns the version of module path linked into this binary,
// so that the reference reads and hashes with the same code, or "" if the
// binary does not know (go mod tidy then picks one).
func depVersion(path string) string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == path {
				return d.Version
			}
		}
	}
	return ""
}

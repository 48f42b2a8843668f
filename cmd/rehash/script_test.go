package main

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the expected output in testdata/script when a cmp fails")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"rehash": func() {
			os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
		},
	})
}

// TestScripts runs the whole-CLI scenarios in testdata/script. Scripts see
// $FIXTURES (ingest/testdata, generated binary fixtures) and $EXAMPLES
// (examples/).
func TestScripts(t *testing.T) {
	root, _ := filepath.Abs("../..")
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Setup: func(e *testscript.Env) error {
			e.Setenv("FIXTURES", filepath.Join(root, "ingest", "testdata"))
			e.Setenv("REHASH_FIXTURES", filepath.Join(root, "ingest", "testdata"))
			e.Setenv("EXAMPLES", filepath.Join(root, "examples"))
			return nil
		},
	})
}

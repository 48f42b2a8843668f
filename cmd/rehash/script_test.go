package main

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the expected output in testdata/script when a cmp fails")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"rehash": func() { os.Exit(mainExit()) },
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
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"closed-stdout": closedStdout,
			"exits":         exits,
		},
	})
}

// closedStdout runs a program whose standard output is a pipe nobody
// reads any more, as `prog | head -n 1` is once head has its line: the
// read end is closed before the program starts, so its first write to
// standard output fails with EPIPE (or SIGPIPE kills it, exit 141). Its
// standard error goes to the script's stderr.
//
//	closed-stdout rehash dedup in.jsonl --pairs p.jsonl
func closedStdout(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 1 {
		ts.Fatalf("usage: closed-stdout program [args...]")
	}
	r, w, err := os.Pipe()
	ts.Check(err)
	r.Close()
	code := runProgram(ts, nil, w, args)
	w.Close()
	if (code != 0) != neg {
		ts.Fatalf("closed-stdout %s: exit status %d", args[0], code)
	}
}

// exits runs a program and checks its exit status, which `! exec` does
// not: the exit codes are part of the interface (README, Exit codes).
// -stdin FILE gives the program FILE as standard input (the script's
// stdin command feeds exec only).
//
//	exits 2 rehash dedup in.jsonl -o in.jsonl
//	exits -stdin body.csv 2 rehash dedup -
func exits(ts *testscript.TestScript, neg bool, args []string) {
	var stdin io.Reader
	if len(args) > 2 && args[0] == "-stdin" {
		f, err := os.Open(ts.MkAbs(args[1]))
		ts.Check(err)
		defer f.Close()
		stdin, args = f, args[2:]
	}
	if len(args) < 2 || neg {
		ts.Fatalf("usage: exits [-stdin FILE] CODE program [args...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	var stdout bytes.Buffer
	code := runProgram(ts, stdin, &stdout, args[1:])
	ts.Stdout().Write(stdout.Bytes())
	if code != want {
		ts.Fatalf("%s: exit status %d, want %d", args[1], code, want)
	}
}

// runProgram runs args in the script's directory and PATH, with its
// standard error going to the script's stderr, and returns the exit status
// (-1 when a signal killed it).
func runProgram(ts *testscript.TestScript, stdin io.Reader, stdout io.Writer, args []string) int {
	prog := args[0]
	for _, dir := range filepath.SplitList(ts.Getenv("PATH")) {
		if p := filepath.Join(dir, prog); fileExists(p) {
			prog = p
			break
		}
	}
	var stderr bytes.Buffer
	cmd := exec.Command(prog, args[1:]...)
	cmd.Dir = ts.MkAbs(".")
	cmd.Env = append(os.Environ(), "PATH="+ts.Getenv("PATH"))
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, stdout, &stderr
	err := cmd.Run()
	ts.Stderr().Write(stderr.Bytes())
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit):
		if st, ok := exit.Sys().(syscall.WaitStatus); ok && st.Signaled() {
			ts.Logf("%s: killed by %v", args[0], st.Signal())
		}
		return exit.ExitCode()
	}
	ts.Fatalf("%s: %v", args[0], err)
	return 0
}

func fileExists(name string) bool {
	fi, err := os.Stat(name)
	return err == nil && fi.Mode().IsRegular()
}

// Command rehash-bench times end-to-end dedup against the floor, a one-pass
// read-decode-tokenize-hash of the same inputs (internal/floor), and
// prints a markdown table.
//
//	go run ./cmd/rehash-bench [-corpora ../shared/corpora] [-runs 3] [-set news|gutenberg|all] [-j N] [-cpuprofile dir]
//
// Every run is a fresh child process of this binary, so that its peak RSS
// (rusage Maxrss) belongs to that run alone; floor and dedup runs
// alternate, so that load from other processes falls on both. The
// "news" set is Reuters-21578 + 20 Newsgroups + BBC News, the "gutenberg"
// set the 200 MB Gutenberg sample. A set whose files are missing is
// skipped with a message, and the command exits 0.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strings"
)

// options are the command line.
type options struct {
	corpora string
	runs    int
	set     string
	workers int
	profile string // directory for CPU profiles, or ""

	child string // hidden: run one measurement in this process
}

// sets are the corpora benchmarked together, by name.
var sets = []struct {
	name  string
	files []string
}{
	{"news", []string{"reuters21578.jsonl.gz", "20newsgroups.jsonl.gz", "bbc-news.jsonl.gz"}},
	{"gutenberg", []string{"gutenberg-200mb.jsonl.gz"}},
}

const usage = `usage: rehash-bench [flags]

Times dedup (threshold 0.8, default options) against the floor, a single
read-decode-tokenize-hash pass over the same inputs, alternating runs, each
in a fresh child process, and prints a markdown table.

  -corpora dir     directory holding the corpora (default ../shared/corpora)
  -runs n          runs of each program per set (default 3)
  -set name        news, gutenberg or all (default news)
  -j n             worker goroutines and GOMAXPROCS of each run (default: number of CPUs)
  -cpuprofile dir  after the timed runs, make one more untimed run of each program
                   per set and write its CPU profile to dir/<program>-<set>.pprof
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run parses the command line and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, rest, err := parse(args, stderr)
	if err != nil {
		return 2
	}
	if o.child != "" {
		err = runChild(ctx, o.child, o.workers, o.profile, rest, stdout)
	} else {
		if len(rest) > 0 {
			fmt.Fprintf(stderr, "rehash-bench: unexpected arguments %q\n%s", rest, usage)
			return 2
		}
		err = runBench(ctx, o, stdout, stderr)
	}
	if err != nil {
		fmt.Fprintf(stderr, "rehash-bench: %v\n", err)
		return 1
	}
	return 0
}

func parse(args []string, stderr io.Writer) (*options, []string, error) {
	o := &options{}
	fs := flag.NewFlagSet("rehash-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	fs.StringVar(&o.corpora, "corpora", "../shared/corpora", "")
	fs.IntVar(&o.runs, "runs", 3, "")
	fs.StringVar(&o.set, "set", "news", "")
	fs.IntVar(&o.workers, "j", runtime.NumCPU(), "")
	fs.StringVar(&o.profile, "cpuprofile", "", "")
	fs.StringVar(&o.child, "child", "", "")
	if err := fs.Parse(args); err != nil {
		return nil, nil, err
	}
	var bad string
	switch {
	case o.runs < 1:
		bad = "-runs must be at least 1"
	case o.workers < 1:
		bad = "-j must be at least 1"
	case o.set != "all" && !strings.Contains(" news gutenberg ", " "+o.set+" "):
		bad = fmt.Sprintf("-set %q: want news, gutenberg or all", o.set)
	case o.child != "" && o.child != progFloor && o.child != progDedup:
		bad = fmt.Sprintf("-child %q", o.child)
	}
	if bad != "" {
		fmt.Fprintf(stderr, "rehash-bench: %s\n%s", bad, usage)
		return nil, nil, fmt.Errorf("%s", bad)
	}
	return o, fs.Args(), nil
}

// Command rehash-bench times end-to-end dedup against the floor, the
// cheapest correct read-decode-tokenize-hash pass over the same inputs
// (internal/floor), and optionally against github.com/ekzhu/minhash-lsh,
// and prints markdown tables.
//
//	go run ./cmd/rehash-bench [-corpora ../shared/corpora] [-runs 3] [-set news|mixed|all] [-j N] [-ekzhu] [-cpuprofile dir]
//
// Every run is a fresh child process, so that its peak RSS (rusage Maxrss)
// belongs to that run alone; the programs' runs alternate (floor, dedup,
// ekzhu, floor, ...), so that load from other processes falls on all. The
// "news" set is Reuters-21578 + 20 Newsgroups + BBC News, the "mixed" set
// news plus the 200 MB Gutenberg sample. A set whose files are missing is
// skipped with a message, and the command exits 0. With -ekzhu, the
// reference program (ekzhu/main.go.txt) is built in a temporary module
// outside the repository and removed afterwards.
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
	ekzhu   bool   // also run the ekzhu/minhash-lsh reference

	child string // hidden: run one measurement in this process

	generate int    // write this many generated documents to out, and do nothing else
	out      string // the generated corpus
	seed     uint64
}

// sets are the corpora benchmarked together, by name.
var sets = []struct {
	name  string
	files []string
}{
	{"news", []string{"reuters21578.jsonl.gz", "20newsgroups.jsonl.gz", "bbc-news.jsonl.gz"}},
	{"mixed", []string{"reuters21578.jsonl.gz", "20newsgroups.jsonl.gz", "bbc-news.jsonl.gz", "gutenberg-200mb.jsonl.gz"}},
}

const usage = `usage: rehash-bench [flags]

Times dedup (threshold 0.8, default options) against the floor, the
cheapest read-decode-tokenize-hash pass over the same inputs, and with
-ekzhu against github.com/ekzhu/minhash-lsh, alternating runs, each in a
fresh child process, and prints markdown tables.

  -corpora dir     directory holding the corpora (default ../shared/corpora)
  -runs n          runs of each program per set (default 3)
  -set name        news (Reuters + 20 Newsgroups + BBC), mixed (news + Gutenberg 200 MB)
                   or all (default news)
  -j n             worker goroutines and GOMAXPROCS of each run (default: number of CPUs)
  -ekzhu           also build and time the ekzhu/minhash-lsh reference (128 hashes,
                   threshold 0.8, the floor's shingles; needs the go command and the
                   module proxy; built in a temporary directory, removed afterwards)
  -generate n -o file [-seed s]
                   instead of benchmarking, write n generated JSON Lines documents
                   (synthetic Zipf vocabulary, about 430 bytes a text, 3% exact and 5%
                   edited copies) to file, for out-of-core runs (docs/bench.md)
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
	if o.generate > 0 {
		err = generate(o.out, o.generate, o.seed, stderr)
	} else if o.child != "" {
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
	fs.BoolVar(&o.ekzhu, "ekzhu", false, "")
	fs.IntVar(&o.generate, "generate", 0, "")
	fs.StringVar(&o.out, "o", "", "")
	fs.Uint64Var(&o.seed, "seed", 1, "")
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
	case o.set != "all" && !strings.Contains(" news mixed ", " "+o.set+" "):
		bad = fmt.Sprintf("-set %q: want news, mixed or all", o.set)
	case o.generate > 0 && o.out == "":
		bad = "-generate needs -o FILE"
	case o.child != "" && o.child != progFloor && o.child != progDedup:
		bad = fmt.Sprintf("-child %q", o.child)
	}
	if bad != "" {
		fmt.Fprintf(stderr, "rehash-bench: %s\n%s", bad, usage)
		return nil, nil, fmt.Errorf("%s", bad)
	}
	return o, fs.Args(), nil
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"
)

// setResult is one set's measurements, in run order.
type setResult struct {
	name  string
	files []string
	floor []measurement
	dedup []measurement
	ekzhu []measurement // empty without -ekzhu
}

// runBench runs every selected set and prints the tables.
func runBench(ctx context.Context, o *options, stdout, stderr io.Writer) error {
	exe, err := os.Executable()
	if err != nil {
		exe = os.Args[0]
	}
	if o.profile != "" {
		if err := os.MkdirAll(o.profile, 0o755); err != nil {
			return err
		}
	}
	progs := []string{progFloor, progDedup}
	ekzhuBin := ""
	if o.ekzhu {
		fmt.Fprintln(stderr, "rehash-bench: building the ekzhu/minhash-lsh reference")
		bin, cleanup, err := buildEkzhu(ctx, stderr)
		if err != nil {
			return err
		}
		defer cleanup()
		ekzhuBin = bin
		progs = append(progs, progEkzhu)
	}
	var results []*setResult
	for _, s := range sets {
		if o.set != "all" && o.set != s.name {
			continue
		}
		paths, missing := locate(o.corpora, s.files)
		if len(missing) > 0 {
			fmt.Fprintf(stderr, "rehash-bench: skipping set %s: %s not found in %s\n", s.name, missing[0], o.corpora)
			continue
		}
		if err := warm(paths); err != nil {
			return err
		}
		r := &setResult{name: s.name, files: s.files}
		for i := range o.runs {
			for _, prog := range progs {
				fmt.Fprintf(stderr, "rehash-bench: %s run %d/%d: %s\n", s.name, i+1, o.runs, prog)
				var (
					m   measurement
					err error
				)
				if prog == progEkzhu {
					m, err = run1(ctx, ekzhuBin, []string{"-j", strconv.Itoa(o.workers), "--"}, o.workers, paths)
				} else {
					m, err = measure(ctx, exe, prog, o.workers, "", paths)
				}
				if err != nil {
					return fmt.Errorf("%s %s run %d: %w", s.name, prog, i+1, err)
				}
				switch prog {
				case progFloor:
					r.floor = append(r.floor, m)
				case progDedup:
					r.dedup = append(r.dedup, m)
				default:
					r.ekzhu = append(r.ekzhu, m)
				}
			}
		}
		if o.profile != "" {
			for _, prog := range []string{progFloor, progDedup} {
				file := filepath.Join(o.profile, prog+"-"+s.name+".pprof")
				fmt.Fprintf(stderr, "rehash-bench: %s: profiling %s to %s\n", s.name, prog, file)
				if _, err := measure(ctx, exe, prog, o.workers, file, paths); err != nil {
					return fmt.Errorf("%s %s profile: %w", s.name, prog, err)
				}
			}
		}
		results = append(results, r)
	}
	if len(results) == 0 {
		fmt.Fprintln(stderr, "rehash-bench: no corpora found; nothing to do")
		return nil
	}
	report(stdout, results, o)
	return nil
}

// locate returns the paths of files in dir, and the names of those that
// are missing.
func locate(dir string, files []string) (paths, missing []string) {
	for _, f := range files {
		p := filepath.Join(dir, f)
		if _, err := os.Stat(p); err != nil {
			missing = append(missing, f)
			continue
		}
		paths = append(paths, p)
	}
	return paths, missing
}

// warm reads the files once so that the first timed run does not pay for
// the disk while the others read from the page cache.
func warm(paths []string) error {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		_, err = io.Copy(io.Discard, f)
		f.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// measure runs prog over paths in a fresh child process with workers
// workers and GOMAXPROCS, and returns its measurement with its rusage.
func measure(ctx context.Context, exe, prog string, workers int, profile string, paths []string) (measurement, error) {
	args := []string{"-child", prog, "-j", strconv.Itoa(workers)}
	if profile != "" {
		args = append(args, "-cpuprofile", profile)
	}
	args = append(args, "--")
	return run1(ctx, exe, args, workers, paths)
}

// run1 runs exe with args and paths as a child with GOMAXPROCS workers, and
// returns the measurement it prints with its rusage.
func run1(ctx context.Context, exe string, args []string, workers int, paths []string) (measurement, error) {
	args = append(args, paths...)
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Env = append(os.Environ(), "GOMAXPROCS="+strconv.Itoa(workers))
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = os.Stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return measurement{}, err
	}
	elapsed := time.Since(start)
	var m measurement
	if err := json.Unmarshal(out.Bytes(), &m); err != nil {
		return m, fmt.Errorf("child output %q: %w", out.Bytes(), err)
	}
	m.MaxRSS, m.CPU = rusage(cmd.ProcessState)
	m.Elapsed = elapsed.Seconds()
	return m, nil
}

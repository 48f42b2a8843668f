// Command rehash finds duplicated, near-duplicated and reused text in
// document collections. See README.md for a tour.
//
// Exit codes (README "Exit codes"): 0 success, 1 failure, 2 bad usage or
// options, 3 bad input (a record that cannot be used, with --on-error
// fail), 130 interrupted. exitCode below is the one place that picks them.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/cluster"
	"github.com/rehashdev/rehash/dedup"
	"github.com/rehashdev/rehash/evidence"
	"github.com/rehashdev/rehash/index"
	"github.com/rehashdev/rehash/ingest"
	"github.com/rehashdev/rehash/internal/output"
	"github.com/rehashdev/rehash/join/eval"
	"github.com/rehashdev/rehash/reuse"
	"github.com/spf13/cobra"
)

// Exit codes.
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2
	exitBadInput    = 3
	exitInterrupted = 130 // 128 + SIGINT, as a shell reports a killed job
)

func main() { os.Exit(mainExit()) }

// mainExit runs the command line of the process, as main and the test
// scripts do. The first interrupt cancels the run, which removes its
// temporary outputs and exits 130 as it unwinds; a second one exits at
// once, still removing them.
func mainExit() int {
	output.IgnoreSIGPIPE()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sigs
		cancel()
		<-sigs
		output.RemoveTemps()
		fmt.Fprintln(os.Stderr, "rehash: interrupted")
		os.Exit(exitInterrupted)
	}()
	return run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
}

// usageError marks errors in how the command was called.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// run executes the command line and returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCmd(stdin, stdout, stderr)
	root.SetArgs(args)
	// Find runs before Execute, which would add these itself.
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	var err error
	if _, _, ferr := root.Find(args); ferr != nil {
		// An unknown command: cobra says which, with suggestions.
		err = usageError{ferr}
	} else {
		err = root.ExecuteContext(ctx)
	}
	code := exitCode(err)
	switch {
	case code == exitOK:
	case code == exitInterrupted:
		fmt.Fprintln(stderr, "rehash: interrupted")
	default:
		fmt.Fprintf(stderr, "rehash: %v\n", err)
	}
	return code
}

// exitCode maps an error to the process exit code, in one place: the
// commands return errors and never choose codes. Usage errors are the
// usageError type (flags, argument counts, unknown commands) and the
// libraries' sentinels for options that cannot work.
func exitCode(err error) int {
	var rerr *rehash.RecordError
	var uerr usageError
	switch {
	case err == nil,
		// The reader of standard output went away (| head): what it
		// wanted was written, and the files were complete before it.
		errors.Is(err, output.ErrClosedPipe), errors.Is(err, syscall.EPIPE):
		return exitOK
	case errors.Is(err, context.Canceled):
		return exitInterrupted
	case errors.As(err, &uerr),
		errors.Is(err, output.ErrSameFile),
		errors.Is(err, output.ErrInsideInput),
		errors.Is(err, dedup.ErrOptions),
		errors.Is(err, cluster.ErrPolicy),
		errors.Is(err, ingest.ErrUnknownFormat),
		errors.Is(err, ingest.ErrOnError),
		errors.Is(err, ingest.ErrAmbiguousInput),
		errors.Is(err, ingest.ErrCharset),
		errors.Is(err, ingest.ErrContent),
		errors.Is(err, evidence.ErrOptions),
		errors.Is(err, reuse.ErrOptions),
		errors.Is(err, reuse.ErrStdin),
		errors.Is(err, eval.ErrStdin),
		errors.Is(err, index.ErrParams),
		errors.Is(err, index.ErrInvalid):
		return exitUsage
	case errors.As(err, &rerr):
		return exitBadInput
	}
	return exitFailure
}

func newRootCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:           "rehash",
		Short:         "Find duplicated, near-duplicated and reused text in document collections",
		Version:       version(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(newDedupCmd(stdin, stdout, stderr))
	root.AddCommand(newIndexCmd(stdin, stdout, stderr))
	root.AddCommand(newServeCmd(stderr))
	root.AddCommand(newEvalCmd(stdin, stdout, stderr))
	root.AddCommand(newReportCmd(stdin, stdout, stderr))
	root.AddCommand(newCompareCmd(stdin, stdout, stderr))
	root.AddCommand(newReuseCmd(stdin, stdout, stderr))
	root.AddCommand(newStoriesCmd(stdin, stdout, stderr))
	usageArgs(root)
	return root
}

// usageArgs makes a wrong number of arguments a usage error in every
// command, as a bad flag is.
func usageArgs(c *cobra.Command) {
	if c.HasParent() && c.HasSubCommands() && !c.Runnable() {
		// A group (index, eval): cobra checks the word after it only at
		// the root, and would print the help for "index nosuch".
		c.Args = func(c *cobra.Command, a []string) error {
			if len(a) > 0 {
				return fmt.Errorf("unknown command %q for %q", a[0], c.CommandPath())
			}
			return nil
		}
		c.RunE = func(c *cobra.Command, _ []string) error { return c.Help() }
	}
	if args := c.Args; args != nil {
		c.Args = func(c *cobra.Command, a []string) error {
			if err := args(c, a); err != nil {
				return usageError{err}
			}
			return nil
		}
	}
	for _, sub := range c.Commands() {
		usageArgs(sub)
	}
}

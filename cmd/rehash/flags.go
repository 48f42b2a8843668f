package main

import (
	"flag"
	"io"

	"github.com/rehashdev/rehash/dedup"
	"github.com/rehashdev/rehash/ingest"
	"github.com/spf13/pflag"
)

// shorthands are the one-letter names of library flags; the libraries bind
// long names only, as the standard flag package does.
var shorthands = map[string]string{"threshold": "t", "shingle": "k", "jobs": "j"}

// libFlags adds the flags a library binds to a standard flag.FlagSet (its
// Flags method, with the library's own defaults and help) to a command's
// flags. A name the command already has is kept as it is: report takes
// --jobs from dedup and passes the value to reuse.
func libFlags(f *pflag.FlagSet, bind func(*flag.FlagSet)) {
	gfs := flag.NewFlagSet("", flag.ContinueOnError)
	bind(gfs)
	gfs.VisitAll(func(g *flag.Flag) {
		if f.Lookup(g.Name) != nil {
			return
		}
		p := pflag.PFlagFromGoFlag(g)
		if s := shorthands[g.Name]; s != "" && f.ShorthandLookup(s) == nil {
			p.Shorthand = s
		}
		f.AddFlag(p)
	})
}

// inputFlags are the flags of every command that reads inputs: how they
// are read (ingest.Options.Flags: --format, --id-field, --text-field,
// --keep-mail) and what a bad record does (--on-error). They are bound
// here and nowhere else.
type inputFlags struct {
	ingest  ingest.Options
	onError ingest.OnError
}

func (in *inputFlags) bind(f *pflag.FlagSet) {
	libFlags(f, func(fs *flag.FlagSet) {
		in.ingest.Flags(fs)
		in.onError.Flag(fs)
	})
}

// input returns the reading options with standard input set, or the error
// that no input could be read with (an unknown --format).
func (in *inputFlags) input(stdin io.Reader) (*ingest.Options, error) {
	in.ingest.Stdin = stdin
	return &in.ingest, in.ingest.Validate()
}

// runFlags are the flags of the commands that run the dedup pipeline
// (dedup, report, eval): dedup.Options.Flags and the input flags.
type runFlags struct {
	run dedup.Options
	inputFlags
}

func (r *runFlags) register(f *pflag.FlagSet, groups int) {
	libFlags(f, func(fs *flag.FlagSet) { r.run.Flags(fs, groups) })
	r.inputFlags.bind(f)
}

// options returns the run's options, checked as Run checks them, so that
// a command refuses bad flags before it creates any output.
func (r *runFlags) options(stdin io.Reader) (*dedup.Options, error) {
	in, err := r.input(stdin)
	if err != nil {
		return nil, err
	}
	r.run.Ingest, r.run.OnError = in, r.onError
	if _, err := r.run.WithDefaults(); err != nil {
		return nil, err
	}
	return &r.run, nil
}

package reuse

import "flag"

// DefaultMaxDF is Options.MaxDF's default: text in more documents than
// this is boilerplate.
const DefaultMaxDF = 20

// Flags binds the search's options to fs with their defaults:
// --min-words (from evidence.Options.Flags), --max-df and --jobs. The
// inputs' options (Ingest, OnError) are bound by the command's input
// flags. Call it before fs is parsed; it sets the fields to their
// defaults.
func (o *Options) Flags(fs *flag.FlagSet) {
	o.Align.Flags(fs)
	fs.IntVar(&o.MaxDF, "max-df", DefaultMaxDF, "text in more documents than this is boilerplate and links nothing")
	fs.IntVar(&o.Workers, "jobs", 0, "worker goroutines (0: all cores); output does not depend on it")
}

// Validate reports the error Run would return for these options, so that
// a command can refuse them before it creates any output.
func (o *Options) Validate() error {
	_, err := o.withDefaults()
	return err
}

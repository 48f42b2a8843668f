package reuse

import "flag"

// The defaults of Options, bound as the flags' defaults by Flags.
const (
	// DefaultMaxDF is Options.MaxDF's default: text in more documents
	// than this is boilerplate.
	DefaultMaxDF = 20
)

// Flags binds the search's options to fs with their defaults:
// --min-words (from evidence.Options.Flags), --max-df, --rarity and --jobs. The
// inputs' options (Ingest, OnError) are bound by the command's input
// flags. Call it before fs is parsed; it sets the fields to their
// defaults.
func (o *Options) Flags(fs *flag.FlagSet) {
	o.Align.Flags(fs)
	fs.IntVar(&o.MaxDF, "max-df", DefaultMaxDF, "text in more documents than this is boilerplate and links nothing")
	fs.Float64Var(&o.Rarity, "rarity", 0, "information a shared passage must carry, a word in df of N documents carrying log2(N/df) bits: 0, the chance bound of 2·log2(N) bits a passage; positive: these bits per word of max(--min-words, 8); negative: off")
	fs.IntVar(&o.Workers, "jobs", 0, "worker goroutines (0: all cores); output does not depend on it")
}

// Validate reports the error Run would return for these options, so that
// a command can refuse them before it creates any output.
func (o *Options) Validate() error {
	_, err := o.withDefaults()
	return err
}

package evidence

import "flag"

// DefaultMinWords is Options.MinWords's default.
const DefaultMinWords = 8

// Flags binds the alignment options a user tunes to fs with their
// defaults: --min-words and --text. Call it before fs is parsed; it sets the field to
// its default.
func (o *Options) Flags(fs *flag.FlagSet) {
	fs.IntVar(&o.MinWords, "min-words", DefaultMinWords, "shortest shared passage, in words")
	fs.BoolVar(&o.Quotes, "text", false, "put each passage's text on both sides in the JSON link (quote_a, quote_b)")
}

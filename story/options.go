package story

import (
	"errors"
	"flag"
	"fmt"
	"time"
)

// Options configure story clustering. A nil *Options means the defaults;
// zero fields take their defaults.
type Options struct {
	// Threshold is the cosine similarity between a document's term vector
	// and a story's centroid (or between two stories' centroids) at or
	// above which the document joins the story (the stories merge).
	// Default 0: Run measures size-dependent thresholds on its input
	// (Null, see threshold.go for why); a Clusterer without Null, or Run
	// on fewer than 200 distinct texts, uses DefaultThreshold.
	Threshold float64
	// Null, when set, gives the thresholds by story size instead of
	// Threshold. Run sets it when Threshold is 0. Default nil.
	Null *Null
	// Floor is the least threshold a measured Null can give: a document
	// joins a story (two stories merge) only at a cosine of at least
	// Floor, however low the null. Default DefaultThreshold (0.2). Unused
	// without Null.
	Floor float64
	// Window is how long a story stays open without a new document: a
	// document dated more than Window after a story's last document
	// cannot join it, so two similar events months apart are two stories.
	// Default DefaultWindow (7 days).
	Window time.Duration
	// TitleBoost, LeadBoost and NameBoost multiply the count of a word in
	// the title, in the lead (the first LeadWords words of the text), and
	// of a name or number (a word with a capital letter not at the start
	// of a sentence, or with a digit). Defaults 3, 2 and 2.
	TitleBoost, LeadBoost, NameBoost float32
	// LeadWords is the length of the lead in words. Default 50.
	LeadWords int
	// MaxWords is how many words of a text are read. News is written
	// most important first (the "inverted pyramid"): what identifies the
	// event is in the first paragraphs, and the rest of a long text would
	// add reading time and few heavy terms. Default 1000.
	MaxWords int
	// DocTerms is how many of its highest-weighted terms represent a
	// document. Default 50.
	DocTerms int
	// StoryTerms is how many terms a story's centroid keeps. Default 200.
	StoryTerms int
	// IndexTerms is how many of a story's centroid terms are posted in the
	// inverted index that finds candidate stories. Default 20.
	IndexTerms int
	// Labels is how many terms label a story. Default 5.
	Labels int
}

// The defaults. Why these values: see docs/design.md, "Stories".
const (
	// DefaultThreshold is the joining similarity when it cannot be
	// measured on the input; see threshold.go.
	DefaultThreshold = 0.2
	// DefaultWindow is a week: a story nobody has written about for a week
	// is over, and the next similar event is news of its own.
	DefaultWindow = 7 * 24 * time.Hour
)

// ErrOptions reports options out of range.
var ErrOptions = errors.New("story: invalid options")

func (o *Options) withDefaults() Options {
	c := Options{}
	if o != nil {
		c = *o
	}
	if c.Threshold == 0 {
		c.Threshold = DefaultThreshold
	}
	if c.Floor == 0 {
		c.Floor = DefaultThreshold
	}
	if c.Window == 0 {
		c.Window = DefaultWindow
	}
	if c.TitleBoost == 0 {
		c.TitleBoost = 3
	}
	if c.LeadBoost == 0 {
		c.LeadBoost = 2
	}
	if c.NameBoost == 0 {
		c.NameBoost = 2
	}
	if c.LeadWords == 0 {
		c.LeadWords = 50
	}
	if c.MaxWords == 0 {
		c.MaxWords = 1000
	}
	if c.DocTerms == 0 {
		c.DocTerms = 50
	}
	if c.StoryTerms == 0 {
		c.StoryTerms = 200
	}
	if c.IndexTerms == 0 {
		c.IndexTerms = 20
	}
	if c.Labels == 0 {
		c.Labels = 5
	}
	return c
}

// validate checks the filled-in options.
func (o *Options) validate() error {
	switch {
	case o.Threshold <= 0 || o.Threshold > 1:
		return fmt.Errorf("%w: threshold %g is not in (0, 1]", ErrOptions, o.Threshold)
	case o.Floor < 0 || o.Floor > 1:
		return fmt.Errorf("%w: floor %g is not in [0, 1]", ErrOptions, o.Floor)
	case o.Window < 0:
		return fmt.Errorf("%w: negative window %s", ErrOptions, o.Window)
	case o.TitleBoost < 0 || o.LeadBoost < 0 || o.NameBoost < 0:
		return fmt.Errorf("%w: negative boost", ErrOptions)
	case o.DocTerms < 0 || o.StoryTerms < 0 || o.IndexTerms < 0 || o.Labels < 0 || o.LeadWords < 0 || o.MaxWords < 0:
		return fmt.Errorf("%w: negative term count", ErrOptions)
	}
	return nil
}

// Flags binds the options a user chooses to fs, with their defaults:
// --threshold and --window. The other fields are the method's design
// (docs/design.md, "Stories") and have no flags.
func (o *Options) Flags(fs *flag.FlagSet) {
	fs.Float64Var(&o.Threshold, "threshold", 0, "cosine similarity to a story's centroid at or above which a document joins the story (0: by story size, the 99th percentile of the similarity to random stories of the input; see docs/design.md, Stories)")
	fs.DurationVar(&o.Window, "window", DefaultWindow, "a story closes when no document has joined it for this long")
}

// Validate returns the error NewClusterer and Run would return for o.
func (o *Options) Validate() error {
	c := o.withDefaults()
	return c.validate()
}

package report

import (
	"errors"
	"flag"
	"strconv"
)

// Flags binds the report's own options to fs with their defaults:
// --title, --max-text, --links, --no-reuse, --no-stories and --site-field. The options of the runs
// under it (Dedup, Reuse) and of reading (Ingest, OnError) are bound by
// their own packages' Flags. Call it before fs is parsed; it sets the
// fields to their defaults.
func (o *Options) Flags(fs *flag.FlagSet) {
	fs.StringVar(&o.Title, "title", "", "the report's title (default: the inputs)")
	o.MaxText = DefaultMaxText
	fs.Var((*maxTextValue)(&o.MaxText), "max-text", "show at most this many `bytes` of each text (-1: all)")
	fs.StringVar(&o.Links, "links", "", "add the links in this JSON Lines `file` (one link with its passages per line; .gz read as gzip)")
	fs.BoolVar(&o.NoReuse, "no-reuse", false, "skip the reuse search: list dedup's verified pairs (and --links) only")
	fs.BoolVar(&o.NoStories, "no-stories", false, "skip grouping the documents into stories (as rehash stories does, at its defaults)")
	fs.StringVar(&o.SiteField, "site-field", "", "JSON `field` holding the site or publisher, instead of the metadata's site (JSON Lines)")
}

// maxTextValue is Options.MaxText as a flag: 0, which the Go API reads as
// the default, is refused rather than taken to mean a cap of nothing.
type maxTextValue int

func (v *maxTextValue) String() string { return strconv.Itoa(int(*v)) }

func (v *maxTextValue) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil {
		return err
	}
	if n == 0 {
		return errors.New("must not be 0 (use -1 for no cap)")
	}
	*v = maxTextValue(n)
	return nil
}

package ingest

import (
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/rehashdev/rehash"
)

// The defaults of Options, bound as the flags' defaults by Flags.
const (
	// DefaultIDField is the JSON field or CSV column read as the id.
	DefaultIDField = "id"
	// DefaultTextField is the JSON field or CSV column read as the text.
	DefaultTextField = "text"
	// DefaultTitleField is the field or column read as the title.
	DefaultTitleField = "title"
	// DefaultDateField is the field or column read as the date.
	DefaultDateField = "date"
)

// Flags binds the options that say how inputs are read, each with its
// default, to fs: --format, --id-field, --text-field, --title-field,
// --date-field, --charset, --content, --keep-mail. Every
// command that reads inputs binds them through here, so that they are
// named, defaulted and documented once. Call it before fs is parsed; it
// sets the fields to their defaults.
func (o *Options) Flags(fs *flag.FlagSet) {
	fs.StringVar(&o.Format, "format", "", "input format, instead of detecting it: "+strings.Join(FormatNames(), ", "))
	fs.StringVar(&o.IDField, "id-field", DefaultIDField, "JSON field or CSV/Parquet column holding the id")
	fs.StringVar(&o.TextField, "text-field", DefaultTextField, "JSON field or CSV/Parquet column holding the text")
	fs.StringVar(&o.TitleField, "title-field", DefaultTitleField, "JSON field, CSV or Parquet column holding the title")
	fs.StringVar(&o.DateField, "date-field", DefaultDateField, "JSON field, CSV or Parquet column holding the date (any common layout, or epoch seconds/milliseconds)")
	fs.StringVar(&o.Charset, "charset", "", "charset of every input, instead of detecting it (BOM, valid UTF-8, declared, else windows-1252): e.g. windows-1252, latin1, utf-16le, shift_jis")
	fs.StringVar(&o.Content, "content", ContentAuto, "what a record's text holds: `auto|text|html` (auto sniffs each record; html extracts the main text)")
	fs.BoolVar(&o.KeepMail, "keep-mail", false, "keep mail/news headers and \"-- \" signatures in the text (default: headers become title and date, signatures are dropped)")
}

// OnError says what a bad record (a *rehash.RecordError: malformed,
// without text, undecodable) does to a run that reads inputs. Every
// command takes it as --on-error with the same default, DefaultOnError.
type OnError string

const (
	// Fail stops the run at the first bad record, naming it.
	Fail OnError = "fail"
	// Skip counts the bad record under its reason and goes on.
	Skip OnError = "skip"
	// DefaultOnError is the policy when none is given: a data tool should
	// not drop records unless asked to.
	DefaultOnError = Fail
)

// Skips reports whether the policy skips err: only under Skip, and only
// when err is one record's problem (a *rehash.RecordError), which it
// returns so that the caller can count it under its reason. Any other
// error (an unreadable file, a cancelled run) ends the run either way.
func (e OnError) Skips(err error) (*rehash.RecordError, bool) {
	var rerr *rehash.RecordError
	if e != Skip || !errors.As(err, &rerr) {
		return nil, false
	}
	return rerr, true
}

// ErrOnError reports an --on-error value other than fail or skip.
var ErrOnError = errors.New("ingest: on-error wants fail or skip")

// String implements flag.Value.
func (e *OnError) String() string {
	if e == nil || *e == "" {
		return string(DefaultOnError)
	}
	return string(*e)
}

// Set implements flag.Value: it accepts fail and skip.
func (e *OnError) Set(s string) error {
	switch OnError(s) {
	case Fail, Skip:
		*e = OnError(s)
		return nil
	}
	return fmt.Errorf("%w, not %q", ErrOnError, s)
}

// Flag binds --on-error to fs with its default.
func (e *OnError) Flag(fs *flag.FlagSet) {
	*e = DefaultOnError
	fs.Var(e, "on-error", "what a bad record does: `fail|skip` (fail stops the run naming it; skip counts it by reason and goes on)")
}

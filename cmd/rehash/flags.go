package main

import (
	"fmt"

	"github.com/rehashdev/rehash/cluster"
	"github.com/rehashdev/rehash/dedup"
	"github.com/rehashdev/rehash/ingest"
	"github.com/spf13/pflag"
)

// runFlags binds the flags of the dedup pipeline that every command running
// it takes (dedup, report, eval), so that they are named, defaulted and
// documented the same way everywhere.
type runFlags struct {
	run     dedup.Options
	ingest  ingest.Options
	keep    string
	onError string
}

// Which optional groups of flags a command takes.
const (
	withSignature = 1 << iota // --slots, --bands, --rows
	withKeep                  // --keep
)

func (r *runFlags) register(f *pflag.FlagSet, groups int) {
	f.Float64VarP(&r.run.Threshold, "threshold", "t", 0.8, "Jaccard similarity at or above which documents are near-duplicates")
	f.IntVarP(&r.run.Shingle, "shingle", "k", 5, "words per shingle")
	if groups&withSignature != 0 {
		f.IntVar(&r.run.Slots, "slots", 128, "signature slots (MinHash size)")
		f.IntVar(&r.run.Bands, "bands", 0, "LSH bands (0: chosen from the threshold)")
		f.IntVar(&r.run.Rows, "rows", 0, "LSH rows per band (0: chosen from the threshold)")
	}
	f.Uint64Var(&r.run.Seed, "seed", dedup.DefaultSeed, "hash seed")
	f.IntVarP(&r.run.Workers, "jobs", "j", 0, "worker goroutines (0: all cores); output does not depend on it")
	if groups&withKeep != 0 {
		f.StringVar(&r.keep, "keep", "first", "which document a cluster keeps: first (in input order), longest, earliest or latest (by date; undated last)")
		f.BoolVar(&r.run.MergeContained, "merge-contained", false, "merge a pair where one document lies whole inside the other and the other adds text (default: report it with \"contained\", keep both)")
	}
	f.StringVar(&r.onError, "on-error", "fail", "on a bad record: fail (stop, naming it) or skip (count it and go on)")
	addInputFlags(f, &r.ingest)
}

// options checks the flags given as words and returns the run options.
func (r *runFlags) options() (*dedup.Options, error) {
	if r.keep != "" {
		keep, err := cluster.ParsePolicy(r.keep)
		if err != nil {
			return nil, err
		}
		r.run.Keep = keep
	}
	r.run.OnError = dedup.OnError(r.onError)
	r.run.Ingest = &r.ingest
	return &r.run, nil
}

// addInputFlags binds the flags that say how inputs are read.
func addInputFlags(f *pflag.FlagSet, o *ingest.Options) {
	f.StringVar(&o.Format, "format", "", "input format, instead of detecting it: "+fmt.Sprint(ingest.FormatNames()))
	f.StringVar(&o.IDField, "id-field", "id", "JSON field or CSV column holding the id")
	f.StringVar(&o.TextField, "text-field", "text", "JSON field or CSV column holding the text")
	addReadFlags(f, o)
}

// addReadFlags binds the flags that say how a record's text and metadata
// are read, whatever its format.
func addReadFlags(f *pflag.FlagSet, o *ingest.Options) {
	f.StringVar(&o.TitleField, "title-field", "title", "JSON field, CSV or Parquet column holding the title")
	f.StringVar(&o.DateField, "date-field", "date", "JSON field, CSV or Parquet column holding the date (any common layout, or epoch seconds/milliseconds)")
	f.StringVar(&o.Charset, "charset", "", "charset of every input, instead of detecting it (BOM, valid UTF-8, declared, else windows-1252): e.g. windows-1252, latin1, utf-16le, shift_jis")
	f.StringVar(&o.Content, "content", "auto", "what a record's text holds: auto (sniff each record), text, or html (extract the main text)")
}

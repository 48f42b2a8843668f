package dedup

import (
	"flag"

	"github.com/rehashdev/rehash/cluster"
	"github.com/rehashdev/rehash/shingle"
	"github.com/rehashdev/rehash/sketch"
)

// DefaultThreshold is Options.Threshold's default.
const DefaultThreshold = 0.8

// Which groups of flags Flags binds, beyond the threshold, shingle
// length, seed and workers that every run takes.
const (
	// FlagSignature binds --slots, --bands and --rows.
	FlagSignature = 1 << iota
	// FlagKeep binds --keep.
	FlagKeep
	// FlagTwoPass binds --two-pass.
	FlagTwoPass
)

// Flags binds the run's options to fs, each with the default a run uses
// when the field is zero: --threshold, --shingle, --seed, --jobs, and the
// groups asked for (FlagSignature, FlagKeep, FlagTwoPass). The inputs'
// options (Ingest, OnError) are bound by the command's input flags. Call
// it before fs is parsed; it sets the fields to their defaults.
func (o *Options) Flags(fs *flag.FlagSet, groups int) {
	fs.Float64Var(&o.Threshold, "threshold", DefaultThreshold, "Jaccard similarity at or above which documents are near-duplicates")
	fs.IntVar(&o.K, "shingle", shingle.DefaultK, "words per shingle")
	if groups&FlagSignature != 0 {
		fs.IntVar(&o.Size, "slots", sketch.DefaultSize, "signature slots (MinHash size)")
		fs.IntVar(&o.Bands, "bands", 0, "LSH bands (0: chosen from the threshold)")
		fs.IntVar(&o.Rows, "rows", 0, "LSH rows per band (0: chosen from the threshold)")
	}
	fs.Uint64Var(&o.Seed, "seed", DefaultSeed, "hash seed")
	fs.IntVar(&o.Workers, "jobs", 0, "worker goroutines (0: all cores); output does not depend on it")
	if groups&FlagKeep != 0 {
		o.Keep = cluster.KeepFirst
		fs.Var((*policyValue)(&o.Keep), "keep", "which document a cluster keeps: `first|longest|earliest` (first in input order, the longest text, the earliest date)")
	}
	if groups&FlagTwoPass != 0 {
		fs.BoolVar(&o.TwoPass, "two-pass", false, "hold only band keys while reading and read the inputs again for the candidates' shingles: for corpora whose shingles (8 bytes a word) do not fit in memory; not for standard input")
	}
}

// policyValue is a cluster.Policy as a flag: Set checks the name.
type policyValue cluster.Policy

func (p *policyValue) String() string { return string(*p) }

func (p *policyValue) Set(s string) error {
	v, err := cluster.ParsePolicy(s)
	if err != nil {
		return err
	}
	*p = policyValue(v)
	return nil
}

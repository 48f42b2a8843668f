package dedup

import (
	"flag"

	"github.com/rehashdev/rehash/cluster"
)

// Which groups of flags Flags binds, beyond the threshold, shingle
// length, seed and workers that every run takes.
const (
	// FlagSignature binds --slots, --bands and --rows.
	FlagSignature = 1 << iota
	// FlagKeep binds --keep and --merge-contained.
	FlagKeep
	// FlagTwoPass binds --two-pass.
	FlagTwoPass
	// FlagMemory binds --memory and --spill-dir (Options.Memory,
	// Options.SpillDir).
	FlagMemory
	// FlagTemplates binds --templates, defaulting to merge.
	FlagTemplates
)

// Flags binds the run's options to fs, each with the default a run uses
// when the field is zero: the signature parameters (signature.Params.Flags:
// --threshold, --shingle, --seed), --jobs, and the groups asked for
// (FlagSignature, FlagKeep, FlagTwoPass, FlagMemory, FlagTemplates). The inputs'
// options (Ingest, OnError) are bound by the command's input flags. Call
// it before fs is parsed; it sets the fields to their defaults.
func (o *Options) Flags(fs *flag.FlagSet, groups int) {
	o.Params.Flags(fs, groups&FlagSignature != 0)
	fs.IntVar(&o.Workers, "jobs", 0, "worker goroutines (0: all cores); output does not depend on it")
	if groups&FlagKeep != 0 {
		o.Keep = cluster.KeepFirst
		fs.Var((*policyValue)(&o.Keep), "keep", "which document a cluster keeps: `first|longest|earliest|latest` (first in input order, the longest text, the earliest or latest date; undated last)")
		fs.BoolVar(&o.MergeContained, "merge-contained", false, "merge a pair where one document lies whole inside the other and the other adds text (default: report it with \"contained\", keep both)")
	}
	if groups&FlagTemplates != 0 {
		o.Templates = TemplatesMerge
		fs.Var(&o.Templates, "templates", "verified pairs that differ only in numbers, dates, names or the title: `merge|keep|off` (merge: clustered as duplicates and marked \"template\" in --pairs; keep: marked and not merged; off: not checked, no second read)")
	}
	if groups&FlagTwoPass != 0 {
		fs.BoolVar(&o.TwoPass, "two-pass", false, "hold only band keys while reading and read the inputs again for the candidates' shingles: for corpora whose shingles (8 bytes a word) do not fit in memory; not for standard input")
	}
	if groups&FlagMemory != 0 {
		o.Memory = 0
		fs.Var((*byteSize)(&o.Memory), "memory", "bound memory to about this size (e.g. 1GiB, at least 64MiB) whatever the corpus size: band keys sorted in runs on disk and merged, candidates' shingles read again and verified from disk; output identical; not for standard input or --dedup-out; temporary files go to $TMPDIR or --spill-dir")
		fs.StringVar(&o.SpillDir, "spill-dir", "", "with --memory: keep the run's files in this `dir` (new, empty, or an interrupted run's) so that a run stopped at any point resumes from its last checkpoint when started again with the same inputs, flags and --spill-dir; removed after a finished run")
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

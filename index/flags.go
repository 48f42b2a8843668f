package index

import (
	"flag"
	"strconv"

	"github.com/rehashdev/rehash/signature"
)

// The defaults of LoadOptions, bound as the flags' defaults by Flags.
const (
	// DefaultBatch is LoadOptions.Batch's default.
	DefaultBatch = 256
	// DefaultIngestBytes is LoadOptions.IngestBytes's default.
	DefaultIngestBytes = 32 << 20
)

// FlagGroups choose the flags Options.Flags binds beyond --cache-mb.
type FlagGroups int

const (
	// ParamFlags: --threshold, --shingle, --slots, --seed, --bands, --rows,
	// each defaulting to 0, "the index's" (or signature's default for a
	// new index): commands that may create an index.
	ParamFlags FlagGroups = 1 << iota
	// NoSyncFlag: --no-sync (bulk loads).
	NoSyncFlag
	// MaxAgeFlag: --max-age (a long-running writer that evicts).
	MaxAgeFlag
)

// Flags binds the options to fs under the names every index command uses,
// with their defaults: --cache-mb always, and the groups asked for. Call
// it before fs is parsed; it sets the fields to their defaults.
func (o *Options) Flags(fs *flag.FlagSet, groups FlagGroups) {
	o.CacheBytes = 0
	fs.Var(mibValue{&o.CacheBytes}, "cache-mb", "block cache in MiB (0: an eighth of memory, 64 MiB to 4 GiB)")
	if groups&ParamFlags != 0 {
		o.Params = signature.Params{}
		fs.Float64Var(&o.Threshold, "threshold", 0, "Jaccard threshold the index is built for (0: the index's, or 0.8 for a new one)")
		fs.IntVar(&o.Shingle, "shingle", 0, "words per shingle (0: the index's, or 5)")
		fs.IntVar(&o.Slots, "slots", 0, "signature slots (0: the index's, or 128)")
		fs.Uint64Var(&o.Seed, "seed", 0, "hash seed (0: the index's, or the default)")
		fs.IntVar(&o.Bands, "bands", 0, "LSH bands (0: the index's, or chosen from the threshold)")
		fs.IntVar(&o.Rows, "rows", 0, "LSH rows per band (0: the index's, or chosen from the threshold)")
	}
	if groups&NoSyncFlag != 0 {
		fs.BoolVar(&o.NoSync, "no-sync", false, "do not sync each batch through the write-ahead log (a crash may lose the last batches; ingested chunks are always synced)")
	}
	if groups&MaxAgeFlag != 0 {
		fs.DurationVar(&o.MaxAge, "max-age", 0, "hide and evict documents older than this (0: keep forever)")
	}
}

// Flags binds the loader's options to fs with their defaults: --batch,
// --jobs and --ingest-mb. Call it before fs is parsed.
func (o *LoadOptions) Flags(fs *flag.FlagSet) {
	fs.IntVar(&o.Batch, "batch", DefaultBatch, "documents per synced batch, for what goes through the write-ahead log")
	fs.IntVar(&o.Jobs, "jobs", 1, "goroutines analyzing documents (with --ingest-mb -1: concurrent batches, and insertion order follows completion order)")
	o.IngestBytes = DefaultIngestBytes
	fs.Var(mibValue{&o.IngestBytes}, "ingest-mb", "MiB of text per chunk written as sorted tables and ingested whole (-1: every document through the write-ahead log)")
}

// mibValue is an int64 byte count given in MiB; negative values stay
// negative (-1 MiB means "off" where that is documented).
type mibValue struct{ p *int64 }

func (v mibValue) String() string {
	if v.p == nil {
		return "0"
	}
	if *v.p < 0 {
		return "-1"
	}
	return strconv.FormatInt(*v.p>>20, 10)
}

func (v mibValue) Set(s string) error {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return err
	}
	if n < 0 {
		*v.p = -1
		return nil
	}
	*v.p = n << 20
	return nil
}

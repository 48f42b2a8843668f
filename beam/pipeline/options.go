package pipeline

import (
	"errors"
	"fmt"

	"github.com/rehashdev/rehash/cluster"
	"github.com/rehashdev/rehash/dedup"
	"github.com/rehashdev/rehash/ingest"
	"github.com/rehashdev/rehash/signature"
)

// Options configure a pipeline. The run options are dedup.Options, with the
// same names and defaults as `rehash dedup`; the rest is what only a
// distributed run needs.
type Options struct {
	// Inputs are the files to read, in this order: paths or glob patterns
	// (each pattern's matches sorted by name), local or on a filesystem the
	// Beam SDK knows (gs://, s3://). Directories are not walked.
	Inputs []string
	// Output is the directory the sharded outputs go to.
	Output string
	// Dedup holds the run options: the signature.Params (threshold,
	// shingle, slots, seed, bands, rows), the keep policy, on-error policy and Ingest (format, id
	// and text fields). Workers, TwoPass, KeepRaw, TempDir and Progress do
	// not apply. Nil means dedup's defaults.
	Dedup *dedup.Options
	// MaxBucket caps the pairs one LSH bucket yields: each member is paired
	// with at most MaxBucket-1 members that follow it in input order. A
	// bucket of n documents yields n(n-1)/2 pairs without it. Default 0:
	// no cap, which is what `rehash dedup` does and what equivalence needs.
	MaxBucket int
	// Rounds is the number of large-star/small-star rounds unrolled for the
	// connected components. Default 8. The job fails, saying so, if the
	// components have not converged after them.
	Rounds int
	// DedupOut writes the kept records of JSON Lines inputs, byte for byte,
	// as dedup-FILE.jsonl shards. Default false.
	DedupOut bool
}

// ErrOptions reports options that cannot work.
var ErrOptions = errors.New("pipeline: invalid options")

// config is the part of the options the workers need, in a form Beam can
// serialize into a DoFn (exported fields of plain types).
type config struct {
	Params         signature.Params
	Keep           string
	Skip           bool
	Format         string
	IDField        string
	TextField      string
	MaxRecordBytes int
	KeepMail       bool
}

func (c config) dedupOptions() *dedup.Options {
	on := dedup.Fail
	if c.Skip {
		on = dedup.Skip
	}
	return &dedup.Options{
		Params: c.Params,
		Keep:   cluster.Policy(c.Keep), OnError: on, Workers: 1,
		Ingest: &ingest.Options{Format: c.Format, IDField: c.IDField, TextField: c.TextField,
			MaxRecordBytes: c.MaxRecordBytes, KeepMail: c.KeepMail, NoOffsets: true},
	}
}

// withDefaults copies o, fills the defaults and validates.
func (o *Options) withDefaults() (*Options, config, error) {
	c := Options{}
	if o != nil {
		c = *o
	}
	if c.Rounds == 0 {
		c.Rounds = 8
	}
	switch {
	case len(c.Inputs) == 0:
		return nil, config{}, fmt.Errorf("%w: no inputs", ErrOptions)
	case c.Output == "":
		return nil, config{}, fmt.Errorf("%w: no output directory", ErrOptions)
	case c.MaxBucket < 0 || c.MaxBucket == 1:
		return nil, config{}, fmt.Errorf("%w: max bucket %d (want 0 for no cap, or at least 2)", ErrOptions, c.MaxBucket)
	case c.Rounds < 1:
		return nil, config{}, fmt.Errorf("%w: rounds %d", ErrOptions, c.Rounds)
	}
	d, err := c.Dedup.WithDefaults()
	if err != nil {
		return nil, config{}, err
	}
	c.Dedup = d
	// The parameters, banding included, are resolved here, once, so that
	// every worker uses the ones the driver chose.
	params, err := d.Params.Resolved()
	if err != nil {
		return nil, config{}, err
	}
	cfg := config{Params: params, Keep: string(d.Keep), Skip: d.OnError == dedup.Skip}
	if in := d.Ingest; in != nil {
		if in.Stdin != nil || in.BytesRead != nil {
			return nil, config{}, fmt.Errorf("%w: ingest options Stdin and BytesRead do not apply", ErrOptions)
		}
		cfg.Format, cfg.IDField, cfg.TextField = in.Format, in.IDField, in.TextField
		cfg.MaxRecordBytes, cfg.KeepMail = in.MaxRecordBytes, in.KeepMail
	}
	return &c, cfg, nil
}

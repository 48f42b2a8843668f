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
	// Inputs are what to read, in this order, as `rehash dedup` reads its
	// arguments: local files, directories (walked as ingest.Read walks
	// them) and glob patterns (each pattern's matches sorted by name, as a
	// shell expands them for the CLI); or patterns on a filesystem the
	// Beam SDK has registered (gs://, s3://, memfs://), listed by it.
	Inputs []string
	// Output is the directory the sharded outputs go to.
	Output string
	// Dedup holds the run options: the signature.Params (threshold,
	// shingle, slots, seed, bands, rows), the keep policy, MergeContained, on-error policy and Ingest (format, id
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
	// SecondRead verifies candidate pairs on shingle sets rebuilt by
	// reading the candidates' input files again (each file once, only
	// the records in some candidate pair decoded), instead of shuffling
	// every document's shingle set: the shuffle then carries 16 bytes a
	// pair end and the sets of candidate documents only, at the price of
	// a second read of every input file that holds a candidate. The
	// output is the same. Default false.
	SecondRead bool
	// DedupOut writes the deduplicated dataset: the kept records of each
	// JSON Lines input, byte for byte, as dedup-FILE.jsonl, and the kept
	// rows of each Parquet input, with its schema, as dedup-FILE.parquet.
	// Default false.
	DedupOut bool
}

// ErrOptions reports options that cannot work.
var ErrOptions = errors.New("pipeline: invalid options")

// config is the part of the options the workers need, in a form Beam can
// serialize into a DoFn (exported fields of plain types).
type config struct {
	Params         signature.Params
	Keep           string
	MergeContained bool
	Templates      string
	Skip           bool
	Ingest         readOptions
}

// readOptions are the fields of ingest.Options a worker needs. Beam cannot
// serialize ingest.Options itself (it holds an io.Reader), so they are
// copied field by field; a test checks that every field is.
type readOptions struct {
	Format, IDField, TextField, TitleField, DateField, Charset, Content string
	MaxRecordBytes                                                      int
	KeepMail                                                            bool
}

func newReadOptions(in *ingest.Options) readOptions {
	return readOptions{Format: in.Format, IDField: in.IDField, TextField: in.TextField, TitleField: in.TitleField,
		DateField: in.DateField, Charset: in.Charset, Content: in.Content, MaxRecordBytes: in.MaxRecordBytes, KeepMail: in.KeepMail}
}

func (r readOptions) ingest() *ingest.Options {
	// Deduplication never points into raw bytes (as in dedup).
	return &ingest.Options{Format: r.Format, IDField: r.IDField, TextField: r.TextField, TitleField: r.TitleField,
		DateField: r.DateField, Charset: r.Charset, Content: r.Content, MaxRecordBytes: r.MaxRecordBytes, KeepMail: r.KeepMail,
		NoOffsets: true}
}

func (c config) dedupOptions() *dedup.Options {
	on := dedup.Fail
	if c.Skip {
		on = dedup.Skip
	}
	return &dedup.Options{Params: c.Params, Keep: cluster.Policy(c.Keep), MergeContained: c.MergeContained, Templates: dedup.Templates(c.Templates),
		OnError: on, Workers: 1, Ingest: c.Ingest.ingest()}
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
	cfg := config{Params: params, Keep: string(d.Keep), MergeContained: d.MergeContained, Templates: string(d.Templates), Skip: d.OnError == dedup.Skip}
	if in := d.Ingest; in != nil {
		if in.Stdin != nil || in.BytesRead != nil {
			return nil, config{}, fmt.Errorf("%w: ingest options Stdin and BytesRead do not apply", ErrOptions)
		}
		cfg.Ingest = newReadOptions(in)
	}
	return &c, cfg, nil
}

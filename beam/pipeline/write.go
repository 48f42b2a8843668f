package pipeline

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/rehashdev/rehash/ingest"
)

func init() {
	beam.RegisterType(reflect.TypeOf((*writeFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*keptFn)(nil)).Elem())
}

// shardBits is the number of records of one input file that share an
// output shard: 2^17, so that a shard is sorted in memory comfortably.
const shardBits = 17

// shardName names the output shard of kind holding the line of ordinal
// ord: kind-FILE-BLOCK.jsonl, zero-padded so that name order is input
// order.
func shardName(kind string, ord uint64) string {
	return fmt.Sprintf("%s-%05d-%06d.jsonl", kind, fileOf(ord), recOf(ord)>>shardBits)
}

// Kinds of output shard, in the output directory.
const (
	KindClusters   = "clusters"
	KindPairs      = "pairs"
	KindDeadLetter = "deadletter"
	KindDedup      = "dedup"
)

// join puts name in dir, on whichever filesystem dir is.
func join(dir, name string) string {
	if remote(dir) {
		return strings.TrimSuffix(dir, "/") + "/" + name
	}
	return filepath.Join(dir, name)
}

// create opens name for writing, on whichever filesystem it is.
func create(ctx context.Context, name string) (io.WriteCloser, error) {
	if !remote(name) {
		return os.Create(name)
	}
	w, c, err := onFS(ctx, name, func(fs filesystem.Interface) (io.WriteCloser, error) { return fs.OpenWrite(ctx, name) })
	if err != nil {
		return nil, err
	}
	return struct {
		io.Writer
		io.Closer
	}{w, c}, nil
}

// writeFn writes one output shard: its lines sorted by their keys. A
// retried bundle writes the same bytes under the same name.
type writeFn struct {
	Dir string
}

func (f *writeFn) ProcessElement(ctx context.Context, name string, vals func(*line) bool) error {
	var lines []line
	var l line
	for vals(&l) {
		lines = append(lines, l)
	}
	slices.SortFunc(lines, func(a, b line) int {
		if c := cmpU64(a.K1, b.K1); c != 0 {
			return c
		}
		return cmpU64(a.K2, b.K2)
	})
	return writeShard(ctx, join(f.Dir, name), func(w *bufio.Writer) error {
		for _, l := range lines {
			w.Write(l.Data)
		}
		return nil
	})
}

func writeShard(ctx context.Context, name string, fill func(*bufio.Writer) error) error {
	wc, err := create(ctx, name)
	if err != nil {
		return fmt.Errorf("pipeline: %w", err)
	}
	bw := bufio.NewWriterSize(wc, 1<<20)
	err = fill(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := wc.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("pipeline: writing %s: %w", name, err)
	}
	return nil
}

// keptFn writes the deduplicated dataset of one input file: it reads the
// file again and copies the records it keeps, as `rehash dedup --dedup-out`
// does. Only the kept record numbers (8 bytes each) were shuffled, not the
// records. A JSON Lines input's kept lines are copied byte for byte, each
// followed by a newline, to dedup-FILE.jsonl; a Parquet input's kept rows
// are copied with the input's schema to dedup-FILE.parquet by
// ingest.WriteParquetSubset, the CLI's code for `--dedup-out x.parquet`
// (ingest numbers a Parquet file's records by row, so record n is row n).
type keptFn struct {
	Cfg config
	Dir string
}

// errParquetInput stops the probe of an input's format.
var errParquetInput = errors.New("pipeline: parquet input")

func (f *keptFn) ProcessElement(ctx context.Context, idx int, files func(*fileRef) bool, recs func(*uint64) bool) error {
	var ref fileRef
	if !files(&ref) {
		return fmt.Errorf("pipeline: kept records of unknown input %d", idx)
	}
	keep := map[uint64]bool{}
	var r uint64
	for recs(&r) {
		keep[r] = true
	}
	if len(keep) == 0 {
		return nil
	}
	o := f.Cfg.dedupOptions().Ingest
	if remote(ref.Path) {
		// Parquet needs random access: a remote input is copied to a
		// local temporary file first.
		local, err := download(ctx, ref.Path)
		if err != nil {
			return fmt.Errorf("pipeline: %s: %w", ref.Path, err)
		}
		defer os.Remove(local)
		ref.Path = local
	}
	// The format is the one ingest finds for the file's first record.
	err := readFile(ctx, ref, o, func(r *ingest.Record) error {
		if r.Source.Format == "parquet" {
			return errParquetInput
		}
		return io.EOF
	})
	if errors.Is(err, errParquetInput) {
		name := join(f.Dir, fmt.Sprintf("%s-%05d.parquet", KindDedup, idx))
		return writeShard(ctx, name, func(w *bufio.Writer) error {
			return ingest.WriteParquetSubset(w, ref.Path, func(row int64) bool { return keep[uint64(row)] })
		})
	}
	name := join(f.Dir, fmt.Sprintf("%s-%05d.jsonl", KindDedup, idx))
	return writeShard(ctx, name, func(w *bufio.Writer) error {
		rec := uint64(0)
		return readFile(ctx, ref, o, func(r *ingest.Record) error {
			n := rec
			rec++
			if !keep[n] {
				return nil
			}
			if r.Source.Format != "jsonl" {
				return fmt.Errorf("%s: the deduplicated dataset is written for JSON Lines and Parquet inputs only, not %s", r.Source, r.Source.Format)
			}
			w.Write(r.Raw)
			return w.WriteByte('\n')
		})
	})
}

// download copies a remote file to a local temporary file with the same
// base name (so that ingest finds the same format) and returns its path.
func download(ctx context.Context, name string) (string, error) {
	rc, err := open(ctx, name)
	if err != nil {
		return "", err
	}
	defer rc.Close()
	tmp, err := os.CreateTemp("", "rehash-*-"+path.Base(name))
	if err != nil {
		return "", err
	}
	_, err = io.Copy(tmp, rc)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp.Name())
		return "", err
	}
	return tmp.Name(), nil
}

// Merge concatenates the JSON Lines shards of one kind in dir, in name
// order, which is input order: for clusters, pairs and dedup, the file
// `rehash dedup` writes. It returns the number of shards.
func Merge(ctx context.Context, dir, kind string, w io.Writer) (int, error) {
	names, err := shards(ctx, dir, kind+"-*.jsonl")
	if err != nil {
		return 0, err
	}
	for _, n := range names {
		if err := copyFile(ctx, n, w); err != nil {
			return 0, err
		}
	}
	return len(names), nil
}

// ErrParquetShards reports a deduplicated dataset in Parquet that is not
// one file: one shard is written per Parquet input, and Parquet files
// cannot be concatenated.
var ErrParquetShards = errors.New("pipeline: the Parquet dataset is not one shard")

// CopyParquet copies the deduplicated dataset of the run's one Parquet
// input (its dedup-FILE.parquet shard) to w: the file `rehash dedup
// --dedup-out x.parquet` writes, which also needs exactly one Parquet
// input. With several, it fails with ErrParquetShards; read the shards.
func CopyParquet(ctx context.Context, dir string, w io.Writer) error {
	names, err := shards(ctx, dir, KindDedup+"-*.parquet")
	if err != nil {
		return err
	}
	if len(names) != 1 {
		return fmt.Errorf("%w: %d shards in %s (one per Parquet input with kept rows)", ErrParquetShards, len(names), dir)
	}
	return copyFile(ctx, names[0], w)
}

// shards lists the files in dir matching glob, sorted by name.
func shards(ctx context.Context, dir, glob string) ([]string, error) {
	var names []string
	if remote(dir) {
		fs, err := filesystem.New(ctx, dir)
		if err != nil {
			return nil, err
		}
		defer fs.Close()
		if names, err = fs.List(ctx, join(dir, glob)); err != nil {
			return nil, err
		}
	} else {
		var err error
		if names, err = filepath.Glob(filepath.Join(dir, glob)); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(names, func(a, b string) int { return strings.Compare(path.Base(a), path.Base(b)) })
	return names, nil
}

func copyFile(ctx context.Context, name string, w io.Writer) error {
	var rc io.ReadCloser
	var err error
	if remote(name) {
		rc, err = open(ctx, name)
	} else {
		rc, err = os.Open(name)
	}
	if err != nil {
		return err
	}
	defer rc.Close()
	_, err = io.Copy(w, rc)
	return err
}

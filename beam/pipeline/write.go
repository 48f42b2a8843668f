package pipeline

import (
	"bufio"
	"context"
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
	fs, err := filesystem.New(ctx, name)
	if err != nil {
		return nil, err
	}
	w, err := fs.OpenWrite(ctx, name)
	if err != nil {
		fs.Close()
		return nil, err
	}
	return w, nil
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
// file again and copies the records it keeps, byte for byte, each followed
// by a newline, as `rehash dedup --dedup-out` does for JSON Lines. Only the
// kept record numbers (8 bytes each) were shuffled, not the records.
type keptFn struct {
	Cfg config
	Dir string
}

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
	name := join(f.Dir, fmt.Sprintf("%s-%05d.jsonl", KindDedup, idx))
	o := f.Cfg.dedupOptions().Ingest
	return writeShard(ctx, name, func(w *bufio.Writer) error {
		rec := uint64(0)
		return readFile(ctx, ref, o, func(r *ingest.Record) error {
			n := rec
			rec++
			if !keep[n] {
				return nil
			}
			if r.Source.Format != "jsonl" {
				return fmt.Errorf("%s: the deduplicated dataset is written for JSON Lines inputs only, not %s", r.Source, r.Source.Format)
			}
			w.Write(r.Raw)
			return w.WriteByte('\n')
		})
	})
}

// Merge concatenates the shards of one kind in dir, in name order, which
// is input order: for clusters, pairs and dedup, the file `rehash dedup`
// writes. It returns the number of shards.
func Merge(ctx context.Context, dir, kind string, w io.Writer) (int, error) {
	var names []string
	if remote(dir) {
		fs, err := filesystem.New(ctx, dir)
		if err != nil {
			return 0, err
		}
		defer fs.Close()
		if names, err = fs.List(ctx, join(dir, kind+"-*.jsonl")); err != nil {
			return 0, err
		}
	} else {
		var err error
		if names, err = filepath.Glob(filepath.Join(dir, kind+"-*.jsonl")); err != nil {
			return 0, err
		}
	}
	slices.SortFunc(names, func(a, b string) int { return strings.Compare(path.Base(a), path.Base(b)) })
	for _, n := range names {
		if err := copyFile(ctx, n, w); err != nil {
			return 0, err
		}
	}
	return len(names), nil
}

func copyFile(ctx context.Context, name string, w io.Writer) error {
	var rc io.ReadCloser
	if remote(name) {
		fs, err := filesystem.New(ctx, name)
		if err != nil {
			return err
		}
		defer fs.Close()
		if rc, err = fs.OpenRead(ctx, name); err != nil {
			return err
		}
	} else {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		rc = f
	}
	defer rc.Close()
	_, err := io.Copy(w, rc)
	return err
}

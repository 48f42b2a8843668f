// Package floor is the yardstick for dedup's speed: the fastest single pass
// that does the work every deduplicator must do and nothing more.
//
// It reads and decompresses the inputs with ingest.Read on one goroutine,
// exactly as dedup does, and on the worker goroutines decodes every record
// (rec.Document: JSON parsing, UTF-8 check, text copy) and hashes its word
// 5-shingles with the same shingle.Shingler and seed the pipeline uses,
// summing the hashes into a checksum so that no step can be optimized away.
//
//	st, err := floor.Run(ctx, []string{"corpus.jsonl.gz"}, 2)
//	fmt.Printf("%d docs, %.1f MB/s\n", st.Docs, st.MBps())
//
// It leaves out what the pipeline adds on top: mail header and signature
// stripping, text normalization, shingle sets (sorting), sketches, LSH,
// verification, clustering, keeping records in input order, and output; and
// it builds no offset maps (neither does dedup). The shingles are taken on the raw text, which
// has as many words as the normalized text, so segmentation and hashing cost
// the same.
//
// Memory is bounded by the batches in flight: about 4·workers batches of at
// most 256 records or 1 MiB each.
package floor

import (
	"context"
	"runtime"
	"sync"
	"time"

	"github.com/rehashdev/rehash/dedup"
	"github.com/rehashdev/rehash/ingest"
	"github.com/rehashdev/rehash/shingle"
)

// floorIngest reads as dedup does, minus the optional work: no offset maps
// (dedup skips them too) and no mail stripping (dedup does it, so it counts
// against dedup, not the yardstick).
var floorIngest = &ingest.Options{NoOffsets: true, KeepMail: true}

// Stats summarize a pass.
type Stats struct {
	// Docs counts records decoded; Skipped those that failed to decode.
	Docs, Skipped int64
	// Bytes is the decompressed size of all records (dedup.Stats.Bytes
	// counts the same way).
	Bytes int64
	// Shingles counts shingle hashes, with repeats.
	Shingles int64
	// Checksum is the wrapping sum of every shingle hash.
	Checksum uint64
	// Seconds is the wall time of the pass.
	Seconds float64
}

// MBps returns the throughput in decompressed megabytes (10⁶ bytes) a
// second.
func (s Stats) MBps() float64 {
	if s.Seconds <= 0 {
		return 0
	}
	return float64(s.Bytes) / 1e6 / s.Seconds
}

// The batch bounds match dedup's so that both hand the same units of work
// to their workers.
const (
	batchRecords = 256
	batchBytes   = 1 << 20
)

// Run makes the pass over paths on workers goroutines (≤ 0 means
// runtime.GOMAXPROCS(0)). It returns the first read error; records that
// fail to decode are counted in Stats.Skipped, as dedup's skip policy would.
func Run(ctx context.Context, paths []string, workers int) (Stats, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	start := time.Now()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	// Batches circulate between the reader and the workers through free,
	// so that steady state allocates no batch slices; its capacity bounds
	// the batches in flight, as dedup's reorder window does.
	inflight := workers * 4
	work := make(chan []*ingest.Record, inflight)
	free := make(chan []*ingest.Record, inflight)
	for range inflight {
		free <- make([]*ingest.Record, 0, batchRecords)
	}

	var readErr error
	go func() {
		defer close(work)
		cur, size := <-free, 0
		readErr = ingest.Read(ctx, paths, floorIngest, func(r *ingest.Record) error {
			cur = append(cur, r)
			size += len(r.Raw)
			if len(cur) < batchRecords && size < batchBytes {
				return nil
			}
			work <- cur
			size = 0
			select {
			case cur = <-free:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
		if len(cur) > 0 {
			work <- cur
		}
	}()

	parts := make([]Stats, workers)
	var wg sync.WaitGroup
	for w := range parts {
		wg.Go(func() {
			parts[w] = pass(ctx, work, free)
		})
	}
	wg.Wait()

	var st Stats
	for _, p := range parts {
		st.Docs += p.Docs
		st.Skipped += p.Skipped
		st.Bytes += p.Bytes
		st.Shingles += p.Shingles
		st.Checksum += p.Checksum
	}
	st.Seconds = time.Since(start).Seconds()
	if readErr != nil {
		return st, readErr
	}
	return st, ctx.Err()
}

// pass is one worker: it decodes and shingles every record of the batches
// it takes, then hands each batch back empty.
func pass(ctx context.Context, work <-chan []*ingest.Record, free chan<- []*ingest.Record) Stats {
	var (
		st     Stats
		sh     = shingle.New(shingle.Options{K: shingle.DefaultK, Seed: dedup.DefaultSeed})
		hashes []uint64
	)
	for b := range work {
		if ctx.Err() != nil {
			b = b[:0] // drain without work so the reader can stop
		}
		for _, r := range b {
			st.Bytes += int64(len(r.Raw))
			doc, err := r.Document()
			if err != nil {
				st.Skipped++
				continue
			}
			st.Docs++
			hashes = sh.Append(hashes[:0], doc.Text)
			st.Shingles += int64(len(hashes))
			for _, h := range hashes {
				st.Checksum += h
			}
		}
		clear(b) // let the records go before the batch comes round again
		select {
		case free <- b[:0]:
		default:
		}
	}
	return st
}

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"time"

	"github.com/rehashdev/rehash/dedup"
	"github.com/rehashdev/rehash/internal/floor"
	"github.com/rehashdev/rehash/signature"
)

// The programs a child can run.
const (
	progFloor = "floor"
	progDedup = "dedup"
	progEkzhu = "ekzhu" // a separate binary: see ekzhu.go
)

// measurement is what a child reports to its parent, as JSON on stdout.
// The parent adds what only it can see: the child's rusage.
type measurement struct {
	Program string  `json:"program"`
	Seconds float64 `json:"seconds"` // wall time of floor.Run or dedup.Run
	Docs    int64   `json:"docs"`
	Bytes   int64   `json:"bytes"` // decompressed record bytes

	// Floor only.
	Words    int64  `json:"words,omitempty"`
	Shingles int64  `json:"shingles,omitempty"`
	Checksum uint64 `json:"checksum,omitempty"`

	// Dedup only (Candidates also from the ekzhu reference).
	Clusters   int `json:"clusters,omitempty"`
	Duplicates int `json:"duplicates,omitempty"`
	Candidates int `json:"candidates,omitempty"`
	Verified   int `json:"verified,omitempty"`
	// StateBytes is dedup.Stats.StateBytes when the pipeline fills it in.
	StateBytes int64 `json:"state_bytes,omitempty"`
	// ReadSeconds is dedup.Stats.ReadSeconds: reading and analysis, before
	// LSH, verification and clustering.
	ReadSeconds float64 `json:"read_seconds,omitempty"`
	// Bands is the number of LSH band keys kept per document.
	Bands int `json:"bands,omitempty"`

	// RetainedBytes is MemStats.HeapInuse after the run, with its result
	// still reachable, minus before, both after a GC.
	RetainedBytes int64 `json:"retained_bytes"`
	// PeakLiveBytes is the largest live heap any GC cycle of the run
	// found (/gc/heap/live:bytes, sampled every 20 ms), minus the live heap
	// before the run: the per-document state plus the batches in flight.
	PeakLiveBytes int64 `json:"peak_live_bytes"`

	// Filled in by the parent from the child's rusage.
	MaxRSS  int64   `json:"-"`
	CPU     float64 `json:"-"` // user + system seconds
	Elapsed float64 `json:"-"` // wall seconds of the whole child process
}

// runChild makes one measured run of prog over paths in this process and
// writes the measurement to stdout.
func runChild(ctx context.Context, prog string, workers int, profile string, paths []string, stdout io.Writer) error {
	var m measurement
	m.Program = prog
	heapBefore := heapInuse()
	liveBefore, peakLive := watchLiveHeap()
	if profile != "" {
		f, err := os.Create(profile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}

	var keep any
	switch prog {
	case progFloor:
		st, err := floor.Run(ctx, paths, workers)
		if err != nil {
			return err
		}
		m.Seconds, m.Docs, m.Bytes = st.Seconds, st.Docs, st.Bytes
		m.Words, m.Shingles, m.Checksum = st.Words, st.Shingles, st.Checksum
	case progDedup:
		start := time.Now()
		res, err := dedup.Run(ctx, paths, &dedup.Options{Params: signature.Params{Threshold: 0.8}, Workers: workers})
		if err != nil {
			return err
		}
		m.Seconds = time.Since(start).Seconds()
		s := res.Stats
		m.Docs, m.Bytes = s.Written, s.Bytes
		m.Clusters, m.Duplicates, m.Candidates, m.Verified = s.Clusters, s.Duplicates, s.Candidates, s.Verified
		m.StateBytes, m.ReadSeconds, m.Bands = s.StateBytes, s.ReadSeconds, res.Params.Bands
		keep = res
		defer res.Close()
	default:
		return fmt.Errorf("unknown program %q", prog)
	}
	m.PeakLiveBytes = peakLive() - liveBefore
	m.RetainedBytes = int64(heapInuse()) - int64(heapBefore)
	runtime.KeepAlive(keep)
	return json.NewEncoder(stdout).Encode(&m)
}

// heapInuse returns MemStats.HeapInuse after a full collection.
func heapInuse() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}

// watchLiveHeap returns the live heap found by the last GC, and starts
// sampling it until peak is called, which returns the largest sample.
// Reading this metric does not stop the world.
func watchLiveHeap() (before int64, peak func() int64) {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	read := func() int64 {
		metrics.Read(sample)
		return int64(sample[0].Value.Uint64())
	}
	before = read()
	stop := make(chan struct{})
	done := make(chan int64)
	go func() {
		best := before
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				best = max(best, read())
			case <-stop:
				done <- max(best, read())
				return
			}
		}
	}()
	return before, func() int64 {
		close(stop)
		return <-done
	}
}

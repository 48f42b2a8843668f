package index

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rehashdev/rehash"
	"golang.org/x/sys/unix"
)

// BenchmarkStoryAdd adds articles of 400 words one Add at a time, about
// 50 events over a month, and reports the time placing each in its story
// took (p50, p99, max), apart from the rest of Add:
//
//	go test -run - -bench StoryAdd -benchtime 5000x ./index
func BenchmarkStoryAdd(b *testing.B) {
	ix, err := Open(b.TempDir(), &Options{NoSync: true, Stories: true})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	// Wall time on a loaded machine is mostly waiting for a core, so the
	// thread's CPU time is measured too: Add runs on this goroutine,
	// locked to its thread.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var times, cpu []time.Duration
	var t0 time.Time
	var c0 time.Duration
	storyTimer = func(done bool) {
		if !done {
			t0, c0 = time.Now(), threadCPU()
			return
		}
		times = append(times, time.Since(t0))
		cpu = append(cpu, threadCPU()-c0)
	}
	defer func() { storyTimer = nil }()
	r := rand.New(rand.NewPCG(5, 6))
	start := time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC)
	ctx := context.Background()
	b.ResetTimer()
	for i := range b.N {
		ev := r.IntN(50)
		words := make([]string, 0, 400)
		for range 40 {
			words = append(words, fmt.Sprintf("Name%dx%d", ev, r.IntN(12)))
		}
		words = append(words, strings.Fields(fillerText(r, 360))...)
		r.Shuffle(len(words), func(a, c int) { words[a], words[c] = words[c], words[a] })
		date := start.Add(time.Duration(i) * time.Minute * 10).Format(time.RFC3339)
		_, err := ix.Add(ctx, Doc{ID: fmt.Sprintf("d%07d", i), Text: []byte(strings.Join(words, " ")),
			Meta: rehash.Meta{Title: strings.Join(words[:8], " "), Date: date}})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	slices.Sort(times)
	slices.Sort(cpu)
	if len(times) > 0 {
		ms := func(d time.Duration) float64 { return float64(d) / 1e6 }
		b.ReportMetric(ms(times[len(times)/2]), "p50-ms")
		b.ReportMetric(ms(times[len(times)*99/100]), "p99-ms")
		b.ReportMetric(ms(cpu[len(cpu)/2]), "p50-cpu-ms")
		b.ReportMetric(ms(cpu[len(cpu)*99/100]), "p99-cpu-ms")
	}
}

// threadCPU is the CPU time of the calling thread.
func threadCPU() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return 0
	}
	return time.Duration(ts.Nano())
}

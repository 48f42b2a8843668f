package main

import (
	"io"
	"os"
	"time"

	"github.com/rehashdev/rehash/dedup"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// isTerminal reports whether w is a terminal: the progress bar is drawn
// only there, never into a file or a pipe.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// progress redraws a bar from a run's counters until stopped.
type progress struct {
	done chan struct{}
	bar  *progressbar.ProgressBar
}

func startProgress(w io.Writer, total int64, p *dedup.Progress) *progress {
	bar := progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionShowBytes(true),
		progressbar.OptionSetDescription("reading"),
		progressbar.OptionThrottle(200*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
	pr := &progress{done: make(chan struct{}), bar: bar}
	go func() {
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-pr.done:
				return
			case <-t.C:
				bar.Set64(p.Bytes.Load())
			}
		}
	}()
	return pr
}

func (p *progress) stop() {
	if p == nil {
		return
	}
	close(p.done)
	p.bar.Finish()
	p.bar.Clear()
}

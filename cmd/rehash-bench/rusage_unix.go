//go:build unix

package main

import (
	"os"
	"runtime"
	"syscall"
)

// rusage returns a finished child's peak resident set in bytes and its
// user + system CPU seconds.
func rusage(ps *os.ProcessState) (maxRSS int64, cpu float64) {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0, 0
	}
	maxRSS = int64(ru.Maxrss)
	if runtime.GOOS != "darwin" && runtime.GOOS != "ios" {
		maxRSS *= 1024 // kilobytes everywhere else
	}
	return maxRSS, tv(ru.Utime) + tv(ru.Stime)
}

func tv(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }

//go:build !unix

package main

import "os"

// rusage reports the CPU time where the platform has no rusage, and no
// peak resident set.
func rusage(ps *os.ProcessState) (maxRSS int64, cpu float64) {
	return 0, (ps.UserTime() + ps.SystemTime()).Seconds()
}

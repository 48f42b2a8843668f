package output

import (
	"io"
	"os/signal"
	"syscall"
)

// Job is one output and the function that writes its content. A Job with
// a nil File is skipped.
type Job struct {
	File  *File
	Write func(io.Writer) error
}

// WriteAll writes the jobs' outputs so that none is left half-done by
// another's failure: the files are written first, each to its temporary
// file, and renamed into place only once every file is complete; standard
// output is written last, so that a reader that goes away early (`| head
// -n 1`) cannot cut the files short. On any error every output not yet
// committed is aborted, and the destinations keep their earlier content.
func WriteAll(jobs ...Job) error {
	abort := func() {
		for _, j := range jobs {
			j.File.Abort()
		}
	}
	for _, stdout := range []bool{false, true} {
		for _, j := range jobs {
			if j.File == nil || j.File.IsStdout() != stdout {
				continue
			}
			if err := j.Write(j.File); err != nil {
				abort()
				return err
			}
			if stdout {
				if err := j.File.Commit(); err != nil {
					abort()
					return err
				}
			}
		}
		if stdout {
			break
		}
		for _, j := range jobs {
			if j.File == nil || j.File.IsStdout() {
				continue
			}
			if err := j.File.Commit(); err != nil {
				abort()
				return err
			}
		}
	}
	return nil
}

// IgnoreSIGPIPE makes a write to a closed standard output return an error
// (ErrClosedPipe, through File) instead of killing the process, so that a
// command can finish its other outputs and exit quietly. Call it once at
// startup.
func IgnoreSIGPIPE() { signal.Ignore(syscall.SIGPIPE) }

package main

import (
	"runtime/debug"
	"strings"
)

// version says what the binary was built from: the module version (a tag,
// a pseudo-version, or "(devel)" for a build in the source tree), the VCS
// revision and whether the tree had uncommitted changes, and the Go
// version, all from the build information the linker records.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown (no build information)"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, at string
	dirty := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	var b strings.Builder
	b.WriteString(v)
	if rev != "" {
		b.WriteString(", revision " + rev)
		if dirty {
			b.WriteString(" with uncommitted changes")
		}
		if at != "" {
			b.WriteString(" of " + at)
		}
	}
	b.WriteString(", " + bi.GoVersion)
	return b.String()
}

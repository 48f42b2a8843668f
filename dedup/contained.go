package dedup

import "github.com/rehashdev/rehash"

// Contained returns 'a' or 'b' when that side of a verified pair lies whole
// inside the other and the other adds text of its own, else 0: the rule Run
// applies to every verified pair (Pair.Contained; such a pair is merged only
// with Options.MergeContained). Exported so that other runners of the same
// pipeline (the Beam module) apply the very same rule.
func Contained(p rehash.Pair) byte { return contained(p) }

package evidence

import (
	"cmp"
	"slices"

	"github.com/rehashdev/rehash/shingle"
)

// Match is one shared passage as word ranges: words [AStart, AEnd) of A
// line up with words [BStart, BEnd) of B. Same counts the words of the
// passage that are identical in both (the rest are small edits).
type Match struct {
	AStart, AEnd int
	BStart, BEnd int
	Same         int
}

// WordsA returns the number of A's words the match covers.
func (m Match) WordsA() int { return m.AEnd - m.AStart }

// WordsB returns the number of B's words the match covers.
func (m Match) WordsB() int { return m.BEnd - m.BStart }

// Align finds the passages two word-hash sequences share (Text.Words, the
// hashes of the normalized words), in A's order (then B's). It is the pure core of Compare,
// with no text or offsets.
//
// Seeds are runs of Options.ExactRun words found in both; each seed not yet
// inside a passage is extended in both directions, exactly while the words
// agree and across edits of up to Options.MaxGap words on either side
// when the texts agree again for resyncWords words right after the edit.
// Extended matches within Options.MergeGap words of each other, in the same
// order on both sides, are merged; passages shorter than Options.MinWords
// on either side are dropped.
//
// Align keeps the index of b while it is called with the same slice;
// b must not change between such calls.
//
// Cost is O(len(a) + len(b)) to index the seeds plus, per seed occurrence
// outside a passage, the length of its extension; seeds that occur more
// than maxSeedRepeats times in either text (a repeated refrain, a table of
// numbers) are not used, which bounds the work on repetitive input.
func (al *Aligner) Align(a, b []uint64) []Match {
	return al.AlignSeeds(a, b, nil, nil)
}

// SeedLen returns the length in words of the seeds Align starts from:
// Options.ExactRun, at most Options.MinWords.
func (al *Aligner) SeedLen() int { return min(al.opts.ExactRun, al.opts.MinWords) }

// Seeds appends to dst the seed hashes of words: element i is
// shingle.Combine(words[i:i+SeedLen()]). A caller that aligns one text
// with many others can compute them once and pass them to AlignSeeds.
func (al *Aligner) Seeds(dst, words []uint64) []uint64 {
	q := al.SeedLen()
	for i := 0; i+q <= len(words); i++ {
		dst = append(dst, shingle.Combine(words[i:i+q]))
	}
	return dst
}

// AlignSeeds is Align with the seed hashes of a and b given, as Seeds
// returns them (nil: computed here). The result is the same as Align's.
func (al *Aligner) AlignSeeds(a, b, seedsA, seedsB []uint64) []Match {
	o := &al.opts
	q := min(o.ExactRun, o.MinWords)
	al.aligned.a = nil
	if len(a) < q || len(b) < q || q < 1 {
		return nil
	}
	if seedsA != nil && len(seedsA) != len(a)-q+1 || seedsB != nil && len(seedsB) != len(b)-q+1 {
		seedsA, seedsB = nil, nil // not the seeds of these texts
	}
	al.index(b, seedsB, q)
	al.epoch++
	if al.epoch == 0 { // wrapped: old marks could read as current
		clear(al.stamp)
		al.epoch = 1
	}
	shared := 0
	raw := al.raw[:0]
	active := al.active[:0]
	for i := 0; i+q <= len(a); i++ {
		var h uint64
		if seedsA != nil {
			h = seedsA[i]
		} else {
			h = shingle.Combine(a[i : i+q])
		}
		head := al.lookup(h)
		if head < 0 {
			continue
		}
		if al.stamp[head] != al.epoch {
			al.stamp[head] = al.epoch
			shared++
		}
		if al.count[head] > maxSeedRepeats {
			continue
		}
		// Passages that end before i can cover no later seed.
		active = slices.DeleteFunc(active, func(k int) bool { return raw[k].AEnd <= i })
		for j := head; j >= 0; j = al.next[j] {
			if covered(raw, active, i, j) || !slices.Equal(a[i:i+q], b[j:j+q]) {
				continue
			}
			m := al.extend(a, b, i, j, q)
			raw = append(raw, m)
			active = append(active, len(raw)-1)
		}
	}
	al.raw, al.active = raw, active
	al.aligned.a, al.aligned.na = &a[0], len(a)
	al.aligned.b, al.aligned.nb = &b[0], len(b)
	al.aligned.shared = shared
	return al.finish(raw, q)
}

// maxSeedRepeats bounds how often a seed may occur in B (and so how many
// extensions one position of A may start) before it is ignored as
// repetitive.
const maxSeedRepeats = 32

// resyncWords is how many identical words must follow an edit for the
// extension to step over it: fewer would let common word pairs ("of the")
// drag a passage into unrelated text.
const resyncWords = 3

// index builds a chained hash table of B's seeds: an open-addressing
// table of position+1 in the low 32 bits and the hash's high 32 bits as a
// tag (a Go map costs more to clear than to fill when one aligner sees
// texts of very different sizes) from a seed hash to its first position;
// next links the positions in increasing order, count (at the head) says
// how many there are. The index of the last B is kept while Align is
// called with the same slice, as the corpus search does for runs of pairs
// that share their B.
func (al *Aligner) index(b, seeds []uint64, q int) {
	n := len(b) - q + 1
	if al.indexed.n == len(b) && al.indexed.q == q && len(b) > 0 && al.indexed.p == &b[0] {
		return
	}
	al.indexed.p, al.indexed.n, al.indexed.q = &b[0], len(b), q
	// A load of at most 1/4 keeps a miss, the common case, to about one
	// probe.
	size := 16
	for size < 4*n {
		size <<= 1
	}
	if cap(al.table) < size {
		al.table = make([]uint64, size)
	} else {
		al.table = al.table[:size]
		clear(al.table)
	}
	al.mask = uint64(size - 1)
	al.seeds = slices.Grow(al.seeds[:0], n)[:n]
	al.next = slices.Grow(al.next[:0], n)[:n]
	al.count = slices.Grow(al.count[:0], n)[:n]
	al.stamp = slices.Grow(al.stamp[:0], n)[:n]
	clear(al.stamp)
	al.epoch = 0
	distinct := 0
	for j := n - 1; j >= 0; j-- {
		var h uint64
		if seeds != nil {
			h = seeds[j]
		} else {
			h = shingle.Combine(b[j : j+q])
		}
		al.seeds[j] = h
		slot := al.slot(h)
		if old := int(uint32(al.table[slot])) - 1; old >= 0 {
			al.next[j] = int(old)
			al.count[j] = al.count[old] + 1
		} else {
			al.next[j] = -1
			al.count[j] = 1
			distinct++
		}
		al.table[slot] = h&tagMask | uint64(j+1)
	}
	al.indexed.distinct = distinct
}

// tagMask selects the high half of a seed hash, kept in its table entry
// beside the position.
const tagMask = 0xffffffff00000000

// slot returns the table slot holding seed hash h, or the empty slot
// where it would go.
func (al *Aligner) slot(h uint64) uint64 {
	tag := h & tagMask
	for i := h & al.mask; ; i = (i + 1) & al.mask {
		e := al.table[i]
		// The tag (the hash's high half) settles most probes without
		// reading the seed array.
		if e == 0 || e&tagMask == tag && al.seeds[uint32(e)-1] == h {
			return i
		}
	}
}

// lookup returns the first position of seed hash h in B, or -1.
func (al *Aligner) lookup(h uint64) int {
	return int(uint32(al.table[al.slot(h)])) - 1
}

// covered reports whether the seed (i, j) lies inside a passage already
// found, in both texts; a seed inside a passage's A range but elsewhere in
// B (text that B repeats) still starts a passage of its own.
func covered(raw []Match, active []int, i, j int) bool {
	for _, k := range active {
		m := &raw[k]
		if m.AStart <= i && i < m.AEnd && m.BStart <= j && j < m.BEnd {
			return true
		}
	}
	return false
}

// extend grows the seed of q words at (i, j) both ways.
func (al *Aligner) extend(a, b []uint64, i, j, q int) Match {
	g := al.opts.MaxGap
	ae, be, same := extendForward(a, b, i+q, j+q, g)
	as, bs, same2 := extendBackward(a, b, i, j, g)
	return Match{AStart: as, AEnd: ae, BStart: bs, BEnd: be, Same: q + same + same2}
}

// extendForward extends a match that ends before a[x] and b[y]. It returns
// the new ends and the number of identical words added.
func extendForward(a, b []uint64, x, y, g int) (int, int, int) {
	same := 0
	for {
		for x < len(a) && y < len(b) && a[x] == b[y] {
			x++
			y++
			same++
		}
		dx, dy, ok := resyncForward(a, b, x, y, g)
		if !ok {
			return x, y, same
		}
		x, y = x+dx, y+dy
	}
}

// resyncForward looks for the smallest edit (dx words of A, dy of B, each
// at most g) after which resyncWords words agree. Smaller edits first, and
// for equal size fewer A words skipped first, so the result is unique.
func resyncForward(a, b []uint64, x, y, g int) (int, int, bool) {
	for d := 1; d <= 2*g; d++ {
		for dx := max(0, d-g); dx <= min(d, g); dx++ {
			dy := d - dx
			if x+dx+resyncWords > len(a) || y+dy+resyncWords > len(b) {
				continue
			}
			if slices.Equal(a[x+dx:x+dx+resyncWords], b[y+dy:y+dy+resyncWords]) {
				return dx, dy, true
			}
		}
	}
	return 0, 0, false
}

// extendBackward is extendForward mirrored: the match starts at a[x], b[y].
func extendBackward(a, b []uint64, x, y, g int) (int, int, int) {
	same := 0
	for {
		for x > 0 && y > 0 && a[x-1] == b[y-1] {
			x--
			y--
			same++
		}
		dx, dy, ok := resyncBackward(a, b, x, y, g)
		if !ok {
			return x, y, same
		}
		x, y = x-dx, y-dy
	}
}

func resyncBackward(a, b []uint64, x, y, g int) (int, int, bool) {
	for d := 1; d <= 2*g; d++ {
		for dx := max(0, d-g); dx <= min(d, g); dx++ {
			dy := d - dx
			if x-dx-resyncWords < 0 || y-dy-resyncWords < 0 {
				continue
			}
			if slices.Equal(a[x-dx-resyncWords:x-dx], b[y-dy-resyncWords:y-dy]) {
				return dx, dy, true
			}
		}
	}
	return 0, 0, false
}

// finish merges nearby matches, drops short ones and those inside others,
// and sorts the rest in A's order.
func (al *Aligner) finish(raw []Match, q int) []Match {
	o := &al.opts
	slices.SortFunc(raw, compareMatch)
	merged := al.merged[:0]
	var open []int // merged passages that a later match may still join
	for _, m := range raw {
		open = slices.DeleteFunc(open, func(k int) bool { return merged[k].AEnd+o.MergeGap < m.AStart })
		joined := false
		for _, k := range open {
			p := &merged[k]
			// Near on both sides and on nearly the same diagonal: one
			// passage broken by an edit larger than MaxGap, or found
			// twice from two seeds. A match that steps back in B (a
			// refrain B has once and A twice) is a passage of its own.
			gapA, gapB := m.AStart-p.AEnd, m.BStart-p.BEnd
			if gapA <= o.MergeGap && gapB <= o.MergeGap && abs(gapA-gapB) <= o.MergeGap && m.BStart >= p.BStart {
				p.Same += m.Same - overlapSame(*p, m)
				p.AEnd = max(p.AEnd, m.AEnd)
				p.BEnd = max(p.BEnd, m.BEnd)
				joined = true
				break
			}
		}
		if !joined {
			merged = append(merged, m)
			open = append(open, len(merged)-1)
		}
	}
	al.merged = merged
	minSame := max(q, o.MinWords-2)
	var out []Match
	for _, m := range merged {
		// Overlapping pieces make the merged count an estimate; it can
		// never exceed the shorter side.
		m.Same = min(m.Same, m.WordsA(), m.WordsB())
		if m.WordsA() >= o.MinWords && m.WordsB() >= o.MinWords && m.Same >= minSame {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, compareMatch)
	// Drop passages inside another on both sides: a seed that resynced
	// differently can find a piece of a passage again.
	keep := out[:0]
	for i, m := range out {
		inside := false
		for k, p := range out {
			if k != i && p.AStart <= m.AStart && m.AEnd <= p.AEnd && p.BStart <= m.BStart && m.BEnd <= p.BEnd &&
				(p != m || k < i) {
				inside = true
				break
			}
		}
		if !inside {
			keep = append(keep, m)
		}
	}
	return keep
}

// overlapSame estimates the identical words m shares with p where they
// overlap, so that merging does not count them twice.
func overlapSame(p, m Match) int {
	ov := min(p.AEnd, m.AEnd) - max(p.AStart, m.AStart)
	if ov <= 0 {
		return 0
	}
	return min(ov, m.Same)
}

func compareMatch(x, y Match) int {
	return cmp.Or(cmp.Compare(x.AStart, y.AStart), cmp.Compare(x.BStart, y.BStart),
		cmp.Compare(x.AEnd, y.AEnd), cmp.Compare(x.BEnd, y.BEnd))
}

// Coverage returns the share of n words inside the union of the ranges
// [start(m), end(m)) of the matches.
func coverage(ms []Match, n int, side func(Match) (int, int)) (words int) {
	if n == 0 || len(ms) == 0 {
		return 0
	}
	iv := make([][2]int, len(ms))
	for i, m := range ms {
		s, e := side(m)
		iv[i] = [2]int{s, e}
	}
	slices.SortFunc(iv, func(x, y [2]int) int { return cmp.Compare(x[0], y[0]) })
	end := -1
	for _, r := range iv {
		s := max(r[0], end)
		if r[1] > s {
			words += r[1] - s
		}
		end = max(end, r[1])
	}
	return words
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

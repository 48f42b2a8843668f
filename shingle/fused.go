package shingle

import (
	"math/bits"

	"github.com/zeebo/xxh3"
)

// AppendDistinct appends the distinct k-shingle hashes of text to dst, each
// once, unsorted. The set is the one Set(Append(nil, text)) gives: what a
// sketch needs, at the cost of one pass. Words are hashed and combined
// into shingles as they are cut (the word hashes go to a buffer the
// Shingler reuses); repeats are dropped through an open-addressing table
// kept by the Shingler, so steady state allocates only what dst grows by.
//
// The order is that of first appearance for texts of up to 64 KiB. Longer
// texts would need a table larger than the CPU's caches, and a probe
// that misses them for every shingle cost 40% of dedup's time on books:
// their shingles are first collected, then split by their top byte into
// 256 groups, each deduplicated with a table that stays in cache; they
// come out grouped by top byte.
func (s *Shingler) AppendDistinct(dst []uint64, text []byte) []uint64 {
	if len(text) > largeText {
		return s.distinctLarge(len(dst), s.Append(dst, text))
	}
	// A shingle a word at most; English has about one word per six bytes.
	s.resetSeen(len(text)/4 + 16)
	var (
		k      = s.k
		toks   = s.toks[:0] // word hashes, reused: each shingle reads the last k
		c      = cursor{text: text}
		filled int
		zero   bool
	)
	for {
		start, end, ok := c.next()
		if !ok {
			break
		}
		toks = append(toks, xxh3.HashSeed(text[start:end], s.seed))
		if len(toks) < k {
			continue
		}
		h := Combine(toks[len(toks)-k:])
		var added bool
		if h == 0 {
			added, zero = !zero, true
		} else {
			added = s.insert(h, &filled)
		}
		if added {
			dst = append(dst, h)
		}
	}
	if n := len(toks); n > 0 && n < k {
		// A text shorter than k words is one shingle of all its words.
		dst = append(dst, Combine(toks))
	}
	s.toks = toks
	return dst
}

// largeText is the text length beyond which AppendDistinct partitions: a
// table for its shingles would pass 128 KiB.
const largeText = 64 << 10

// distinctLarge keeps each hash of all[start:] once, writing them over
// all[start:] once they have been copied into the partitions.
func (s *Shingler) distinctLarge(start int, all []uint64) []uint64 {
	h := all[start:]
	var off [257]int
	for _, x := range h {
		off[x>>56+1]++
	}
	for b := 1; b <= 256; b++ {
		off[b] += off[b-1]
	}
	if cap(s.part) < len(h) {
		s.part = make([]uint64, len(h))
	}
	part := s.part[:len(h)]
	next := off
	for _, x := range h {
		b := x >> 56
		part[next[b]] = x
		next[b]++
	}
	out := all[:start]
	for b := range 256 {
		group := part[off[b]:off[b+1]]
		if len(group) == 0 {
			continue
		}
		s.resetSeen(len(group))
		filled, zero := 0, false
		for _, x := range group {
			var added bool
			if x == 0 {
				added, zero = !zero, true
			} else {
				added = s.insert(x, &filled)
			}
			if added {
				out = append(out, x)
			}
		}
	}
	return out
}

// resetSeen empties the table and sizes it for about n keys at a load of
// at most one half.
func (s *Shingler) resetSeen(n int) {
	size := 1 << bits.Len(uint(2*n))
	if cap(s.seen) < size {
		s.seen = make([]uint64, size)
		return
	}
	s.seen = s.seen[:size]
	clear(s.seen)
}

// insert adds the non-zero h to the table and reports whether it was new,
// doubling the table when it is half full. Shingle hashes end with Mix, so
// their low bits index the table well.
func (s *Shingler) insert(h uint64, filled *int) bool {
	mask := uint64(len(s.seen) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch s.seen[i] {
		case h:
			return false
		case 0:
			s.seen[i] = h
			*filled++
			if 2**filled > len(s.seen) {
				s.grow()
			}
			return true
		}
	}
}

func (s *Shingler) grow() {
	old := s.seen
	s.seen = make([]uint64, 2*len(old))
	mask := uint64(len(s.seen) - 1)
	for _, h := range old {
		if h == 0 {
			continue
		}
		i := h & mask
		for s.seen[i] != 0 {
			i = (i + 1) & mask
		}
		s.seen[i] = h
	}
}

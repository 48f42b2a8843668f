// Package join is an exact all-pairs set-similarity join: given shingle
// sets, it returns every pair whose Jaccard similarity reaches a threshold,
// with its exact scores. It is the ground truth that the approximate
// pipeline (MinHash and LSH in dedup) is measured against.
//
//	pairs, err := join.Jaccard(ctx, sets, 0.8, nil) // sets sorted and unique
//	if err != nil { ... }
//	for _, p := range pairs { fmt.Println(p.A, p.B, p.Jaccard) }
//
// The algorithm is PPJoin (Xiao et al. 2008), built on All-Pairs (Bayardo
// et al. 2007):
//
//   - Tokens are renumbered by global frequency, rarest first, so that a
//     set's first tokens (its prefix) are the selective ones.
//   - Sets are processed by size. Two sets can reach the threshold only if
//     the smaller is at least t times the larger (size filter), and only if
//     they share a token within their prefixes (prefix filter), whose length
//     follows from the overlap the threshold requires.
//   - Each set's prefix is indexed; each set probes the index with its
//     prefix. The position of a shared token in both sets bounds the
//     overlap still possible (positional filter), which prunes most
//     candidates that share only a frequent token.
//   - Every surviving candidate is verified with verify.Compare on the
//     original sets, so the scores are exactly those dedup reports.
//
// The filters compare with the same floating-point expression that
// verify.Scores uses, so a pair is returned exactly when
// verify.Compare(a, b).Jaccard >= threshold: the result equals a brute-force
// double loop, including pairs that sit on the threshold.
//
// Cost: O(N log N) to renumber N tokens in all, then one index lookup per
// prefix token and one exact comparison per surviving candidate. Memory
// peaks at about 32 bytes per token. The worst case, many sets made of the
// same few tokens, degenerates to the O(n²) comparisons of a double loop.
package join

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/verify"
)

// ErrThreshold reports a threshold outside (0, 1].
var ErrThreshold = errors.New("join: threshold is not in (0, 1]")

// Options configure a join. A nil *Options means the defaults.
type Options struct {
	// Workers is the number of goroutines that probe the index and verify.
	// Default runtime.GOMAXPROCS(0). Output does not depend on it.
	Workers int
}

// Jaccard returns every pair of sets (A < B, indices into sets) whose exact
// Jaccard similarity is at least threshold, sorted by A then B, with
// Jaccard, AInB and BInA as verify.Compare computes them. Every set must be
// sorted and free of repeats. Empty sets pair with nothing: verify gives
// them similarity 0. The sets are only read.
//
// It stops early and returns ctx's error when ctx is done.
func Jaccard(ctx context.Context, sets [][]uint64, threshold float64, opts *Options) ([]rehash.Pair, error) {
	if !(threshold > 0 && threshold <= 1) {
		return nil, fmt.Errorf("%w: %v", ErrThreshold, threshold)
	}
	workers := runtime.GOMAXPROCS(0)
	if opts != nil && opts.Workers > 0 {
		workers = opts.Workers
	}
	j := newJoiner(sets, threshold, workers)
	return j.run(ctx, workers)
}

// joiner holds the renumbered records and the prefix index.
type joiner struct {
	sets [][]uint64
	t    float64

	// Records in processing order (by size, then input index).
	id   []int32    // input index of record r
	toks [][]uint32 // record r's tokens, renumbered rarest first, ascending

	// The prefix index, CSR: postings of token w are post[start[w]:start[w+1]],
	// in record order.
	start []int
	post  []posting
}

// posting is one indexed prefix token: the record and the token's
// position in it.
type posting struct {
	rec, pos uint32
}

func newJoiner(sets [][]uint64, t float64, workers int) *joiner {
	j := &joiner{sets: sets, t: t}
	j.renumber(workers)
	j.index()
	return j
}

// renumber ranks tokens by document frequency, rarest first (ties by
// value, so the order is a function of the input alone), and rewrites each
// non-empty set as ascending ranks, in processing order.
func (j *joiner) renumber(workers int) {
	total := 0
	for _, s := range j.sets {
		total += len(s)
	}
	all := sortAll(j.sets, total)
	var vals []uint64
	var freq []uint32
	maxFreq := 0
	for i := 0; i < len(all); {
		k := i + 1
		for k < len(all) && all[k] == all[i] {
			k++
		}
		vals = append(vals, all[i])
		freq = append(freq, uint32(k-i))
		maxFreq = max(maxFreq, k-i)
		i = k
	}
	all = nil
	// A counting sort by frequency: stable, so ties keep value order.
	first := make([]uint32, maxFreq+2)
	for _, f := range freq {
		first[f+1]++
	}
	for f := 1; f < len(first); f++ {
		first[f] += first[f-1]
	}
	rank := make([]uint32, len(vals))
	for v, f := range freq {
		rank[v] = first[f]
		first[f]++
	}
	freq = nil

	for i, s := range j.sets {
		if len(s) > 0 {
			j.id = append(j.id, int32(i))
		}
	}
	slices.SortStableFunc(j.id, func(a, b int32) int { return len(j.sets[a]) - len(j.sets[b]) })
	find := newDirectory(vals)
	flat := make([]uint32, total)
	j.toks = make([][]uint32, len(j.id))
	off := 0
	for r, i := range j.id {
		n := len(j.sets[i])
		j.toks[r] = flat[off : off+n : off+n]
		off += n
	}
	// Records are independent: rewrite them in parallel stripes.
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := w; r < len(j.id); r += workers {
				t := j.toks[r]
				for k, v := range j.sets[j.id[r]] {
					t[k] = rank[find.index(v)]
				}
				slices.Sort(t)
			}
		}()
	}
	wg.Wait()
	j.start = make([]int, len(vals)+1)
}

// sortAll returns every value of every set, sorted. Shingle hashes are
// uniform, so one pass scatters them into buckets by their top bits and
// each bucket sorts in cache; skewed values fall into few buckets and sort
// as usual.
func sortAll(sets [][]uint64, total int) []uint64 {
	bits := max(1, min(20, bitsLen(total)-3))
	shift := uint(64 - bits)
	first := make([]int, 1<<bits+1)
	for _, s := range sets {
		for _, v := range s {
			first[v>>shift+1]++
		}
	}
	for h := 1; h < len(first); h++ {
		first[h] += first[h-1]
	}
	all := make([]uint64, total)
	fill := slices.Clone(first)
	for _, s := range sets {
		for _, v := range s {
			all[fill[v>>shift]] = v
			fill[v>>shift]++
		}
	}
	for h := 0; h+1 < len(first); h++ {
		slices.Sort(all[first[h]:first[h+1]])
	}
	return all
}

// directory finds values in a sorted slice by their top bits first: shingle
// hashes are uniform, so a value's bucket holds a handful of entries, and
// a lookup costs one or two cache misses instead of a binary search's
// twenty over a table far larger than the cache. Skewed values still work,
// at binary-search speed.
type directory struct {
	vals  []uint64
	shift uint
	first []uint32 // vals[first[h]:first[h+1]] have top bits h
}

func newDirectory(vals []uint64) *directory {
	bits := max(1, min(24, bitsLen(len(vals))))
	d := &directory{vals: vals, shift: uint(64 - bits), first: make([]uint32, 1<<bits+1)}
	for _, v := range vals {
		d.first[v>>d.shift+1]++
	}
	for h := 1; h < len(d.first); h++ {
		d.first[h] += d.first[h-1]
	}
	return d
}

func bitsLen(n int) int {
	b := 0
	for ; n > 1; n >>= 1 {
		b++
	}
	return b
}

// index returns the position of v, which must be present.
func (d *directory) index(v uint64) int {
	h := v >> d.shift
	lo, hi := int(d.first[h]), int(d.first[h+1])
	return lo + sort.Search(hi-lo, func(k int) bool { return d.vals[lo+k] >= v })
}

// index posts every record's index prefix. A record is only probed by
// records at least as large, so its index prefix may be shorter than its
// probe prefix (the "mid-prefix" of PPJoin).
func (j *joiner) index() {
	for _, t := range j.toks {
		for _, w := range t[:j.indexPrefix(len(t))] {
			j.start[w+1]++
		}
	}
	for w := 1; w < len(j.start); w++ {
		j.start[w] += j.start[w-1]
	}
	j.post = make([]posting, j.start[len(j.start)-1])
	fill := slices.Clone(j.start[:len(j.start)-1])
	for r, t := range j.toks {
		for p, w := range t[:j.indexPrefix(len(t))] {
			j.post[fill[w]] = posting{rec: uint32(r), pos: uint32(p)}
			fill[w]++
		}
	}
}

// pass reports whether sets of sizes whose sum is sum, sharing o tokens,
// reach the threshold, computed exactly as verify.Scores computes Jaccard.
func (j *joiner) pass(o, sum int) bool {
	return float64(o)/float64(sum-o) >= j.t
}

// minOverlap is the least number of shared tokens with which sets of sizes
// a and b reach the threshold, or min(a, b)+1 when none does.
func (j *joiner) minOverlap(a, b int) int {
	m := min(a, b)
	o := int(j.t * float64(a+b) / (1 + j.t))
	o = max(1, min(o, m+1))
	for o > 1 && j.pass(o-1, a+b) {
		o--
	}
	for o <= m && !j.pass(o, a+b) {
		o++
	}
	return o
}

// minSize is the least size of a set that can reach the threshold with a
// set of size n at least as large: the Jaccard of sizes m ≤ n is at most
// m/n, reached when one set holds the other.
func (j *joiner) minSize(n int) int {
	m := max(1, int(j.t*float64(n)))
	for m > 1 && j.pass(m-1, n+m-1) {
		m--
	}
	for m < n && !j.pass(m, n+m) {
		m++
	}
	return m
}

// indexPrefix is the prefix a record of size n must index to be found by
// any larger record.
func (j *joiner) indexPrefix(n int) int { return n - j.minOverlap(n, n) + 1 }

// probePrefix is the prefix a record of size n must probe with to find
// every smaller record it can pair with.
func (j *joiner) probePrefix(n int) int { return n - j.minOverlap(n, j.minSize(n)) + 1 }

const chunkRecords = 64

// run probes every record in parallel chunks; the pairs are sorted at the
// end, so the output does not depend on the workers or their timing.
func (j *joiner) run(ctx context.Context, workers int) ([]rehash.Pair, error) {
	n := len(j.toks)
	chunks := (n + chunkRecords - 1) / chunkRecords
	out := make([][]rehash.Pair, chunks)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < min(workers, max(chunks, 1)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := &prober{j: j, count: make([]int32, n)}
			for ctx.Err() == nil {
				c := int(next.Add(1)) - 1
				if c >= chunks {
					return
				}
				for r := c * chunkRecords; r < min(n, (c+1)*chunkRecords); r++ {
					out[c] = p.probe(out[c], r)
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var pairs []rehash.Pair
	for _, o := range out {
		pairs = append(pairs, o...)
	}
	slices.SortFunc(pairs, func(x, y rehash.Pair) int {
		if x.A != y.A {
			return x.A - y.A
		}
		return x.B - y.B
	})
	return pairs, nil
}

// prober is one worker's scratch state.
type prober struct {
	j *joiner
	// count[y] is the number of prefix tokens record y shares with the
	// probing record so far, or pruned.
	count   []int32
	touched []uint32
	alpha   []int // required overlap by candidate size, from minSize up
}

const pruned = -1

// probe finds the records before r (so no larger than r) that pair with
// it, appending them to dst.
func (p *prober) probe(dst []rehash.Pair, r int) []rehash.Pair {
	j := p.j
	x := j.toks[r]
	nx := len(x)
	ms := j.minSize(nx)
	p.alpha = p.alpha[:0]
	for ny := ms; ny <= nx; ny++ {
		p.alpha = append(p.alpha, j.minOverlap(nx, ny))
	}
	for i, w := range x[:j.probePrefix(nx)] {
		list := j.post[j.start[w]:j.start[w+1]]
		// Postings are in record order, so sizes ascend along the list:
		// skip the records too small, stop at r itself.
		lo := sort.Search(len(list), func(k int) bool { return len(j.toks[list[k].rec]) >= ms })
		hi := sort.Search(len(list), func(k int) bool { return int(list[k].rec) >= r })
		for _, e := range list[lo:hi] {
			c := p.count[e.rec]
			if c == pruned {
				continue
			}
			ny := len(j.toks[e.rec])
			// Tokens are ordered, so the overlap is what was counted
			// before these positions, this token, and at most the shorter
			// of the two remainders.
			bound := int(c) + 1 + min(nx-i-1, ny-int(e.pos)-1)
			if c == 0 {
				p.touched = append(p.touched, e.rec)
			}
			if bound >= p.alpha[ny-ms] {
				p.count[e.rec] = c + 1
			} else {
				p.count[e.rec] = pruned
			}
		}
	}
	a := int(j.id[r])
	for _, y := range p.touched {
		if p.count[y] > 0 {
			b := int(j.id[y])
			sa, sb := j.sets[a], j.sets[b]
			lo, hi := a, b
			if lo > hi {
				lo, hi, sa, sb = b, a, sb, sa
			}
			if s := verify.Compare(sa, sb); s.Jaccard >= j.t {
				dst = append(dst, rehash.Pair{A: lo, B: hi, Jaccard: s.Jaccard, AInB: s.AInB, BInA: s.BInA})
			}
		}
		p.count[y] = 0
	}
	p.touched = p.touched[:0]
	return dst
}

// Package floor is the yardstick for dedup's speed: the cheapest correct
// pass that does the work every deduplicator of JSON Lines must do, and
// nothing of rehash's own pipeline.
//
// One goroutine reads each file (gzip-decompressed when it starts with the
// gzip magic) and cuts it into lines, copied into batches; worker
// goroutines decode each line's JSON, take its "text" string (escapes
// resolved), lowercase it (ASCII by table, other runes by
// unicode.ToLower), split it into \w+ words (ASCII letters, digits and
// underscore by table; other runes that are letters, digits or marks),
// hash every word with xxh3 and every run of five words into one 64-bit
// shingle hash, and sum the shingle hashes into a checksum so that no step
// can be optimized away.
//
//	st, err := floor.Run(ctx, []string{"corpus.jsonl.gz"}, 2)
//	fmt.Printf("%d docs, %.1f MB/s\n", st.Docs, st.MBps())
//
// It does not use rehash's readers, normalizer or UAX #29 segmenter: those
// are what is measured against it. It keeps nothing per document, builds no
// sketches, and writes nothing.
//
// Memory is bounded by the batches in flight: about 4·workers batches of at
// most 256 lines or 1 MiB each.
package floor

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"runtime"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/klauspost/compress/gzip"
	"github.com/valyala/fastjson"
	"github.com/zeebo/xxh3"
)

// K is the number of words per shingle.
const K = 5

// seed seeds the word hash; any fixed value would do.
const seed = 0x666c6f6f72 // "floor"

// Stats summarize a pass.
type Stats struct {
	// Docs counts records decoded; Skipped those that failed to decode or
	// have no "text" string.
	Docs, Skipped int64
	// Bytes is the decompressed size of all lines, newlines excluded
	// (dedup.Stats.Bytes counts the same way).
	Bytes int64
	// Words counts words; Shingles counts shingle hashes, with repeats.
	Words, Shingles int64
	// Checksum is the wrapping sum of every shingle hash.
	Checksum uint64
	// Seconds is the wall time of the pass.
	Seconds float64
}

// MBps returns the throughput in decompressed megabytes (10⁶ bytes) a
// second.
func (s Stats) MBps() float64 {
	if s.Seconds <= 0 {
		return 0
	}
	return float64(s.Bytes) / 1e6 / s.Seconds
}

// The batch bounds match dedup's so that both hand the same units of work
// to their workers.
const (
	batchRecords = 256
	batchBytes   = 1 << 20
)

// batch is lines copied end to end into buf; ends[i] is where line i ends.
type batch struct {
	buf  []byte
	ends []int
}

// Run makes the pass over paths on workers goroutines (≤ 0 means
// runtime.GOMAXPROCS(0)). It returns the first read error; lines that fail
// to decode are counted in Stats.Skipped.
func Run(ctx context.Context, paths []string, workers int) (Stats, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	start := time.Now()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	// Batches circulate between the reader and the workers through free,
	// so that steady state allocates nothing.
	inflight := workers * 4
	work := make(chan *batch, inflight)
	free := make(chan *batch, inflight)
	for range inflight {
		free <- &batch{buf: make([]byte, 0, batchBytes+64<<10), ends: make([]int, 0, batchRecords)}
	}

	var readErr error
	go func() {
		defer close(work)
		readErr = read(ctx, paths, work, free)
	}()

	parts := make([]Stats, workers)
	var wg sync.WaitGroup
	for w := range parts {
		wg.Go(func() { parts[w] = pass(ctx, work, free) })
	}
	wg.Wait()

	var st Stats
	for _, p := range parts {
		st.Docs += p.Docs
		st.Skipped += p.Skipped
		st.Bytes += p.Bytes
		st.Words += p.Words
		st.Shingles += p.Shingles
		st.Checksum += p.Checksum
	}
	st.Seconds = time.Since(start).Seconds()
	if readErr != nil {
		return st, readErr
	}
	return st, ctx.Err()
}

// read cuts every file into lines and sends them in batches.
func read(ctx context.Context, paths []string, work, free chan *batch) error {
	cur := <-free
	send := func() error {
		work <- cur
		select {
		case cur = <-free:
			return nil
		case <-ctx.Done():
			cur = nil
			return ctx.Err()
		}
	}
	br := bufio.NewReaderSize(nil, 1<<20)
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		br.Reset(f)
		var r io.Reader = br
		if head, _ := br.Peek(2); len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
			zr, err := gzip.NewReader(br)
			if err != nil {
				f.Close()
				return err
			}
			r = bufio.NewReaderSize(zr, 1<<20)
		}
		lr := r.(*bufio.Reader)
		for {
			line, err := lr.ReadSlice('\n')
			cur.buf = append(cur.buf, line...)
			if errors.Is(err, bufio.ErrBufferFull) {
				continue // a line longer than the buffer: keep appending
			}
			if n := len(cur.buf); n > 0 && cur.buf[n-1] == '\n' {
				cur.buf = cur.buf[:n-1]
			}
			if len(cur.buf) > last(cur.ends) {
				cur.ends = append(cur.ends, len(cur.buf))
			}
			if err != nil {
				f.Close()
				if err != io.EOF {
					return err
				}
				break
			}
			if len(cur.ends) >= batchRecords || len(cur.buf) >= batchBytes {
				if err := send(); err != nil {
					f.Close()
					return err
				}
			}
		}
	}
	if cur != nil && len(cur.ends) > 0 {
		work <- cur
	}
	return nil
}

func last(ends []int) int {
	if len(ends) == 0 {
		return 0
	}
	return ends[len(ends)-1]
}

// pass is one worker: it decodes and shingles every line of the batches it
// takes, then hands each batch back empty.
func pass(ctx context.Context, work <-chan *batch, free chan<- *batch) Stats {
	var (
		st Stats
		p  fastjson.Parser
		sh shingler
	)
	for b := range work {
		if ctx.Err() == nil {
			start := 0
			for _, end := range b.ends {
				line := b.buf[start:end]
				start = end
				st.Bytes += int64(len(line))
				if len(bytes.TrimSpace(line)) == 0 {
					continue
				}
				v, err := p.ParseBytes(line)
				if err != nil {
					st.Skipped++
					continue
				}
				tv := v.Get("text")
				if tv == nil || tv.Type() != fastjson.TypeString {
					st.Skipped++
					continue
				}
				st.Docs++
				sh.add(&st, tv.GetStringBytes())
			}
		}
		b.buf, b.ends = b.buf[:0], b.ends[:0]
		select {
		case free <- b:
		default:
		}
	}
	return st
}

// shingler is one worker's scratch state.
type shingler struct {
	lower []byte
}

// wordByte marks the ASCII bytes of \w, after lowercasing.
var wordByte = func() (t [128]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_'
	}
	return t
}()

// add lowercases text, hashes its words and their 5-grams into st.
func (s *shingler) add(st *Stats, text []byte) {
	low := lowercase(s.lower[:0], text)
	s.lower = low
	var (
		ring [K]uint64
		n    int
	)
	for i := 0; i < len(low); {
		// Skip to the next word.
		c := low[i]
		if c < utf8.RuneSelf {
			if !wordByte[c] {
				i++
				continue
			}
		} else if r, size := utf8.DecodeRune(low[i:]); !wordRune(r) {
			i += size
			continue
		}
		start := i
		for i < len(low) {
			c := low[i]
			if c < utf8.RuneSelf {
				if !wordByte[c] {
					break
				}
				i++
				continue
			}
			r, size := utf8.DecodeRune(low[i:])
			if !wordRune(r) {
				break
			}
			i += size
		}
		ring[n%K] = xxh3.HashSeed(low[start:i], seed)
		n++
		if n >= K {
			h := uint64(0x9E3779B97F4A7C15)
			for j := n - K; j < n; j++ {
				h = (h<<31 | h>>33) ^ ring[j%K]
				h *= 0xBF58476D1CE4E5B9
			}
			st.Checksum += h ^ h>>29
			st.Shingles++
		}
	}
	st.Words += int64(n)
	if n > 0 && n < K {
		// A text shorter than K words is one shingle, as in dedup.
		h := uint64(n)
		for _, w := range ring[:n] {
			h = (h<<31 | h>>33) ^ w
			h *= 0xBF58476D1CE4E5B9
		}
		st.Checksum += h ^ h>>29
		st.Shingles++
	}
}

func wordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// lowercase appends text lowercased to dst: a copy lowered in place while
// it is ASCII, rune by rune from the first other byte on.
func lowercase(dst, text []byte) []byte {
	dst = append(dst, text...) // one copy; ASCII is lowered in place below
	for i := 0; i < len(dst); {
		c := dst[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				dst[i] = c + 'a' - 'A'
			}
			i++
			continue
		}
		// Non-ASCII: lowering can change a rune's length, so the rest is
		// rewritten rune by rune from the source.
		return lowerRest(dst[:i], text[i:])
	}
	return dst
}

func lowerRest(dst, text []byte) []byte {
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(text[i:])
		dst = utf8.AppendRune(dst, unicode.ToLower(r))
		i += size
	}
	return dst
}

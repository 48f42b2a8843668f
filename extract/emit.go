package extract

import (
	"unicode"
	"unicode/utf8"

	"github.com/rehashdev/rehash"
	"golang.org/x/net/html/atom"
)

// seg is one offset-map segment of a block under construction, with dst
// relative to the block's start.
type seg struct{ dst, dstLen, src, srcLen int }

// block is a paragraph being built. Its text and segments are kept apart
// from the output until the block is judged, because an OffsetMap cannot
// take back what was added to it.
type block struct {
	buf      []byte
	segs     []seg
	links    int  // bytes of buf inside <a>
	line     bool // a list item or table row
	pending  bool // a whitespace run is waiting for the next visible rune
	pendSrc  int
	pendSize int
}

func (b *block) add(dst, dstLen, src, srcLen int) {
	if n := len(b.segs); n > 0 {
		l := &b.segs[n-1]
		if l.dstLen == l.srcLen && dstLen == srcLen && l.dst+l.dstLen == dst && l.src+l.srcLen == src {
			l.dstLen += dstLen
			l.srcLen += srcLen
			return
		}
	}
	b.segs = append(b.segs, seg{dst, dstLen, src, srcLen})
}

func (b *block) reset() {
	b.buf, b.segs = b.buf[:0], b.segs[:0]
	b.links, b.line, b.pending = 0, false, false
}

// emitter writes the text of chosen subtrees, block by block.
type emitter struct {
	t        *tree
	out      []byte
	om       *rehash.OffsetMap
	blk      block
	lastLine bool // the last kept block was a line
}

func newEmitter(t *tree) *emitter {
	return &emitter{t: t, om: &rehash.OffsetMap{}}
}

// walk emits node i and its live descendants. Its recursion depth is
// bounded by Options.MaxDepth.
func (e *emitter) walk(i int32) {
	n := &e.t.nodes[i]
	if n.dead {
		return
	}
	if n.kind == textNode {
		e.text(n)
		return
	}
	switch {
	case n.tag == atom.Br:
		e.newline()
		return
	case n.tag == atom.Hr:
		e.flush()
		return
	case isBlock(n.tag):
		outer := e.blk.line
		e.flush()
		e.blk.line = isLine(n.tag)
		for c := n.first; c >= 0; c = e.t.nodes[c].next {
			e.walk(c)
		}
		e.flush()
		e.blk.line = outer // text after a nested block belongs to the outer one
	default:
		for c := n.first; c >= 0; c = e.t.nodes[c].next {
			e.walk(c)
		}
	}
}

func (e *emitter) newline() {
	b := &e.blk
	b.pending = false
	if len(b.buf) == 0 || (len(b.buf) >= 2 && b.buf[len(b.buf)-1] == '\n' && b.buf[len(b.buf)-2] == '\n') {
		return
	}
	b.buf = append(b.buf, '\n')
}

// text decodes a raw text run: entities, UTF-8 (an invalid byte becomes
// U+FFFD mapped to that byte), and whitespace.
func (e *emitter) text(n *node) {
	raw := e.t.raw
	for i, end := int(n.start), int(n.end); i < end; {
		c := raw[i]
		if c == '&' {
			if dec, k, ok := entity(raw[i:end]); ok {
				for _, r := range dec {
					e.rune(r, i, k, n)
				}
				i += k
				continue
			}
		}
		if c < utf8.RuneSelf {
			e.rune(rune(c), i, 1, n)
			i++
			continue
		}
		r, size := utf8.DecodeRune(raw[i:end])
		e.rune(r, i, size, n)
		i += size
	}
}

// rune appends one decoded rune that came from raw[src:src+size].
func (e *emitter) rune(r rune, src, size int, n *node) {
	b := &e.blk
	if isSpace(r) {
		if n.pre {
			if r != '\r' {
				e.put(r, src, size, n)
			}
			return
		}
		if len(b.buf) == 0 || b.buf[len(b.buf)-1] == '\n' || b.pending {
			return
		}
		b.pending, b.pendSrc, b.pendSize = true, src, size
		return
	}
	if invisible(r) {
		return
	}
	if b.pending {
		b.pending = false
		b.add(len(b.buf), 1, b.pendSrc, b.pendSize)
		b.buf = append(b.buf, ' ')
		if n.link {
			b.links++
		}
	}
	e.put(r, src, size, n)
}

func (e *emitter) put(r rune, src, size int, n *node) {
	b := &e.blk
	if r == '\n' && len(b.buf) == 0 {
		return // a <pre>'s leading newline, which browsers drop too
	}
	d := len(b.buf)
	b.buf = utf8.AppendRune(b.buf, r)
	w := len(b.buf) - d
	b.add(d, w, src, size)
	if n.link {
		b.links += w
	}
}

// flush ends the current block: judges it, and if kept appends it to the
// output after a separator and records its offsets.
func (e *emitter) flush() {
	b := &e.blk
	for len(b.buf) > 0 && (b.buf[len(b.buf)-1] == '\n' || b.buf[len(b.buf)-1] == ' ') {
		b.buf = b.buf[:len(b.buf)-1]
	}
	for len(b.segs) > 0 {
		l := &b.segs[len(b.segs)-1]
		if l.dst+l.dstLen <= len(b.buf) {
			break
		}
		if l.dst < len(b.buf) && l.dstLen == l.srcLen { // a verbatim run cut short
			l.dstLen = len(b.buf) - l.dst
			l.srcLen = l.dstLen
			break
		}
		b.segs = b.segs[:len(b.segs)-1]
	}
	if len(b.buf) > 0 && keepBlock(b) {
		if len(e.out) > 0 {
			if b.line && e.lastLine {
				e.out = append(e.out, '\n')
			} else {
				e.out = append(e.out, '\n', '\n')
			}
		}
		base := len(e.out)
		e.out = append(e.out, b.buf...)
		for _, s := range b.segs {
			e.om.Add(base+s.dst, s.dstLen, s.src, s.srcLen)
		}
		e.lastLine = b.line
	}
	b.reset()
}

// isSpace is Unicode white space, which includes U+00A0 (&nbsp;).
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v'
	}
	return unicode.IsSpace(r)
}

// invisible runes are dropped: control characters, the soft hyphen, zero
// width spaces and the byte order mark, none of which a reader sees.
func invisible(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r < 0xa0:
		return true
	case r == 0xad, r == 0x200b, r == 0x200c, r == 0x200d, r == 0x2060, r == 0xfeff:
		return true
	}
	return false
}

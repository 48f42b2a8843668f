package extract

import (
	"bytes"
	"errors"
	"fmt"
	"math"

	"github.com/rehashdev/rehash"
)

// ErrBinary is returned for input that holds NUL bytes near its start: a
// binary file, or text in UTF-16, which this package does not decode.
var ErrBinary = errors.New("extract: binary input")

// ErrTooLarge is returned for input longer than Options.MaxBytes.
var ErrTooLarge = errors.New("extract: input too large")

// Result is extracted main text plus where each byte came from.
type Result struct {
	// Text is the main text as UTF-8. Blocks (p, div, h1-h6, li, tr,
	// blockquote...) are separated by "\n\n", consecutive list items and
	// table rows by "\n"; a <br> inside a block is a "\n". Inside a block,
	// every whitespace run is one space, except inside <pre>.
	Text []byte

	// Offsets maps every byte of Text back to a byte range of the raw
	// input. Verbatim runs map one to one; a decoded entity maps to the
	// whole entity ("&#8220;"); a collapsed whitespace run maps to its
	// first character. The newlines between blocks are left unmapped.
	Offsets *rehash.OffsetMap

	// Meta holds what the page says about itself: Title (og:title, else
	// <title>), Date (ISO 8601, from article:published_time, <meta
	// name="date">, itemprop="datePublished" or <time datetime>), URL
	// (link rel="canonical", else og:url) and Site (og:site_name). Bytes is
	// the length of the raw input.
	Meta rehash.Meta
}

// Options tune HTML. A nil *Options means the defaults given on each field.
type Options struct {
	// WholeDocument skips the choice of a main content element and keeps
	// every block that survives boilerplate removal. Default false.
	WholeDocument bool

	// MaxBytes bounds the input; longer input returns ErrTooLarge.
	// Default 64 MiB; at most 2 GiB.
	MaxBytes int

	// MaxDepth bounds element nesting; deeper elements are flattened into
	// their ancestor at that depth, which keeps the recursive passes safe
	// on hostile input. Default 256.
	MaxDepth int
}

func (o *Options) withDefaults() Options {
	var c Options
	if o != nil {
		c = *o
	}
	if c.MaxBytes <= 0 {
		c.MaxBytes = 64 << 20
	}
	c.MaxBytes = min(c.MaxBytes, math.MaxInt32) // offsets are stored as int32
	if c.MaxDepth <= 0 {
		c.MaxDepth = 256
	}
	return c
}

// binaryPrefix is how much of the input is checked for NUL bytes.
const binaryPrefix = 8 << 10

// HTML extracts the main text and metadata of an HTML page or fragment.
// Empty input gives an empty Result. It never panics; it fails only with
// ErrBinary or ErrTooLarge.
//
// Cost: O(len(raw)) time and memory. Memory is about 7 times len(raw) on
// tag-dense pages, mostly the element tree (68 bytes per node), and up to
// about 25 times for input that is nothing but short tags.
func HTML(raw []byte, opts *Options) (*Result, error) {
	o := opts.withDefaults()
	if len(raw) > o.MaxBytes {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(raw), o.MaxBytes)
	}
	if bytes.IndexByte(raw[:min(len(raw), binaryPrefix)], 0) >= 0 {
		return nil, ErrBinary
	}
	t := build(raw, o.MaxDepth)
	t.measure()
	roots := []int32{0}
	if !o.WholeDocument {
		roots = t.mainContent()
	}
	e := newEmitter(t)
	for _, r := range roots {
		e.walk(r)
	}
	e.flush()
	res := &Result{Text: e.out, Offsets: e.om, Meta: t.meta.result()}
	if res.Text == nil {
		res.Text = []byte{}
	}
	res.Meta.Bytes = int64(len(raw))
	return res, nil
}

package extract

import (
	"bytes"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

type nodeKind uint8

const (
	elementNode nodeKind = iota
	textNode
)

// node is an element or a text run. Nodes live in one slice in document
// order and link by index, so that the passes over them are plain loops
// and the tree costs a few allocations, not one per node. The struct is
// kept small (68 bytes): a tag-dense page has a node per 20 raw bytes.
type node struct {
	parent, first, last, next int32 // indices; -1 for none
	start, end                int32 // raw bytes of a text node
	tag                       atom.Atom
	name                      uint32  // hash of the tag name when tag is 0 (amp-ad, custom elements)
	class                     uint32  // hash of the class attribute, 0 if none
	weight                    float32 // classWeight of class and id

	// Filled by measure, over live descendants only.
	textLen, linkLen, commas, dots int32

	score float32 // filled by score

	kind      nodeKind
	dead      bool // boilerplate, itself or through an ancestor
	suspect   bool // named like boilerplate; see tree.measure
	link      bool // inside <a>
	pre       bool // inside <pre>: whitespace is kept
	blockKids bool // has a block-level element child
	scored    bool
}

// tree is the token tree of one input, with node 0 a synthetic root so
// that fragments and full pages look alike.
type tree struct {
	raw   []byte
	nodes []node
	meta  metaCollector
}

// build tokenizes raw and builds the tree. The raw position of each token is
// the sum of the lengths of the tokens before it: the Tokenizer hands back
// every input byte in exactly one token's Raw, but for an unterminated tag
// at the very end, which it drops (as browsers do) and which maps nowhere.
func build(raw []byte, maxDepth int) *tree {
	// About one node per '<': start tags and text runs, less end tags.
	t := &tree{raw: raw, nodes: make([]node, 1, 16+bytes.Count(raw, []byte("<")))}
	t.nodes[0] = node{parent: -1, first: -1, last: -1, next: -1}
	b := builder{t: t, stack: []int32{0}, maxDepth: maxDepth, open: map[atom.Atom]int{},
		names: map[nameKey]nameInfo{}}
	z := html.NewTokenizer(bytes.NewReader(raw))
	pos := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		n := len(z.Raw())
		switch tt {
		case html.TextToken:
			b.text(z, pos, pos+n)
		case html.StartTagToken, html.SelfClosingTagToken:
			b.start(z, tt == html.SelfClosingTagToken)
		case html.EndTagToken:
			b.end(z)
		}
		pos += n
	}
	return t
}

type builder struct {
	t        *tree
	stack    []int32
	maxDepth int
	inTitle  bool
	// open counts the open elements of the few tags whose presence above
	// a node matters, so that asking costs nothing.
	open map[atom.Atom]int
	// names caches what class, id and label say, since a page repeats
	// the same few names on many elements.
	names map[nameKey]nameInfo
}

type nameKey struct {
	class, id, label string
	wrapper          bool // html, body, article, main: never suspect
}

type nameInfo struct {
	suspect bool
	weight  float32
	hash    uint32
}

func (b *builder) nameInfo(a atom.Atom, at *attrs) nameInfo {
	if at.class == "" && at.id == "" && at.ariaLabel == "" {
		return nameInfo{}
	}
	k := nameKey{at.class, at.id, at.ariaLabel, a == atom.Html || a == atom.Body || a == atom.Article || a == atom.Main}
	if ni, ok := b.names[k]; ok {
		return ni
	}
	ni := nameInfo{
		suspect: isSuspect(a, at),
		weight:  float32(classWeight(at.class, at.id)),
		hash:    hash32(at.class),
	}
	if len(b.names) < 4096 {
		b.names[k] = ni
	}
	return ni
}

// hash32 is FNV-1a; 0 is kept for the empty string.
func hash32(s string) uint32 {
	if s == "" {
		return 0
	}
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h | 1
}

// counted are the tags builder.open tracks.
func counted(a atom.Atom) bool {
	return a == atom.Head || a == atom.Article || a == atom.Main || a == atom.Svg
}

func (b *builder) push(i int32) {
	b.stack = append(b.stack, i)
	if a := b.t.nodes[i].tag; counted(a) {
		b.open[a]++
	}
}

// truncate closes the open elements from stack index i up.
func (b *builder) truncate(i int) {
	for _, j := range b.stack[i:] {
		if a := b.t.nodes[j].tag; counted(a) {
			b.open[a]--
		}
	}
	b.stack = b.stack[:i]
}

// inside reports whether an element with tag a is open; a must be counted.
func (b *builder) inside(a atom.Atom) bool { return b.open[a] > 0 }

func (b *builder) cur() *node { return &b.t.nodes[b.stack[len(b.stack)-1]] }

func (b *builder) add(n node) int32 {
	ts := b.t
	i := int32(len(ts.nodes))
	pi := b.stack[len(b.stack)-1]
	p := &ts.nodes[pi]
	n.parent, n.first, n.last, n.next = pi, -1, -1, -1
	n.dead = n.dead || p.dead
	n.link = n.link || p.link
	n.pre = n.pre || p.pre
	if p.first < 0 {
		p.first = i
	} else {
		ts.nodes[p.last].next = i
	}
	p.last = i
	ts.nodes = append(ts.nodes, n)
	return i
}

func (b *builder) text(z *html.Tokenizer, start, end int) {
	if b.inTitle {
		b.t.meta.title(string(z.Text()))
		return
	}
	if b.cur().dead {
		return // no need to keep what will never be read
	}
	b.add(node{kind: textNode, start: int32(start), end: int32(end)})
}

func (b *builder) start(z *html.Tokenizer, selfClosing bool) {
	name, hasAttr := z.TagName()
	a := atom.Lookup(name)
	var nm uint32
	if a == 0 {
		nm = hash32(string(name))
	}
	var at attrs
	for hasAttr {
		var k, v []byte
		k, v, hasAttr = z.TagAttr()
		at.set(a, k, v)
	}
	b.t.meta.observe(a, &at)
	b.inTitle = a == atom.Title && !selfClosing && !b.inside(atom.Svg)
	b.closeImplied(a)
	ni := b.nameInfo(a, &at)
	n := node{kind: elementNode, tag: a, name: nm, class: ni.hash, weight: ni.weight, suspect: ni.suspect}
	n.dead = isBoilerplate(a, name, &at, b.inside(atom.Article) || b.inside(atom.Main))
	n.link = a == atom.A
	n.pre = a == atom.Pre || a == atom.Textarea || a == atom.Listing
	if isVoid(a) || selfClosing {
		if a == atom.Br || a == atom.Hr {
			b.add(n) // leaves that break lines
		}
		return
	}
	if len(b.stack) > b.maxDepth {
		return // flattened into the deepest open element
	}
	b.push(b.add(n))
}

func (b *builder) end(z *html.Tokenizer) {
	b.inTitle = false
	name, _ := z.TagName()
	a := atom.Lookup(name)
	var nm uint32
	if a == 0 {
		nm = hash32(string(name))
	}
	if a == atom.Br { // browsers read </br> as <br>
		b.add(node{kind: elementNode, tag: atom.Br})
		return
	}
	for i := len(b.stack) - 1; i > 0; i-- {
		n := &b.t.nodes[b.stack[i]]
		if n.tag == a && n.name == nm {
			b.truncate(i)
			return
		}
	}
	// An end tag with no open element is ignored, as browsers do.
}

// closeImplied pops the elements that a start tag a closes without an end
// tag: a new block closes an open <p>, <li> closes the previous <li>, and so
// on. Without this, a page that never writes </p> would nest every
// paragraph inside the one before it.
func (b *builder) closeImplied(a atom.Atom) {
	if b.inside(atom.Head) && (a == atom.Body || !inHead(a)) {
		b.popTo(atom.Head, nil)
	}
	switch {
	case closesP(a):
		b.popTo(atom.P, scopeBoundary)
		if isHeading(a) && isHeading(b.cur().tag) {
			b.truncate(len(b.stack) - 1)
		}
	case a == atom.Li:
		b.popTo(atom.Li, listBoundary)
	case a == atom.Dt || a == atom.Dd:
		b.popTo(atom.Dt, listBoundary)
		b.popTo(atom.Dd, listBoundary)
	case a == atom.Tr:
		b.popTo(atom.Tr, tableBoundary)
	case a == atom.Td || a == atom.Th:
		b.popTo(atom.Td, rowBoundary)
		b.popTo(atom.Th, rowBoundary)
	case a == atom.Option:
		b.popTo(atom.Option, nil)
	}
}

// popTo closes the innermost open element with tag a, and all inside it,
// unless an element for which stop is true comes first.
func (b *builder) popTo(a atom.Atom, stop func(atom.Atom) bool) {
	for i := len(b.stack) - 1; i > 0; i-- {
		t := b.t.nodes[b.stack[i]].tag
		if t == a {
			b.truncate(i)
			return
		}
		if stop != nil && stop(t) {
			return
		}
	}
}

// attrs are the attributes this package reads.
type attrs struct {
	class, id, role, ariaLabel, style string
	hidden, ariaHidden                bool
	property, name, content, itemprop string
	datetime, rel, href               string
}

// set records one attribute of an element with tag t. Only the attributes
// that matter for t are copied, as copying costs an allocation.
func (a *attrs) set(t atom.Atom, k, v []byte) {
	switch string(k) {
	case "class":
		a.class = string(v)
	case "id":
		a.id = string(v)
	case "role":
		a.role = string(v)
	case "aria-label":
		a.ariaLabel = string(v)
	case "aria-hidden":
		a.ariaHidden = string(v) == "true"
	case "hidden":
		a.hidden = true
	case "style":
		a.style = string(v)
	case "property":
		if t == atom.Meta {
			a.property = string(v)
		}
	case "name":
		if t == atom.Meta {
			a.name = string(v)
		}
	case "content":
		a.content = string(v)
	case "itemprop":
		a.itemprop = string(v)
	case "datetime":
		a.datetime = string(v)
	case "rel":
		if t == atom.Link {
			a.rel = string(v)
		}
	case "href":
		if t == atom.Link {
			a.href = string(v)
		}
	}
}

package extract

import "golang.org/x/net/html/atom"

// suspectShare is the share of the page's text above which an element
// named like boilerplate is kept after all: a page is not mostly sidebar.
const suspectShare = 0.6

// measure fills the text statistics of every live node, then kills the
// suspects that hold less than suspectShare of the text and measures again
// without them.
func (t *tree) measure() {
	t.sum()
	total := float32(t.nodes[0].textLen)
	killed := false
	for i := range t.nodes {
		n := &t.nodes[i]
		if n.suspect && !n.dead && float32(n.textLen) < suspectShare*total {
			n.dead, killed = true, true
		}
	}
	if !killed {
		return
	}
	for i := range t.nodes {
		n := &t.nodes[i]
		if n.parent >= 0 && t.nodes[n.parent].dead {
			n.dead = true
		}
		if n.kind == elementNode {
			n.textLen, n.linkLen, n.commas, n.dots, n.blockKids = 0, 0, 0, 0, false
		}
	}
	t.sum()
}

// sum adds up text statistics. Nodes are stored in document order, so every
// child comes after its parent and one backward loop sums children into
// parents without recursion.
func (t *tree) sum() {
	for i := len(t.nodes) - 1; i > 0; i-- {
		n := &t.nodes[i]
		if n.dead {
			continue
		}
		if n.kind == textNode && n.textLen == 0 {
			n.textLen, n.commas, n.dots = textStats(t.raw[n.start:n.end])
			if n.link {
				n.linkLen = n.textLen
			}
		}
		p := &t.nodes[n.parent]
		p.textLen += n.textLen
		p.linkLen += n.linkLen
		p.commas += n.commas
		p.dots += n.dots
		if n.kind == elementNode && isBlock(n.tag) {
			p.blockKids = true
		}
	}
}

// textStats counts the visible characters of a raw text run (a whitespace
// run counts one, an entity as its raw length: close enough for scoring),
// its commas and its full stops.
func textStats(b []byte) (n, commas, dots int32) {
	space := true
	for _, c := range b {
		switch c {
		case ' ', '\t', '\n', '\r', '\f':
			if !space {
				n++
			}
			space = true
			continue
		case ',':
			commas++
		case '.':
			dots++
		}
		if c < 0x80 || c >= 0xC0 { // count runes, not UTF-8 continuation bytes
			n++
		}
		space = false
	}
	return n, commas, dots
}

func (n *node) linkDensity() float32 {
	if n.textLen == 0 {
		return 0
	}
	return float32(n.linkLen) / float32(n.textLen)
}

// paragraphLike reports the elements whose text is scored: Readability's
// p, td and pre, and a div or section that holds only inline content.
func paragraphLike(n *node) bool {
	switch n.tag {
	case atom.P, atom.Pre, atom.Td, atom.Blockquote:
		return true
	case atom.Div, atom.Section, atom.Article, atom.Li:
		return !n.blockKids
	}
	return false
}

// tagWeight is Readability's initial score by tag.
func tagWeight(a atom.Atom) float32 {
	switch a {
	case atom.Div:
		return 5
	case atom.Pre, atom.Td, atom.Blockquote:
		return 3
	case atom.Address, atom.Ol, atom.Ul, atom.Dl, atom.Dd, atom.Dt, atom.Li, atom.Form:
		return -3
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Th:
		return -5
	}
	return 0
}

// score gives every ancestor of a paragraph its share of the paragraph's
// points and returns the best candidate, or -1 when no paragraph is long
// enough to score.
func (t *tree) score() int32 {
	for i := 1; i < len(t.nodes); i++ {
		n := &t.nodes[i]
		if n.dead || n.kind != elementNode || !paragraphLike(n) || n.textLen < 25 {
			continue
		}
		pts := 1 + float32(n.commas) + float32(min(n.textLen/100, 3))
		a := n.parent
		for level := 0; level < 5 && a >= 0; level++ {
			c := &t.nodes[a]
			if !c.scored {
				c.scored = true
				c.score = tagWeight(c.tag) + c.weight
			}
			switch level {
			case 0:
				c.score += pts
			case 1:
				c.score += pts / 2
			default:
				c.score += pts / float32(level*3)
			}
			a = c.parent
		}
	}
	var top [topN]int32 // best first; -1 for none
	for i := range top {
		top[i] = -1
	}
	for i := range t.nodes {
		n := &t.nodes[i]
		if !n.scored {
			continue
		}
		n.score *= 1 - n.linkDensity()
		for k := range top {
			if top[k] < 0 || n.score > t.nodes[top[k]].score {
				copy(top[k+1:], top[k:])
				top[k] = int32(i)
				break
			}
		}
	}
	if top[0] < 0 {
		return -1
	}
	return t.commonAncestor(top)
}

// topN is how many candidates Readability compares.
const topN = 5

// commonAncestor is Readability's second look at the best candidate: when
// three or more of the runners-up, scoring within 75% of it, lie under one
// of its ancestors, the content is split into sections (a documentation
// page's h2 sections, say) and that ancestor holds them all.
func (t *tree) commonAncestor(top [topN]int32) int32 {
	best := top[0]
	var close []int32
	for _, c := range top[1:] {
		if c >= 0 && t.nodes[c].score >= 0.75*t.nodes[best].score {
			close = append(close, c)
		}
	}
	if len(close) < 3 {
		return best
	}
	for p := t.nodes[best].parent; p > 0; p = t.nodes[p].parent {
		if a := t.nodes[p].tag; a == atom.Body || a == atom.Html {
			break
		}
		n := 0
		for _, c := range close {
			if t.isAncestor(p, c) {
				n++
			}
		}
		if n >= 3 {
			return p
		}
	}
	return best
}

func (t *tree) isAncestor(a, c int32) bool {
	for c = t.nodes[c].parent; c >= 0; c = t.nodes[c].parent {
		if c == a {
			return true
		}
	}
	return false
}

// mainContent returns the nodes whose text is the main content, in
// document order: the best candidate, moved up while that loses nothing,
// and the siblings that score near it or read like prose.
func (t *tree) mainContent() []int32 {
	top := t.score()
	if top <= 0 {
		return []int32{0}
	}
	top = t.climb(top)
	if top == 0 {
		return []int32{0}
	}
	best := &t.nodes[top]
	threshold := max(10, best.score*0.2)
	var out []int32
	heading := int32(-1) // a heading sibling, kept if part of its section is
	for s := t.nodes[best.parent].first; s >= 0; s = t.nodes[s].next {
		n := &t.nodes[s]
		switch {
		case n.dead || n.kind != elementNode:
		case isHeading(n.tag):
			heading = s
		case s == top || t.goodSibling(n, best, threshold):
			if heading >= 0 {
				out = append(out, heading)
				heading = -1
			}
			out = append(out, s)
		}
	}
	return out
}

// climb moves the candidate up to an ancestor when the ancestor scores
// higher or nearly as high (the candidate was one column or section of
// the article) or when the candidate is its parent's only live child
// (nothing to lose).
func (t *tree) climb(top int32) int32 {
	last := t.nodes[top].score
	floor := last / 3
	for p := t.nodes[top].parent; p > 0; p = t.nodes[p].parent {
		c := &t.nodes[p]
		if c.tag == atom.Body || c.tag == atom.Html {
			break // as in Readability: the whole page is never a better guess
		}
		if !c.scored {
			continue
		}
		if c.score < floor {
			break
		}
		if c.score > last {
			top = p
			break
		}
		if c.score >= 0.9*t.nodes[top].score {
			// Nearly as good and holding more: the candidate was one
			// section of a page whose sections nest in one parent.
			top, floor = p, c.score/3
		}
		last = c.score
	}
	for top > 0 {
		p := t.nodes[top].parent
		if p < 0 || t.liveKids(p) != 1 || t.nodes[p].textLen != t.nodes[top].textLen {
			break
		}
		top = p
	}
	return top
}

func (t *tree) liveKids(i int32) int {
	k := 0
	for c := t.nodes[i].first; c >= 0; c = t.nodes[c].next {
		if !t.nodes[c].dead && (t.nodes[c].kind == elementNode || t.nodes[c].textLen > 0) {
			k++
		}
	}
	return k
}

func (t *tree) goodSibling(n, best *node, threshold float32) bool {
	var bonus float32
	if n.class != 0 && n.class == best.class {
		bonus = best.score * 0.2
	}
	if n.scored && n.score+bonus >= threshold {
		return true
	}
	if n.tag != atom.P && !(paragraphLike(n) && n.tag != atom.Td) {
		return false
	}
	ld := n.linkDensity()
	switch {
	case n.textLen > 80:
		return ld < 0.25
	default:
		return n.textLen > 0 && ld == 0 && n.dots > 0
	}
}

package reuse

import (
	"math"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/evidence"
)

// rarityFloor is the fewest documents rarity assumes a corpus has. In a
// handful of documents every word is "common" (a name three of five
// articles carry has df 3 of 5), which says nothing about how stock a
// phrase is; counting at least this many keeps rarity high there.
const rarityFloor = 1000

// rarityWords is the passage length, in words, whose information a
// shorter passage must match: lowering MinWords admits shorter passages,
// not weaker evidence.
const rarityWords = 8

// dfEntry counts the documents holding one word; last is the last
// document counted, so that a word repeated in a text counts once.
type dfEntry struct {
	df   int32
	last int32
}

// weigh applies phrase rarity: a shared passage is kept only when its
// words carry, together, enough bits of information, a word held by df of
// the corpus's N distinct texts carrying log2(N/df) (its inverse document
// frequency). A stock phrase of common words ("for more than a year":
// about 6 bits in Reuters + BBC) then makes no link at a low MinWords,
// while a phrase with a name or an uncommon word in it, or any long
// passage, stays.
//
// How many bits is enough (o.Rarity 0, the default) is the chance bound:
// if the words of a text were drawn independently, a word in df of N texts
// would be in a random text with probability df/N, so a passage of B bits
// would have all its words in a random text with probability 2^−B. A
// corpus has fewer than N²/2 pairs of texts; a passage of at least
// 2·log2(N) bits is then expected in fewer than half a pair by chance, so
// its sharing is evidence of copying, not of a language's stock phrases.
// N counts at least rarityFloor texts. A positive o.Rarity asks instead
// for that many bits per word over max(MinWords, rarityWords) words; a
// negative one turns rarity off.
//
// Word frequencies, not shingle frequencies: a stock phrase is rare as a
// phrase (the one above is in 8 of 24,000 news texts, as often as a quote
// copied by a handful of sites) but made of common words.
//
// Links that keep no passage are dropped; the others are scored and
// classified again. Cost: one pass over every distinct document's words
// with a map lookup each.
func weigh(docs []doc, links []*pending, o *Options) []*pending {
	if o.Rarity < 0 || len(links) == 0 {
		return links
	}
	df := map[uint64]*dfEntry{}
	for _, l := range links {
		da := &docs[l.a]
		for _, m := range l.matches {
			for _, w := range da.words[m.AStart:m.AEnd] {
				if df[w] == nil {
					df[w] = &dfEntry{last: -1}
				}
			}
		}
	}
	n := 0
	for d := range docs {
		if docs[d].exactOf >= 0 {
			continue // a repeat is its first copy's text: count it once
		}
		n++
		for _, w := range docs[d].words {
			if e := df[w]; e != nil && e.last != int32(d) {
				e.df++
				e.last = int32(d)
			}
		}
	}
	big := float64(max(n, rarityFloor))
	bits := make(map[uint64]float64, len(df))
	for w, e := range df {
		bits[w] = math.Log2(big / float64(max(1, e.df)))
	}
	need := ChanceBits(n)
	if o.Rarity > 0 {
		need = o.Rarity * float64(max(o.Align.MinWords, rarityWords))
	}
	al, _ := evidence.New(&o.Align)
	kept := links[:0]
	for _, l := range links {
		da := &docs[l.a]
		ms := l.matches[:0:0]
		for _, m := range l.matches {
			sum := 0.0
			for _, w := range da.words[m.AStart:m.AEnd] {
				sum += bits[w]
			}
			if sum >= need {
				ms = append(ms, m)
			}
		}
		switch {
		case len(ms) == 0:
			continue
		case len(ms) < len(l.matches):
			db := &docs[l.b]
			ta := &evidence.Text{ID: da.id, Date: da.date, Words: da.words, Hash: da.hash}
			tb := &evidence.Text{ID: db.id, Date: db.date, Words: db.words, Hash: db.hash}
			l.link = al.Link(ta, tb, ms)
			l.matches = ms
			if l.link.Relation == rehash.Unrelated {
				continue
			}
		}
		kept = append(kept, l)
	}
	return kept
}

// ChanceBits is the information, in bits, a shared passage needs by
// default in a corpus of n distinct texts: 2·log2(max(n, 1000)), the
// chance bound (see Options.Rarity). 29.0 bits for the 23,330 texts of
// Reuters + BBC, 19.9 for 1,000 texts or fewer.
func ChanceBits(n int) float64 { return 2 * math.Log2(float64(max(n, rarityFloor))) }

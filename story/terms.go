package story

import (
	"cmp"
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/zeebo/xxh3"
)

// termSeed seeds term hashing. Term hashes never leave a run, but a fixed
// seed keeps every run's tie-breaks (equal weights ordered by hash) the same.
const termSeed = 0x73746f7279000001 // "story" + 1

// Bag is a document's terms with their weighted counts, before any idf:
// an occurrence counts Options.TitleBoost in the title, Options.LeadBoost
// in the lead, 1 elsewhere, times Options.NameBoost for a name or a number.
// Terms are sorted.
type Bag struct {
	Terms  []uint64
	Counts []float32
}

// Analyzer turns documents into Bags. It is not safe for concurrent use:
// make one per goroutine.
type Analyzer struct {
	o     *Options
	words map[uint64]string // this analyzer's part of the Dictionary, or nil
	occ   []occurrence
	arena []byte // the lower-cased words of occ
	lower []byte
}

// occurrence is one word of a document: its term, its weight, and where
// its lower-cased form is in the arena.
type occurrence struct {
	t          uint64
	w          float32
	start, end int32
}

// NewAnalyzer returns an analyzer with the options' boosts that records
// the words it sees in dict (which may be nil).
func NewAnalyzer(opts *Options, dict *Dictionary) *Analyzer {
	o := opts.withDefaults()
	a := &Analyzer{o: &o}
	if dict != nil {
		a.words = dict.part()
	}
	return a
}

// Bag returns the bag of words of a document with the given title and
// text, of which the first Options.MaxWords words are read. The lead is
// the first Options.LeadWords words of the text.
//
// The words are gathered in a slice and sorted rather than counted in a
// map: for the few hundred distinct words of an article that is faster,
// and it costs nothing to reset.
func (a *Analyzer) Bag(title, text []byte) Bag {
	a.occ, a.arena = a.occ[:0], a.arena[:0]
	a.add(title, a.o.TitleBoost, -1)
	a.add(text, 1, a.o.LeadWords)
	slices.SortFunc(a.occ, func(x, y occurrence) int { return cmp.Compare(x.t, y.t) })
	var b Bag
	for i := 0; i < len(a.occ); {
		o := a.occ[i]
		w := float32(0)
		j := i
		for ; j < len(a.occ) && a.occ[j].t == o.t; j++ {
			w += a.occ[j].w
		}
		b.Terms = append(b.Terms, o.t)
		b.Counts = append(b.Counts, w)
		if a.words != nil {
			if _, ok := a.words[o.t]; !ok {
				a.words[o.t] = string(a.arena[o.start:o.end])
			}
		}
		i = j
	}
	return b
}

// add counts the words of s. The first lead words (all if lead < 0) count
// LeadBoost times base, the rest base.
func (a *Analyzer) add(s []byte, base float32, lead int) {
	words := 0
	sentenceStart := true
	for i := 0; i < len(s) && words < a.o.MaxWords; {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRune(s[i:])
		}
		if !isWordRune(r) {
			switch r {
			case '.', '!', '?', '\n', ':', '"':
				sentenceStart = true
			}
			i += n
			continue
		}
		start := i
		upper, digit := unicode.IsUpper(r), false
		a.lower = a.lower[:0]
		for i < len(s) {
			r, n = rune(s[i]), 1
			if r >= utf8.RuneSelf {
				r, n = utf8.DecodeRune(s[i:])
			}
			if !isWordRune(r) {
				break
			}
			if r < utf8.RuneSelf {
				if 'A' <= r && r <= 'Z' {
					r += 'a' - 'A'
				} else if '0' <= r && r <= '9' {
					digit = true
				}
				a.lower = append(a.lower, byte(r))
			} else {
				a.lower = utf8.AppendRune(a.lower, unicode.ToLower(r))
			}
			i += n
		}
		atStart := sentenceStart
		sentenceStart = false
		words++
		// One-letter words carry nothing; very long "words" are encoded
		// data, URLs or ids, which would only bloat the vocabulary.
		if l := i - start; l < 2 || l > maxWordBytes || isStopword(a.lower) {
			continue
		}
		w := base
		if lead < 0 || words <= lead {
			w *= a.o.LeadBoost
		}
		// A capital letter away from the start of a sentence marks a name
		// (a person, a place, an organisation); digits a number, a date or
		// a score. Both tell one event from another of the same kind.
		if digit || (upper && !atStart) {
			w *= a.o.NameBoost
		}
		a.lower = stem(a.lower)
		at := int32(len(a.arena))
		a.arena = append(a.arena, a.lower...)
		a.occ = append(a.occ, occurrence{xxh3.HashSeed(a.lower, termSeed), w, at, int32(len(a.arena))})
	}
}

const maxWordBytes = 24

// stem takes the plural off an English word, by the rules of Harman's
// S-stemmer (1991): "-ies" to "-y", "-es" to "-e", "-s" to nothing, with
// exceptions for "-aies", "-eies", "-aes", "-ees", "-oes", "-us", "-ss". A
// headline says "sanctions" where the next says "sanction"; plurals are
// the commonest such variation, and taking them off is about the only
// stemming that rarely joins unrelated words.
func stem(w []byte) []byte {
	n := len(w)
	if n <= 3 || w[n-1] != 's' {
		return w
	}
	switch {
	case hasSuffix(w, "ies") && !hasSuffix(w, "eies") && !hasSuffix(w, "aies"):
		w = append(w[:n-3], 'y')
	case hasSuffix(w, "es") && !hasSuffix(w, "aes") && !hasSuffix(w, "ees") && !hasSuffix(w, "oes"):
		w = w[:n-1]
	case !hasSuffix(w, "us") && !hasSuffix(w, "ss"):
		w = w[:n-1]
	}
	return w
}

func hasSuffix(w []byte, s string) bool {
	return len(w) >= len(s) && string(w[len(w)-len(s):]) == s
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// Dictionary maps term hashes back to words, for the labels of stories.
// Each Analyzer fills a part of its own, without locks; Word looks in
// every part. It is safe for concurrent use.
type Dictionary struct {
	mu    sync.Mutex
	parts []map[uint64]string
}

// NewDictionary returns an empty dictionary.
func NewDictionary() *Dictionary { return &Dictionary{} }

func (d *Dictionary) part() map[uint64]string {
	m := map[uint64]string{}
	d.mu.Lock()
	d.parts = append(d.parts, m)
	d.mu.Unlock()
	return m
}

// Word returns the word a term hash stands for, or "" if unknown. Call it
// once the analyzers are done.
func (d *Dictionary) Word(h uint64) string {
	if d == nil {
		return ""
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, m := range d.parts {
		if w, ok := m[h]; ok {
			return w
		}
	}
	return ""
}

// Len returns the number of entries held, over all parts (a word seen by
// two analyzers counts twice).
func (d *Dictionary) Len() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := 0
	for _, m := range d.parts {
		n += len(m)
	}
	return n
}

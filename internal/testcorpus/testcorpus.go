// Package testcorpus generates corpora with planted duplicates for tests:
// base documents of random made-up words, copies of some of them edited at
// known word rates (substitutions mostly, some insertions and deletions, as
// an editor would), and exact copies that differ from their original only
// in case and spacing. The same Config gives the same corpus on every run
// and machine; the text is generated, never taken from a real corpus.
//
//	docs := testcorpus.Generate(testcorpus.Config{Seed: 7, Bases: 200, Copies: 300})
//	path := testcorpus.WriteJSONL(t, docs) // {"id": ..., "text": ...} lines
//
// dedup, index and eval tests share it, so that a test of one stage and a
// test of another mean the same thing by "a planted near-duplicate".
package testcorpus

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rehashdev/rehash"
)

// Doc is a generated document.
type Doc struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// DefaultRates are the word edit rates of edited copies: from untouched to
// about one word in twelve changed.
var DefaultRates = []float64{0, 0.005, 0.01, 0.02, 0.03, 0.05, 0.08}

// Config shapes a corpus. Zero fields take the defaults.
type Config struct {
	// Seed chooses the corpus.
	Seed uint64
	// Bases is the number of base documents. Default 200.
	Bases int
	// Copies is the number of edited copies, each of a base chosen at
	// random, at a rate from Rates. A third of them also differ in case
	// and end with a full stop. Default 300; negative for none.
	Copies int
	// Exact is the number of exact copies (of any document before them),
	// differing only in case and spacing. Default 0.
	Exact int
	// Rates are the word edit rates of copies. Default DefaultRates.
	Rates []float64
	// Vocabulary is the number of made-up words. Default 5000.
	Vocabulary int
	// MinWords and MaxWords bound a base document's length. Default 20
	// and 419.
	MinWords, MaxWords int
	// NoShort leaves out the very short bases (3 to 12 words, a tenth of
	// them by default) that test texts shorter than a few shingles.
	NoShort bool
	// Zipf draws words with Zipf frequencies (s = 1.05), as natural text
	// has them, instead of uniformly: common words make chance overlaps.
	Zipf bool
	// Shuffle mixes copies among the bases instead of listing them after.
	Shuffle bool
}

// Generate returns the corpus: the bases ("base-0000" ...), then the
// edited copies ("copy-0000-of-0012" ...), then the exact copies
// ("exact-0000-of-..."), unless Shuffle mixes them.
func Generate(c Config) []Doc {
	if c.Bases <= 0 {
		c.Bases = 200
	}
	if c.Copies < 0 {
		c.Copies = 0
	} else if c.Copies == 0 {
		c.Copies = 300
	}
	if len(c.Rates) == 0 {
		c.Rates = DefaultRates
	}
	if c.Vocabulary <= 0 {
		c.Vocabulary = 5000
	}
	if c.MinWords <= 0 {
		c.MinWords = 20
	}
	if c.MaxWords < c.MinWords {
		c.MaxWords = max(c.MinWords, 419)
	}
	rng := rand.New(rand.NewPCG(c.Seed, c.Seed^0xabcdef))
	vocab := vocabulary(rng, c.Vocabulary)
	word := func() string { return vocab[rng.IntN(len(vocab))] }
	if c.Zipf {
		z := rand.NewZipf(rng, 1.05, 2, uint64(len(vocab)-1))
		word = func() string { return vocab[z.Uint64()] }
	}

	var docs []Doc
	var bases [][]string
	for i := range c.Bases {
		n := c.MinWords + rng.IntN(c.MaxWords-c.MinWords+1)
		if !c.NoShort && rng.IntN(10) == 0 {
			n = 3 + rng.IntN(10)
		}
		w := make([]string, n)
		for j := range w {
			w[j] = word()
		}
		bases = append(bases, w)
		docs = append(docs, Doc{fmt.Sprintf("base-%04d", i), strings.Join(w, " ")})
	}
	for i := range c.Copies {
		b := rng.IntN(c.Bases)
		rate := c.Rates[rng.IntN(len(c.Rates))]
		w := Edit(rng, bases[b], word, rate)
		if len(w) == 0 {
			w = []string{"x"}
		}
		text := strings.Join(w, " ")
		if rng.IntN(3) == 0 {
			text = strings.ToUpper(text[:1]) + text[1:] + "." // case and punctuation do not count
		}
		docs = append(docs, Doc{fmt.Sprintf("copy-%04d-of-%04d", i, b), text})
	}
	for i := range c.Exact {
		src := docs[rng.IntN(len(docs))]
		text := "  " + strings.ToUpper(src.Text[:1]) + strings.ReplaceAll(src.Text[1:], " ", "\n ")
		docs = append(docs, Doc{fmt.Sprintf("exact-%04d-of-%s", i, src.ID), text})
	}
	if c.Shuffle {
		rng.Shuffle(len(docs), func(i, j int) { docs[i], docs[j] = docs[j], docs[i] })
	}
	return docs
}

// vocabulary makes n words of 3 to 9 random letters.
func vocabulary(rng *rand.Rand, n int) []string {
	const letters = "abcdefghijklmnopqrstuvwxyz"
	words := make([]string, n)
	for i := range words {
		b := make([]byte, 3+rng.IntN(7))
		for j := range b {
			b[j] = letters[rng.IntN(len(letters))]
		}
		words[i] = string(b)
	}
	return words
}

// Edit changes about rate of the words: each word is, with probability
// rate, deleted (a quarter of the time), followed by an inserted word (a
// quarter) or replaced (half).
func Edit(rng *rand.Rand, words []string, word func() string, rate float64) []string {
	out := make([]string, 0, len(words)+4)
	for _, w := range words {
		if rng.Float64() >= rate {
			out = append(out, w)
			continue
		}
		switch rng.IntN(4) {
		case 0: // delete
		case 1: // insert
			out = append(out, w, word())
		default: // substitute
			out = append(out, word())
		}
	}
	return out
}

// WriteJSONL writes docs as JSON Lines ({"id", "text"}) to a file in a
// temporary directory of t and returns its path.
func WriteJSONL(t testing.TB, docs []Doc) string {
	t.Helper()
	var b strings.Builder
	enc := json.NewEncoder(&b)
	for _, d := range docs {
		if err := enc.Encode(d); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "corpus.jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// Documents returns docs as rehash.Documents, for the in-memory APIs.
func Documents(docs []Doc) []rehash.Document {
	out := make([]rehash.Document, len(docs))
	for i, d := range docs {
		out[i] = rehash.Document{ID: d.ID, Text: []byte(d.Text)}
	}
	return out
}

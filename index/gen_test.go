package index

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// genDoc is a generated document.
type genDoc struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// generate makes n documents over a small vocabulary with planted near
// duplicates: edited copies of earlier documents (a few words replaced,
// inserted or dropped), exact copies differing only in case and spacing,
// and extended copies, so that pairs fall on both sides of any threshold.
func generate(seed uint64, n int) []genDoc {
	rng := rand.New(rand.NewPCG(seed, 0x1dea))
	vocab := make([]string, 3000)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("w%x%c", i, 'a'+rune(i%26))
	}
	word := func() string { return vocab[rng.IntN(len(vocab))] }
	docs := make([]genDoc, 0, n)
	words := make([][]string, 0, n)
	for i := range n {
		var w []string
		if i > 0 && rng.IntN(3) == 0 {
			src := words[rng.IntN(len(words))]
			w = append([]string(nil), src...)
			switch rng.IntN(4) {
			case 0: // exact copy, different surface
				words = append(words, w)
				docs = append(docs, genDoc{fmt.Sprintf("d%04d", i), strings.ToUpper(strings.Join(w, "  "))})
				continue
			case 1: // extended
				for range rng.IntN(30) {
					w = append(w, word())
				}
			default: // edited: 1 to 12 edits
				for range 1 + rng.IntN(12) {
					p := rng.IntN(len(w))
					switch rng.IntN(3) {
					case 0:
						w[p] = word()
					case 1:
						w = append(w[:p], append([]string{word()}, w[p:]...)...)
					default:
						if len(w) > 10 {
							w = append(w[:p], w[p+1:]...)
						}
					}
				}
			}
		} else {
			for range 40 + rng.IntN(160) {
				w = append(w, word())
			}
		}
		words = append(words, w)
		docs = append(docs, genDoc{fmt.Sprintf("d%04d", i), strings.Join(w, " ")})
	}
	return docs
}

func writeJSONL(t testing.TB, docs []genDoc) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "corpus.jsonl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	enc := json.NewEncoder(f)
	for _, d := range docs {
		if err := enc.Encode(d); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

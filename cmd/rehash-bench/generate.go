package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
)

// generate writes n generated JSON Lines documents to path, for measuring
// out-of-core dedup at sizes no real corpus here has. The text is made
// for the purpose: words of a synthetic 50,000-word vocabulary drawn with
// Zipf frequencies, in sentences with capitals, commas and full stops;
// lengths log-normal around 90 words (mean about 135, a long tail up to
// 5,000), close to newswire. About 3% of documents are exact copies and 5%
// edited copies (1-5% of words changed) of one of the previous 10,000, so
// LSH has real work. The same n and seed give the same file.
func generate(path string, n int, seed uint64, stderr io.Writer) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 4<<20)
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	vocab := make([]string, 50000)
	const letters = "etaoinshrdlcumwfgypbvkjxqz"
	for i := range vocab {
		b := make([]byte, 2+int(math.Min(10, rng.ExpFloat64()*3)))
		for j := range b {
			b[j] = letters[min(len(letters)-1, int(rng.ExpFloat64()*6))]
		}
		vocab[i] = string(b)
	}
	zipf := rand.NewZipf(rand.New(rand.NewPCG(seed+1, seed)), 1.1, 2, uint64(len(vocab)-1))
	const window = 10000
	recent := make([][]string, window)
	recentText := make([]string, window)
	var words []string
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	type doc struct {
		ID   string `json:"id"`
		Text string `json:"text"`
	}
	var text []byte
	for i := range n {
		switch r := rng.Float64(); {
		case i > 100 && r < 0.03:
			j := rng.IntN(min(i, window))
			recent[i%window] = append(recent[i%window][:0], recent[j]...)
			recentText[i%window] = recentText[j]
			if err := enc.Encode(doc{ID: fmt.Sprintf("gen-%08d", i), Text: recentText[j]}); err != nil {
				f.Close()
				return err
			}
			continue
		case i > 100 && r < 0.08:
			src := recent[rng.IntN(min(i, window))]
			rate := 0.01 + 0.04*rng.Float64()
			words = words[:0]
			for _, wd := range src {
				if rng.Float64() < rate {
					words = append(words, vocab[zipf.Uint64()])
					continue
				}
				words = append(words, wd)
			}
		default:
			l := int(math.Exp(math.Log(90) + 0.9*rng.NormFloat64()))
			l = max(3, min(5000, l))
			words = words[:0]
			for range l {
				words = append(words, vocab[zipf.Uint64()])
			}
		}
		recent[i%window] = append(recent[i%window][:0], words...)
		text = text[:0]
		sentence := 0
		for j, wd := range words {
			if j > 0 {
				text = append(text, ' ')
			}
			if sentence == 0 {
				text = append(text, wd[0]-'a'+'A')
				text = append(text, wd[1:]...)
			} else {
				text = append(text, wd...)
			}
			sentence++
			switch {
			case sentence > 8 && rng.IntN(8) == 0, j == len(words)-1:
				text = append(text, '.')
				sentence = 0
			case rng.IntN(15) == 0:
				text = append(text, ',')
			}
		}
		recentText[i%window] = string(text)
		if err := enc.Encode(doc{ID: fmt.Sprintf("gen-%08d", i), Text: recentText[i%window]}); err != nil {
			f.Close()
			return err
		}
		if (i+1)%1000000 == 0 {
			fmt.Fprintf(stderr, "rehash-bench: generated %d documents\n", i+1)
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

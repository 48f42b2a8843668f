package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
)

// generate writes n generated JSON Lines documents to path, for measuring
// out-of-core dedup at sizes no real corpus here has. The text is made
// for the purpose: words of a synthetic 50,000-word vocabulary (lowercase
// ASCII letters) drawn with Zipf frequencies (exponent 1.1), in sentences
// with capitals, commas and full stops; lengths log-normal around 50 words
// (mean about 75, about 430 bytes; a tail up to 5,000 words). About 3% of
// documents are exact copies and 5% edited copies (1-5% of words
// replaced) of one of the previous 10,000, so LSH has real work. The text
// needs no JSON escaping, so it is written directly. The same n and seed
// give the same file.
func generate(path string, n int, seed uint64, stderr io.Writer) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 4<<20)
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	vocab := make([][]byte, 50000)
	const letters = "etaoinshrdlcumwfgypbvkjxqz"
	for i := range vocab {
		b := make([]byte, 2+int(math.Min(10, rng.ExpFloat64()*3)))
		for j := range b {
			b[j] = letters[min(len(letters)-1, int(rng.ExpFloat64()*6))]
		}
		vocab[i] = b
	}
	// Zipf by inverse CDF: one uniform draw and a binary search a word.
	cdf := make([]float64, len(vocab))
	total := 0.0
	for i := range cdf {
		total += math.Pow(float64(i+2), -1.1)
		cdf[i] = total
	}
	word := func() []byte {
		i, _ := slices.BinarySearch(cdf, rng.Float64()*total)
		return vocab[min(i, len(vocab)-1)]
	}
	const window = 10000
	recent := make([][][]byte, window)
	recentText := make([][]byte, window)
	var words [][]byte
	for i := range n {
		slot := i % window
		switch r := rng.Float64(); {
		case i > 100 && r < 0.03:
			j := rng.IntN(min(i, window))
			recent[slot] = append(recent[slot][:0], recent[j]...)
			recentText[slot] = append(recentText[slot][:0], recentText[j]...)
		default:
			if i > 100 && r < 0.08 {
				src := recent[rng.IntN(min(i, window))]
				rate := 0.01 + 0.04*rng.Float64()
				words = words[:0]
				for _, wd := range src {
					if rng.Float64() < rate {
						wd = word()
					}
					words = append(words, wd)
				}
			} else {
				l := int(math.Exp(math.Log(50) + 0.9*rng.NormFloat64()))
				l = max(3, min(5000, l))
				words = words[:0]
				for range l {
					words = append(words, word())
				}
			}
			recent[slot] = append(recent[slot][:0], words...)
			text := recentText[slot][:0]
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
			recentText[slot] = text
		}
		w.WriteString(`{"id":"gen-`)
		var num [20]byte
		id := strconv.AppendInt(num[:0], int64(i), 10)
		for range 8 - len(id) {
			w.WriteByte('0')
		}
		w.Write(id)
		w.WriteString(`","text":"`)
		w.Write(recentText[slot])
		if _, err := w.WriteString("\"}\n"); err != nil {
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

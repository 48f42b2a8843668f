// Package graded builds a graded-reuse evaluation from a news corpus and
// measures how well the evidence scores and relations separate reused
// texts from independent ones.
//
// Each pair is a source document and a derived text of one grade:
//
//	verbatim     a contiguous cut of 30-70% of the source's words, unchanged
//	light        the whole source with light edits: each word, with
//	             probability 0.08, replaced by a word from another
//	             document, deleted, doubled with an inserted word, or
//	             swapped with the next
//	heavy        the source with the same edits at probability 0.3, a third
//	             of its sentences dropped and the rest shuffled
//	independent  another document of the same topic (not a copy: a
//	             different text and a different first line)
//
// The edit model is deliberately mechanical: words are replaced by other
// corpus words, not by synonyms, so a light edit is harder on shingles
// than a human's light rewrite and as hard on alignment. Everything is
// drawn from one seeded generator, so a seed and a corpus give the same
// pairs.
package graded

import (
	"bufio"
	"cmp"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
)

// Grades, in order.
var Grades = []string{"verbatim", "light", "heavy", "independent"}

// Doc is a corpus document.
type Doc struct {
	ID    string `json:"id"`
	Text  string `json:"text"`
	Topic string `json:"topic,omitempty"`
}

// Pair is a source and a derived text of one grade.
type Pair struct {
	Grade   string `json:"grade"`
	Source  Doc    `json:"source"`
	Derived Doc    `json:"derived"`
}

// Read reads a JSON Lines corpus (gzip-compressed when the name ends in
// .gz), taking the topic from topicField.
func Read(path, topicField string) ([]Doc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return nil, err
		}
		r = gz
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	var docs []Doc
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			return nil, fmt.Errorf("graded: %s: %w", path, err)
		}
		d := Doc{}
		d.ID, _ = m["id"].(string)
		d.Text, _ = m["text"].(string)
		switch t := m[topicField].(type) {
		case string:
			d.Topic = t
		case []any: // Reuters' topics: the first one
			if len(t) > 0 {
				d.Topic, _ = t[0].(string)
			}
		}
		if d.ID != "" && d.Text != "" {
			docs = append(docs, d)
		}
	}
	return docs, sc.Err()
}

// minWords is the shortest source used: shorter texts make cuts of a
// sentence or two.
const minWords = 150

// Generate draws perGrade pairs of each grade from docs with the given
// seed.
func Generate(docs []Doc, perGrade int, seed uint64) ([]Pair, error) {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var sources []int
	byTopic := map[string][]int{}
	for i, d := range docs {
		if len(strings.Fields(d.Text)) >= minWords {
			sources = append(sources, i)
		}
		byTopic[d.Topic] = append(byTopic[d.Topic], i)
	}
	if len(sources) < 2 {
		return nil, fmt.Errorf("graded: %d documents of %d words or more; want at least 2", len(sources), minWords)
	}
	word := func() string {
		w := strings.Fields(docs[sources[rng.IntN(len(sources))]].Text)
		return w[rng.IntN(len(w))]
	}
	var pairs []Pair
	for _, g := range Grades {
		for k := 0; k < perGrade; k++ {
			src := docs[sources[rng.IntN(len(sources))]]
			p := Pair{Grade: g, Source: src}
			p.Derived.ID = fmt.Sprintf("%s-%03d", g, k)
			p.Derived.Topic = src.Topic
			switch g {
			case "verbatim":
				w := strings.Fields(src.Text)
				n := len(w) * (30 + rng.IntN(41)) / 100
				start := rng.IntN(len(w) - n + 1)
				p.Derived.Text = strings.Join(w[start:start+n], " ")
			case "light":
				p.Derived.Text = edit(rng, sentences(src.Text), 0.08, word)
			case "heavy":
				ss := sentences(src.Text)
				rng.Shuffle(len(ss), func(i, j int) { ss[i], ss[j] = ss[j], ss[i] })
				ss = ss[:max(1, len(ss)*2/3)]
				p.Derived.Text = edit(rng, ss, 0.3, word)
			case "independent":
				same := byTopic[src.Topic]
				ok := false
				for try := 0; try < 50 && !ok; try++ {
					o := docs[same[rng.IntN(len(same))]]
					if o.ID != src.ID && o.Text != src.Text && firstLine(o.Text) != firstLine(src.Text) {
						p.Derived = o
						ok = true
					}
				}
				if !ok {
					k-- // a topic of copies only: draw another source
					continue
				}
			}
			pairs = append(pairs, p)
		}
	}
	return pairs, nil
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.ToLower(strings.TrimSpace(s))
}

// sentences splits text at ". " and line ends, keeping the periods.
func sentences(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		for _, s := range strings.SplitAfter(line, ". ") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// edit applies word edits at rate p to the sentences and joins them.
func edit(rng *rand.Rand, ss []string, p float64, word func() string) string {
	var b strings.Builder
	for _, s := range ss {
		w := strings.Fields(s)
		var out []string
		for i := 0; i < len(w); i++ {
			if rng.Float64() >= p {
				out = append(out, w[i])
				continue
			}
			switch rng.IntN(4) {
			case 0: // replace
				out = append(out, word())
			case 1: // delete
			case 2: // insert
				out = append(out, w[i], word())
			case 3: // swap with the next
				if i+1 < len(w) {
					out = append(out, w[i+1], w[i])
					i++
				} else {
					out = append(out, w[i])
				}
			}
		}
		b.WriteString(strings.Join(out, " "))
		b.WriteString("\n")
	}
	return b.String()
}

// AUC is the area under the ROC curve of scores for positives against
// negatives (ties count half): the chance that a random reused pair
// scores above a random independent one.
func AUC(pos, neg []float64) float64 {
	if len(pos) == 0 || len(neg) == 0 {
		return 0
	}
	neg = slices.Clone(neg)
	slices.Sort(neg)
	sum := 0.0
	for _, p := range pos {
		lo, _ := slices.BinarySearchFunc(neg, p, func(x, t float64) int { return cmp.Compare(x, t) })
		hi := lo
		for hi < len(neg) && neg[hi] == p {
			hi++
		}
		sum += float64(lo) + float64(hi-lo)/2
	}
	return sum / float64(len(pos)*len(neg))
}

// Package graded builds a graded-reuse evaluation from a news corpus and
// measures how well the evidence scores and relations separate reused
// texts from independent ones, against naive baselines.
//
// Each pair is a source document and a derived text of one grade. The
// grades imitate what people do, not random noise:
//
//	verbatim     an excerpt of 10-90% of the source's sentences, unchanged,
//	             alone or (half the time) between sentences of another
//	             text of the topic: a quote in a longer article
//	light        the whole source lightly rewritten: about one word in
//	             twelve replaced by a synonym (a project-written list of
//	             common news words), one word pair in forty swapped, one
//	             sentence in ten dropped, neighbouring sentences swapped,
//	             and the clauses of one sentence in five reordered or one of
//	             them dropped
//	heavy        a rewrite that keeps only some of the source: 10-40% of
//	             its sentences, rewritten as above at twice the rates,
//	             mixed among all the sentences of another text of the same
//	             topic (0-4 of them before each kept one)
//	independent  another text of the same topic that shares the source's
//	             names and stock phrases but no passage: half of its
//	             capitalised words are replaced by the source's names, and
//	             four short runs (4-7 words) of the source are put into
//	             it, as two reports of one event share a title, a
//	             minister's name and a stock phrase, but no sentence
//
// Everything is drawn from one seeded generator, so a seed and a corpus
// give the same pairs.
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
	"unicode"
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

// synonyms are pairs of common news words a light rewrite swaps, written
// for the project.
var synonyms = map[string]string{}

func init() {
	for _, p := range strings.Split("said:stated,says:states,told:informed,added:noted,also:too,big:large,large:big,small:little,"+
		"rise:increase,rose:increased,fall:decline,fell:declined,cut:reduce,buy:purchase,bought:purchased,sell:market,"+
		"sold:marketed,help:assist,start:begin,started:began,end:finish,ended:finished,show:reveal,shows:reveals,"+
		"expected:anticipated,about:around,because:as,but:however,many:numerous,people:persons,company:firm,"+
		"companies:firms,government:administration,plan:proposal,plans:proposals,new:fresh,major:leading,"+
		"important:significant,need:require,needs:requires,get:obtain,make:create,made:created,use:employ,"+
		"used:employed,before:prior to,after:following,against:versus,quickly:rapidly,strong:robust,weak:feeble,"+
		"problem:issue,problems:issues,deal:agreement,talks:negotiations,official:spokesman,officials:spokesmen,"+
		"however:but,while:whereas,should:ought to,could:might,would:will,year:twelve months,week:seven days,"+
		"percent:per cent,pct:percent,mln:million,billion:bln,month:four weeks,today:this day,think:believe,"+
		"thinks:believes,want:wish,wants:wishes,hard:difficult,chance:opportunity,key:crucial,firm:company", ",") {
		kv := strings.SplitN(p, ":", 2)
		synonyms[kv[0]] = kv[1]
	}
}

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
	// other returns another text of src's topic (not a copy of it, not
	// with its first line), or false.
	other := func(src Doc) (Doc, bool) {
		same := byTopic[src.Topic]
		for try := 0; try < 50; try++ {
			o := docs[same[rng.IntN(len(same))]]
			if o.ID != src.ID && o.Text != src.Text && firstLine(o.Text) != firstLine(src.Text) {
				return o, true
			}
		}
		return Doc{}, false
	}
	var pairs []Pair
	for _, g := range Grades {
		for k := 0; k < perGrade; k++ {
			src := docs[sources[rng.IntN(len(sources))]]
			p := Pair{Grade: g, Source: src}
			p.Derived.ID = fmt.Sprintf("%s-%03d", g, k)
			p.Derived.Topic = src.Topic
			o, ok := other(src)
			if !ok {
				k-- // a topic of copies only: draw another source
				continue
			}
			ss := sentences(src.Text)
			switch g {
			case "verbatim":
				n := max(1, len(ss)*(10+rng.IntN(81))/100)
				start := rng.IntN(len(ss) - n + 1)
				cut := ss[start : start+n]
				if rng.IntN(2) == 0 {
					cut = mix(rng, cut, sentences(o.Text), false)
				}
				p.Derived.Text = strings.Join(cut, "\n")
			case "light":
				p.Derived.Text = strings.Join(rewrite(rng, ss, 1), "\n")
			case "heavy":
				keep := pick(rng, ss, 10+rng.IntN(31))
				p.Derived.Text = strings.Join(mix(rng, rewrite(rng, keep, 2), sentences(o.Text), true), "\n")
			case "independent":
				p.Derived = o
				p.Derived.Text = sameEvent(rng, src.Text, o.Text)
			}
			pairs = append(pairs, p)
		}
	}
	return pairs, nil
}

// pick keeps about pct% of the sentences (at least one), in order.
func pick(rng *rand.Rand, ss []string, pct int) []string {
	var out []string
	for _, s := range ss {
		if rng.IntN(100) < pct {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		out = append(out, ss[rng.IntN(len(ss))])
	}
	return out
}

// mix puts the sentences of ours among theirs: a block of a few of theirs
// before and after (a quote inside an article), or, interleaved, ours one
// by one between runs of theirs, all of theirs used (a rewrite that keeps
// some sentences).
func mix(rng *rand.Rand, ours, theirs []string, interleave bool) []string {
	if !interleave {
		n := min(len(theirs), 2+rng.IntN(6))
		head := n / 2
		out := append([]string{}, theirs[:head]...)
		out = append(out, ours...)
		return append(out, theirs[head:n]...)
	}
	var out []string
	t := 0
	for _, s := range ours {
		for r := rng.IntN(5); r > 0 && t < len(theirs); r-- {
			out = append(out, theirs[t])
			t++
		}
		out = append(out, s)
	}
	return append(out, theirs[t:]...)
}

// rewrite lightly rewrites sentences, at rate scale: synonyms, swapped
// words, dropped and swapped sentences, reordered or dropped clauses.
func rewrite(rng *rand.Rand, ss []string, scale float64) []string {
	var out []string
	for _, s := range ss {
		if rng.Float64() < 0.1*scale && len(ss) > 3 {
			continue // a sentence dropped
		}
		if rng.Float64() < 0.2*scale {
			cl := strings.Split(s, ", ")
			if len(cl) > 1 {
				if rng.IntN(2) == 0 {
					i := rng.IntN(len(cl) - 1)
					cl[i], cl[i+1] = cl[i+1], cl[i]
				} else {
					i := rng.IntN(len(cl))
					cl = append(cl[:i:i], cl[i+1:]...)
				}
				s = strings.Join(cl, ", ")
			}
		}
		w := strings.Fields(s)
		for i := 0; i < len(w); i++ {
			lw := strings.ToLower(strings.Trim(w[i], ".,;:\"'"))
			if syn, ok := synonyms[lw]; ok && rng.Float64() < 0.5*scale {
				w[i] = strings.Replace(w[i], lw, syn, 1)
			} else if rng.Float64() < 0.025*scale && i+1 < len(w) {
				w[i], w[i+1] = w[i+1], w[i]
				i++
			}
		}
		out = append(out, strings.Join(w, " "))
	}
	for i := 0; i+1 < len(out); i++ {
		if rng.Float64() < 0.1*scale {
			out[i], out[i+1] = out[i+1], out[i]
			i++
		}
	}
	return out
}

// sameEvent makes theirs a report of the source's event: half of its
// capitalised words (past the first) become the source's names, and four
// short runs of the source's words (4-7, shorter than a passage of 8) go
// into it, between sentences.
func sameEvent(rng *rand.Rand, src, theirs string) string {
	var names []string
	sw := strings.Fields(src)
	for i, w := range sw {
		if i > 0 && w != "" && unicode.IsUpper([]rune(w)[0]) {
			names = append(names, strings.Trim(w, ".,;:\"'()"))
		}
	}
	ts := sentences(theirs)
	for k, s := range ts {
		w := strings.Fields(s)
		for i := 1; i < len(w); i++ {
			if len(names) > 0 && unicode.IsUpper([]rune(w[i])[0]) && rng.IntN(2) == 0 {
				w[i] = names[rng.IntN(len(names))]
			}
		}
		ts[k] = strings.Join(w, " ")
	}
	for range 4 {
		n := 4 + rng.IntN(4)
		if len(sw) <= n {
			break
		}
		i := rng.IntN(len(sw) - n)
		at := rng.IntN(len(ts) + 1)
		ts = slices.Insert(ts, at, strings.Join(sw[i:i+n], " ")+".")
	}
	return strings.Join(ts, "\n")
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

// words are a text's lower-cased runs of letters and digits: the naive
// baselines' tokens.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// Containment is the naive baseline: the share of b's distinct word
// n-grams (lower-cased runs of letters and digits) that a holds. n 1 is
// unigram containment.
func Containment(a, b string, n int) float64 {
	grams := func(s string) map[string]bool {
		w := words(s)
		m := map[string]bool{}
		for i := 0; i+n <= len(w); i++ {
			m[strings.Join(w[i:i+n], " ")] = true
		}
		return m
	}
	ga, gb := grams(a), grams(b)
	if len(gb) == 0 {
		return 0
	}
	in := 0
	for g := range gb {
		if ga[g] {
			in++
		}
	}
	return float64(in) / float64(len(gb))
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

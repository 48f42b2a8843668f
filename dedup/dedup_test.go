package dedup

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rehashdev/rehash/cluster"
	"github.com/rehashdev/rehash/ingest"
	"github.com/rehashdev/rehash/internal/testcorpus"
	"github.com/rehashdev/rehash/shingle"
	"github.com/rehashdev/rehash/signature"
	"github.com/rehashdev/rehash/textnorm"
	"github.com/rehashdev/rehash/verify"
)

// corpus is generated text with planted near-duplicates (package
// internal/testcorpus): base documents of random words, and copies of
// some of them with a known share of words replaced, inserted or deleted.
type corpus struct {
	ids   []string
	texts []string
}

func plantedCorpus(seed uint64, bases, copies int) *corpus {
	c := &corpus{}
	for _, d := range testcorpus.Generate(testcorpus.Config{Seed: seed, Bases: bases, Copies: copies}) {
		c.ids = append(c.ids, d.ID)
		c.texts = append(c.texts, d.Text)
	}
	return c
}

func (c *corpus) writeJSONL(t testing.TB, order []int) string {
	t.Helper()
	var buf bytes.Buffer
	for _, i := range order {
		line, _ := json.Marshal(map[string]string{"id": c.ids[i], "text": c.texts[i]})
		buf.Write(line)
		buf.WriteByte('\n')
	}
	p := filepath.Join(t.TempDir(), "corpus.jsonl")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func identity(n int) []int {
	o := make([]int, n)
	for i := range o {
		o[i] = i
	}
	return o
}

// exactSets computes every document's shingle set the way the pipeline
// does, independently of it.
func exactSets(c *corpus, k int) [][]uint64 {
	n := textnorm.New()
	s := shingle.New(shingle.Options{K: k, Seed: DefaultSeed})
	sets := make([][]uint64, len(c.texts))
	for i, t := range c.texts {
		sets[i] = shingle.Set(s.Append(nil, n.Append(nil, []byte(t))))
	}
	return sets
}

// TestAgainstBruteForce holds the LSH pipeline against brute-force
// all-pairs exact Jaccard on generated text with planted near-duplicates:
// no reported pair may fall below the threshold, and recall must be at
// least 0.98 for the pairs whose true Jaccard is at least threshold+0.05.
func TestAgainstBruteForce(t *testing.T) {
	for _, tc := range []struct {
		seed      uint64
		threshold float64
	}{{1, 0.8}, {2, 0.7}, {3, 0.9}, {4, 0.5}} {
		t.Run(fmt.Sprint(tc.threshold), func(t *testing.T) {
			c := plantedCorpus(tc.seed, 300, 500)
			path := c.writeJSONL(t, identity(len(c.ids)))
			res, err := Run(context.Background(), []string{path}, &Options{Params: signature.Params{Threshold: tc.threshold}})
			if err != nil {
				t.Fatal(err)
			}
			sets := exactSets(c, shingle.DefaultK)
			index := map[string]int{}
			for i, id := range c.ids {
				index[id] = i
			}
			found := map[[2]int]bool{}
			for _, p := range res.Pairs {
				a, b := index[res.Docs[p.A].ID], index[res.Docs[p.B].ID]
				found[[2]int{a, b}] = true
				if j := verify.Compare(sets[a], sets[b]).Jaccard; j < tc.threshold || j != p.Jaccard {
					t.Errorf("reported pair %s %s: Jaccard %v, brute force %v", c.ids[a], c.ids[b], p.Jaccard, j)
				}
			}
			// Exact duplicates are reported against the first copy only;
			// a pair that involves a later copy is found if its first
			// copy's pair is.
			canon := make([]int, len(sets))
			firstOf := map[string]int{}
			for i, s := range sets {
				key := fmt.Sprint(s)
				if f, ok := firstOf[key]; ok {
					canon[i] = f
				} else {
					firstOf[key], canon[i] = i, i
				}
			}
			var want, got, wantAll, gotAll int
			for a := range sets {
				for b := a + 1; b < len(sets); b++ {
					j := verify.Compare(sets[a], sets[b]).Jaccard
					if j < tc.threshold {
						continue
					}
					ca, cb := canon[a], canon[b]
					hit := found[[2]int{a, b}] || ca == cb ||
						found[[2]int{min(ca, cb), max(ca, cb)}]
					wantAll++
					if hit {
						gotAll++
					}
					if j >= tc.threshold+0.05 {
						want++
						if hit {
							got++
						}
					}
				}
			}
			if want < 100 {
				t.Fatalf("only %d planted pairs above threshold+0.05: the generator is off", want)
			}
			recall := float64(got) / float64(want)
			t.Logf("threshold %.2f: %d/%d pairs ≥ t+0.05 found (recall %.4f); %d/%d ≥ t; %d candidates",
				tc.threshold, got, want, recall, gotAll, wantAll, res.Stats.Candidates)
			if recall < 0.98 {
				t.Errorf("recall %.4f < 0.98", recall)
			}
		})
	}
}

func runBytes(t *testing.T, paths []string, o *Options) (clusters, pairs []byte, res *Result) {
	t.Helper()
	res, err := Run(context.Background(), paths, o)
	if err != nil {
		t.Fatal(err)
	}
	var c, p bytes.Buffer
	if err := res.WriteClusters(&c); err != nil {
		t.Fatal(err)
	}
	if err := res.WritePairs(&p); err != nil {
		t.Fatal(err)
	}
	return c.Bytes(), p.Bytes(), res
}

// TestDeterministicAcrossWorkers: the same input and options give byte
// identical outputs whatever the worker count.
func TestDeterministicAcrossWorkers(t *testing.T) {
	c := plantedCorpus(7, 200, 300)
	path := c.writeJSONL(t, identity(len(c.ids)))
	c1, p1, _ := runBytes(t, []string{path}, &Options{Workers: 1})
	for _, w := range []int{2, 3, 8} {
		cw, pw, _ := runBytes(t, []string{path}, &Options{Workers: w})
		if !bytes.Equal(c1, cw) || !bytes.Equal(p1, pw) {
			t.Fatalf("output with %d workers differs from 1 worker", w)
		}
	}
}

// TestIndependentOfInputOrder shuffles the input: cluster membership never
// changes, and under the order-free keep policies neither does any line of
// the output.
func TestIndependentOfInputOrder(t *testing.T) {
	c := plantedCorpus(8, 200, 300)
	rng := rand.New(rand.NewPCG(9, 9))
	order := identity(len(c.ids))
	rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	a := c.writeJSONL(t, identity(len(c.ids)))
	b := c.writeJSONL(t, order)
	for _, keep := range []cluster.Policy{cluster.KeepFirst, cluster.KeepLongest} {
		_, _, ra := runBytes(t, []string{a}, &Options{Keep: keep})
		_, _, rb := runBytes(t, []string{b}, &Options{Keep: keep})
		if got, want := partition(rb), partition(ra); !slices.Equal(got, want) {
			t.Fatalf("keep %s: clusters differ after shuffling", keep)
		}
		if keep == cluster.KeepLongest {
			if got, want := sortedLines(rb), sortedLines(ra); !slices.Equal(got, want) {
				t.Fatalf("keep longest: output lines differ after shuffling")
			}
		}
	}
}

// partition renders the clusters as sorted lists of sorted member ids.
func partition(r *Result) []string {
	groups := map[int][]string{}
	for _, d := range r.Docs {
		groups[d.Rep] = append(groups[d.Rep], d.ID)
	}
	var out []string
	for _, g := range groups {
		slices.Sort(g)
		out = append(out, strings.Join(g, ","))
	}
	slices.Sort(out)
	return out
}

func sortedLines(r *Result) []string {
	var buf bytes.Buffer
	r.WriteClusters(&buf)
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	slices.Sort(lines)
	return lines
}

func stdinOptions(data string) *ingest.Options {
	return &ingest.Options{Stdin: strings.NewReader(data)}
}

// TestTwoPassSameOutput: reading twice instead of holding every shingle
// changes nothing in the output, exact duplicates and chains included.
func TestTwoPassSameOutput(t *testing.T) {
	c := plantedCorpus(11, 200, 300)
	c.ids = append(c.ids, "exact-copy-a", "exact-copy-b")
	c.texts = append(c.texts, c.texts[5], strings.ToUpper(c.texts[5]))
	path := c.writeJSONL(t, identity(len(c.ids)))
	for _, th := range []float64{0.5, 0.8} {
		c1, p1, r1 := runBytes(t, []string{path}, &Options{Params: signature.Params{Threshold: th}})
		c2, p2, r2 := runBytes(t, []string{path}, &Options{Params: signature.Params{Threshold: th}, TwoPass: true})
		if !bytes.Equal(c1, c2) || !bytes.Equal(p1, p2) {
			t.Fatalf("threshold %v: two-pass output differs", th)
		}
		if r2.Stats.ShingleBytes != 0 || r1.Stats.ShingleBytes == 0 {
			t.Errorf("shingle bytes held while reading: one pass %d, two passes %d", r1.Stats.ShingleBytes, r2.Stats.ShingleBytes)
		}
	}
	if _, err := Run(context.Background(), []string{"-"}, &Options{TwoPass: true}); !errors.Is(err, ErrOptions) {
		t.Errorf("two-pass on standard input: err = %v, want ErrOptions", err)
	}
}

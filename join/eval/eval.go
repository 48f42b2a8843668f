// Package eval measures the dedup pipeline against exact ground truth: it
// runs dedup.Run on a corpus, computes every pair at or above the threshold
// with the exact join over the same shingle sets, and reports recall,
// precision, the pairs missed, and how far the clusters agree.
//
//	rep, err := eval.Exact(ctx, []string{"corpus.jsonl.gz"}, &eval.Options{
//		Dedup: &dedup.Options{Params: signature.Params{Threshold: 0.8}},
//	})
//	if err != nil { ... }
//	rep.WriteText(os.Stdout)
//
// # What is counted
//
// Pairs are compared on distinct texts: the first document of each
// normalized text (dedup.Set.ExactOf < 0). A later document with the same
// text is an exact duplicate; dedup settles it by content hash, never by
// LSH, and every pair it would form with a third document is implied by its
// first's. Exact duplicates are therefore counted on their own (how many,
// and how many dedup reported as Exact pairs), and the near pairs are:
//
//	true:  pairs of distinct texts whose exact Jaccard is ≥ t
//	found: dedup.Result.Pairs with Exact false (all between distinct texts)
//
// Two distinct texts can still have equal shingle sets (they differ only in
// punctuation, say); such a pair has Jaccard 1 and counts as a near pair.
//
// Clusters are compared over all documents: the true clusters are the
// union-find closure of the exact-duplicate links and the true near pairs,
// the found ones are dedup's (Doc.Rep). Pairwise recall is the fraction of
// document pairs in one true cluster that dedup also put in one cluster;
// pairwise precision the converse. Transitivity lets a cluster survive a
// missed pair, so cluster recall is at least as high as pair recall on
// most corpora.
//
// The inputs are read twice (once by dedup.Run, once by dedup.Sets), so
// standard input cannot be evaluated.
package eval

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/rehashdev/rehash/cluster"
	"github.com/rehashdev/rehash/dedup"
	"github.com/rehashdev/rehash/join"
	"github.com/rehashdev/rehash/signature"
)

// DefaultMissed is how many missed pairs a report lists unless
// Options.Missed says otherwise.
const DefaultMissed = 20

// Margin is how far above the threshold the "strong" pairs start: a pair at
// J ≥ t + Margin is one that dedup should essentially never miss.
const Margin = 0.05

// eps absorbs rounding in t + Margin and in bucket edges (0.8+0.05 is
// 0.8500000000000001 in binary).
const eps = 1e-9

var (
	// ErrStdin reports "-" among the inputs, which would have to be read
	// twice.
	ErrStdin = errors.New("eval: standard input cannot be read twice")
	// ErrMismatch reports that dedup.Run and dedup.Sets disagree about
	// the documents: a bug, or inputs that changed between the two reads.
	ErrMismatch = errors.New("eval: dedup.Run and dedup.Sets saw different documents")
)

// Options configure an evaluation. A nil *Options means the defaults.
type Options struct {
	// Dedup configures the run under test, and the shingling of the
	// ground truth. Nil means dedup's defaults. KeepRaw is ignored.
	Dedup *dedup.Options
	// Missed is how many missed pairs to list, highest Jaccard first.
	// Default DefaultMissed; negative lists none.
	Missed int
}

// Report is the outcome of an evaluation. Ratios with an empty
// denominator are 1.
type Report struct {
	// Params are the run's signature parameters, defaults filled in.
	signature.Params

	// Docs counts accepted documents; Distinct the distinct normalized
	// texts among them; ExactDuplicates the rest. ExactFound counts
	// dedup's exact pairs that link a duplicate to the first document
	// with its text, which should be all of them.
	Docs            int `json:"docs"`
	Distinct        int `json:"distinct"`
	ExactDuplicates int `json:"exact_duplicates"`
	ExactFound      int `json:"exact_found"`

	// TruePairs counts near pairs of distinct texts with J ≥ Threshold;
	// FoundPairs dedup's near pairs; Both those in both.
	TruePairs  int     `json:"true_pairs"`
	FoundPairs int     `json:"found_pairs"`
	Both       int     `json:"both"`
	Recall     float64 `json:"recall"`
	Precision  float64 `json:"precision"`
	// ScoreMismatches counts pairs in Both whose Jaccard as dedup reported
	// it differs from the exact one; it should be 0.
	ScoreMismatches int `json:"score_mismatches"`

	// Strong* restrict the true pairs to J ≥ Threshold + Margin.
	StrongThreshold float64 `json:"strong_threshold"`
	StrongPairs     int     `json:"strong_pairs"`
	StrongFound     int     `json:"strong_found"`
	StrongRecall    float64 `json:"strong_recall"`

	// ExpectedRecall is the recall the banding curve 1-(1-J^r)^b predicts
	// for the true pairs, as if every slot agreed independently with
	// probability J: the reference for telling bad luck (sketch variance)
	// from a banding that is too strict.
	ExpectedRecall float64 `json:"expected_recall"`
	// Buckets break the true pairs down by Jaccard, in steps of Margin
	// from the threshold, with J = 1 on its own.
	Buckets []Bucket `json:"buckets"`
	// Missed lists up to Options.Missed true pairs dedup did not find,
	// highest Jaccard first.
	Missed []Miss `json:"missed"`

	Clusters Clusters `json:"clusters"`

	// Candidates counts dedup's LSH candidate pairs.
	Candidates int `json:"candidates"`
	// DedupSeconds is the whole dedup.Run (read, sketch, LSH, verify,
	// cluster); SetsSeconds reading the shingle sets again; JoinSeconds
	// the exact join alone.
	DedupSeconds float64 `json:"dedup_seconds"`
	SetsSeconds  float64 `json:"sets_seconds"`
	JoinSeconds  float64 `json:"join_seconds"`
}

// Bucket is the true pairs with Lo ≤ J < Hi (J = 1 when Lo == Hi == 1).
type Bucket struct {
	Lo     float64 `json:"lo"`
	Hi     float64 `json:"hi"`
	Pairs  int     `json:"pairs"`
	Found  int     `json:"found"`
	Recall float64 `json:"recall"`
	// Expected is the recall the banding curve predicts.
	Expected float64 `json:"expected"`
}

// Miss is a true pair dedup did not report.
type Miss struct {
	// A and B are the document ids; I and J their indices among the
	// accepted documents, in input order.
	A string `json:"a"`
	B string `json:"b"`
	I int    `json:"i"`
	J int    `json:"j"`
	// Jaccard is exact.
	Jaccard float64 `json:"jaccard"`
	// Collision is the banding curve's probability that the pair shares
	// a band key.
	Collision float64 `json:"collision"`
}

// Clusters compares the true clustering with dedup's, over all documents.
type Clusters struct {
	// True and Found count clusters of two or more documents; Identical
	// the true ones that dedup reproduced member for member.
	True      int `json:"true"`
	Found     int `json:"found"`
	Identical int `json:"identical"`
	// TruePairs and FoundPairs count the document pairs that share a
	// cluster; Both those sharing one in both clusterings.
	TruePairs     int64   `json:"true_pairs"`
	FoundPairs    int64   `json:"found_pairs"`
	Both          int64   `json:"both"`
	PairRecall    float64 `json:"pair_recall"`
	PairPrecision float64 `json:"pair_precision"`
}

// Exact evaluates dedup on the inputs at the options' threshold.
func Exact(ctx context.Context, paths []string, opts *Options) (*Report, error) {
	if slices.Contains(paths, "-") {
		return nil, ErrStdin
	}
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.Missed == 0 {
		o.Missed = DefaultMissed
	}
	// The report names the threshold, k, slots and seed in effect.
	filled, err := o.Dedup.WithDefaults()
	if err != nil {
		return nil, err
	}
	do := *filled
	do.KeepRaw = false

	start := time.Now()
	res, err := dedup.Run(ctx, paths, &do)
	if err != nil {
		return nil, err
	}
	defer res.Close()
	dedupSecs := time.Since(start).Seconds()

	start = time.Now()
	do.Progress = nil
	sets, err := dedup.Sets(ctx, paths, &do)
	if err != nil {
		return nil, err
	}
	setsSecs := time.Since(start).Seconds()
	if len(sets) != len(res.Docs) {
		return nil, fmt.Errorf("%w: %d documents, then %d", ErrMismatch, len(res.Docs), len(sets))
	}
	for i := range sets {
		if sets[i].ID != res.Docs[i].ID {
			return nil, fmt.Errorf("%w: document %d is %q, then %q", ErrMismatch, i, res.Docs[i].ID, sets[i].ID)
		}
	}

	// The join runs over distinct texts only; doc maps its indices back.
	var doc []int
	var distinct [][]uint64
	for i, s := range sets {
		if s.ExactOf < 0 {
			doc = append(doc, i)
			distinct = append(distinct, s.Shingles)
		}
	}
	start = time.Now()
	truth, err := join.Jaccard(ctx, distinct, do.Threshold, &join.Options{Workers: do.Workers})
	if err != nil {
		return nil, err
	}
	joinSecs := time.Since(start).Seconds()

	r := &Report{
		Params: res.Params,
		Docs:   len(sets), Distinct: len(distinct), ExactDuplicates: len(sets) - len(distinct),
		StrongThreshold: round(do.Threshold + Margin),
		Candidates:      res.Stats.Candidates,
		DedupSeconds:    dedupSecs, SetsSeconds: setsSecs, JoinSeconds: joinSecs,
	}

	found := map[[2]int]float64{}
	for _, p := range res.Pairs {
		if p.Exact {
			if sets[p.B].ExactOf == p.A {
				r.ExactFound++
			}
			continue
		}
		found[[2]int{p.A, p.B}] = p.Jaccard
	}
	r.FoundPairs = len(found)

	r.Buckets = buckets(do.Threshold)
	uf := cluster.NewUnionFind(len(sets))
	for i, s := range sets {
		if s.ExactOf >= 0 {
			uf.Union(i, s.ExactOf)
		}
	}
	var missed []Miss
	expected := 0.0
	for _, p := range truth {
		a, b := doc[p.A], doc[p.B]
		uf.Union(a, b)
		coll := res.Params.Banding().Collision(p.Jaccard)
		expected += coll
		bk := &r.Buckets[bucketOf(p.Jaccard, do.Threshold, len(r.Buckets))]
		bk.Pairs++
		bk.Expected += coll
		strong := p.Jaccard >= r.StrongThreshold-eps
		if strong {
			r.StrongPairs++
		}
		j, ok := found[[2]int{a, b}]
		if !ok {
			missed = append(missed, Miss{A: sets[a].ID, B: sets[b].ID, I: a, J: b, Jaccard: p.Jaccard, Collision: coll})
			continue
		}
		r.Both++
		bk.Found++
		if strong {
			r.StrongFound++
		}
		if j != p.Jaccard {
			r.ScoreMismatches++
		}
	}
	r.TruePairs = len(truth)
	r.Recall = ratio(r.Both, r.TruePairs)
	r.Precision = ratio(r.Both, r.FoundPairs)
	r.StrongRecall = ratio(r.StrongFound, r.StrongPairs)
	r.ExpectedRecall = 1
	if len(truth) > 0 {
		r.ExpectedRecall = expected / float64(len(truth))
	}
	for i := range r.Buckets {
		b := &r.Buckets[i]
		b.Recall = ratio(b.Found, b.Pairs)
		if b.Pairs > 0 {
			b.Expected /= float64(b.Pairs)
		} else {
			b.Expected = 1
		}
	}
	slices.SortStableFunc(missed, func(x, y Miss) int {
		switch {
		case x.Jaccard > y.Jaccard:
			return -1
		case x.Jaccard < y.Jaccard:
			return 1
		}
		return 0
	})
	r.Missed = []Miss{} // [] in JSON, not null
	if n := min(len(missed), o.Missed); n > 0 {
		r.Missed = missed[:n:n]
	}

	trueLabel := make([]int, len(sets))
	foundLabel := make([]int, len(sets))
	for i := range sets {
		trueLabel[i] = uf.Find(i)
		foundLabel[i] = res.Docs[i].Rep
	}
	r.Clusters = compareClusters(trueLabel, foundLabel)
	return r, nil
}

// buckets returns the empty Jaccard buckets for threshold t: steps of
// Margin from t up to 1, then J = 1 alone.
func buckets(t float64) []Bucket {
	var out []Bucket
	for k := 0; t+float64(k)*Margin < 1-eps; k++ {
		lo := round(t + float64(k)*Margin)
		out = append(out, Bucket{Lo: lo, Hi: min(round(lo+Margin), 1)})
	}
	return append(out, Bucket{Lo: 1, Hi: 1})
}

// round drops the binary noise of adding Margin (0.8+0.05 is
// 0.8500000000000001) from the figures a report shows.
func round(x float64) float64 { return math.Round(x*1e9) / 1e9 }

func bucketOf(j, t float64, n int) int {
	if j >= 1 {
		return n - 1
	}
	return min(int((j-t)/Margin+eps), n-2)
}

// compareClusters measures the agreement of two labelings of the same
// documents, by the pairs of documents they put together.
func compareClusters(truth, found []int) Clusters {
	var c Clusters
	trueSize := map[int]int{}
	foundSize := map[int]int{}
	cell := map[[2]int]int{}
	for i := range truth {
		trueSize[truth[i]]++
		foundSize[found[i]]++
		cell[[2]int{truth[i], found[i]}]++
	}
	pairs := func(n int) int64 { return int64(n) * int64(n-1) / 2 }
	for _, n := range trueSize {
		if n > 1 {
			c.True++
		}
		c.TruePairs += pairs(n)
	}
	for _, n := range foundSize {
		if n > 1 {
			c.Found++
		}
		c.FoundPairs += pairs(n)
	}
	for k, n := range cell {
		c.Both += pairs(n)
		if n > 1 && n == trueSize[k[0]] && n == foundSize[k[1]] {
			c.Identical++
		}
	}
	c.PairRecall = ratio64(c.Both, c.TruePairs)
	c.PairPrecision = ratio64(c.Both, c.FoundPairs)
	return c
}

func ratio(a, b int) float64 { return ratio64(int64(a), int64(b)) }

func ratio64(a, b int64) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

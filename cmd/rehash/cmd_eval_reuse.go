package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/evidence"
	"github.com/rehashdev/rehash/internal/graded"
	"github.com/spf13/cobra"
)

type evalReuseOpts struct {
	topic    string
	perGrade int
	seed     uint64
	out      string
	align    evidence.Options
}

func newEvalReuseCmd(stdout io.Writer) *cobra.Command {
	o := &evalReuseOpts{}
	c := &cobra.Command{
		Use:   "reuse [flags] CORPUS.jsonl[.gz]",
		Short: "Build a graded-reuse evaluation from a corpus and measure compare's scores and relations on it",
		Long: `Draws pairs of a source document and a derived text from a JSON Lines
corpus: verbatim excerpts (alone or inside other text), light rewrites
(synonyms, word order, sentences and clauses dropped or reordered), heavy
rewrites (some sentences kept among another text's), and independent texts
of the same topic sharing the source's names and stock phrases (see
internal/graded for the model). Each pair is compared as "rehash compare"
does; the command prints the ROC AUC of rehash's scores and of naive
baselines (word-3-gram and unigram containment, Jaccard) for reused
(verbatim, light, heavy) against independent pairs, and each grade's
relation distribution. --out writes the generated pairs as
JSON Lines, to read or to rerun elsewhere. The same corpus and --seed give
the same pairs. See docs/eval.md.`,
		Example: `  rehash eval reuse ../shared/corpora/bbc-news.jsonl.gz --out /tmp/graded
  rehash eval reuse --topic-field topics --per-grade 200 reuters.jsonl.gz`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return runEvalReuse(c.Context(), o, args[0], stdout)
		},
	}
	f := c.Flags()
	f.StringVar(&o.topic, "topic-field", "topic", "JSON field naming a document's topic (independent texts share it)")
	f.IntVar(&o.perGrade, "per-grade", 100, "pairs of each grade")
	f.Uint64Var(&o.seed, "seed", 1, "generator seed")
	f.StringVar(&o.out, "out", "", "directory to write the generated pairs to (pairs.jsonl) and the scored links (links.jsonl)")
	f.IntVar(&o.align.MinWords, "min-words", evidence.DefaultMinWords, "shortest shared passage, in words")
	return c
}

func runEvalReuse(ctx context.Context, o *evalReuseOpts, corpus string, stdout io.Writer) error {
	docs, err := graded.Read(corpus, o.topic)
	if err != nil {
		return err
	}
	pairs, err := graded.Generate(docs, o.perGrade, o.seed)
	if err != nil {
		return err
	}
	al, err := evidence.New(&o.align)
	if err != nil {
		return err
	}
	var pw, lw *bufio.Writer
	if o.out != "" {
		if err := os.MkdirAll(o.out, 0o755); err != nil {
			return err
		}
		pf, err := os.Create(filepath.Join(o.out, "pairs.jsonl"))
		if err != nil {
			return err
		}
		defer pf.Close()
		lf, err := os.Create(filepath.Join(o.out, "links.jsonl"))
		if err != nil {
			return err
		}
		defer lf.Close()
		pw, lw = bufio.NewWriter(pf), bufio.NewWriter(lf)
	}
	type scored struct {
		grade    string
		link     rehash.Link
		tri, uni float64 // the naive baselines (Jaccard is in the link)
	}
	var res []scored
	for _, p := range pairs {
		if err := ctx.Err(); err != nil {
			return err
		}
		da := &rehash.Document{ID: p.Source.ID, Text: []byte(p.Source.Text), Raw: []byte(p.Source.Text)}
		db := &rehash.Document{ID: p.Derived.ID, Text: []byte(p.Derived.Text), Raw: []byte(p.Derived.Text)}
		l := al.Compare(al.Prepare(da), al.Prepare(db))
		res = append(res, scored{grade: p.Grade, link: l,
			tri: graded.Containment(p.Source.Text, p.Derived.Text, 3), uni: graded.Containment(p.Source.Text, p.Derived.Text, 1)})
		if pw != nil {
			if err := json.NewEncoder(pw).Encode(p); err != nil {
				return err
			}
			l.Passages = nil
			if err := json.NewEncoder(lw).Encode(struct {
				Grade string `json:"grade"`
				rehash.Link
			}{p.Grade, l}); err != nil {
				return err
			}
		}
	}
	if pw != nil {
		if err := pw.Flush(); err != nil {
			return err
		}
		if err := lw.Flush(); err != nil {
			return err
		}
	}
	scores := []struct {
		name string
		f    func(r scored) float64
	}{
		{"rehash cover_b (derived text in passages)", func(r scored) float64 { return r.link.CoverB }},
		{"rehash max(cover_a, cover_b)", func(r scored) float64 { return max(r.link.CoverA, r.link.CoverB) }},
		{"rehash b_in_a (5-shingle containment)", func(r scored) float64 { return r.link.BInA }},
		{"baseline word-3-gram containment", func(r scored) float64 { return r.tri }},
		{"baseline unigram containment", func(r scored) float64 { return r.uni }},
		{"baseline jaccard (5-shingles)", func(r scored) float64 { return r.link.Jaccard }},
	}
	fmt.Fprintf(stdout, "graded reuse: %d pairs from %s (seed %d, %d per grade)\n\n", len(res), corpus, o.seed, o.perGrade)
	fmt.Fprintf(stdout, "ROC AUC against independent pairs\n%-42s %8s %8s %8s %8s\n", "score", "reused", "verbatim", "light", "heavy")
	for _, s := range scores {
		by := map[string][]float64{}
		for _, r := range res {
			v := s.f(r)
			by[r.grade] = append(by[r.grade], v)
			if r.grade != "independent" {
				by["reused"] = append(by["reused"], v)
			}
		}
		neg := by["independent"]
		fmt.Fprintf(stdout, "%-42s %8.4f %8.4f %8.4f %8.4f\n", s.name, graded.AUC(by["reused"], neg),
			graded.AUC(by["verbatim"], neg), graded.AUC(by["light"], neg), graded.AUC(by["heavy"], neg))
	}
	rels := []rehash.Relation{rehash.Exact, rehash.NearDuplicate, rehash.Contains, rehash.ContainedIn, rehash.PartialReuse, rehash.Excerpt, rehash.Unrelated}
	fmt.Fprintf(stdout, "\nrelation of the derived text (b) to its source (a), by grade\n%-12s", "grade")
	for _, r := range rels {
		fmt.Fprintf(stdout, " %14s", r)
	}
	fmt.Fprintln(stdout)
	for _, g := range graded.Grades {
		count := map[rehash.Relation]int{}
		for _, r := range res {
			if r.grade == g {
				count[r.link.Relation]++
			}
		}
		fmt.Fprintf(stdout, "%-12s", g)
		for _, r := range rels {
			fmt.Fprintf(stdout, " %14d", count[r])
		}
		fmt.Fprintln(stdout)
	}
	return nil
}

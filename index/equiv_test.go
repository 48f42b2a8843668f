package index

import (
	"context"
	"testing"

	"github.com/rehashdev/rehash/dedup"
	"github.com/rehashdev/rehash/internal/testcorpus"
	"github.com/rehashdev/rehash/signature"
)

// pairKey names a verified pair by ids, first in input order.
type pairKey struct{ a, b string }

type pairVal struct {
	jaccard, aInB, bInA float64
	exact               bool
}

// TestSameAsBatch adds a generated corpus one document at a time, querying
// each before adding it, and requires the verified pairs and the clusters
// of dedup.Run over the same corpus as JSON Lines.
func TestSameAsBatch(t *testing.T) {
	for _, th := range []float64{0.5, 0.8} {
		docs := generate(uint64(th*100), 700)
		corpus := testcorpus.WriteJSONL(t, docs)
		ctx := context.Background()
		// The index merges every verified pair, as dedup did before it
		// kept containers apart.
		res, err := dedup.Run(ctx, []string{corpus}, &dedup.Options{Params: signature.Params{Threshold: th}, Workers: 2, MergeContained: true})
		if err != nil {
			t.Fatal(err)
		}
		want := map[pairKey]pairVal{}
		for _, p := range res.Pairs {
			want[pairKey{res.Docs[p.A].ID, res.Docs[p.B].ID}] = pairVal{p.Jaccard, p.AInB, p.BInA, p.Exact}
		}

		ix, err := Open(t.TempDir(), &Options{Params: signature.Params{Threshold: th}, NoSync: true})
		if err != nil {
			t.Fatal(err)
		}
		// laterCopy marks documents whose text an earlier one has: the batch
		// pipeline leaves them out of LSH and lists only their exact pair.
		laterCopy := map[string]bool{}
		got := map[pairKey]pairVal{}
		for _, d := range docs {
			ms, err := ix.Query(ctx, []byte(d.Text), nil)
			if err != nil {
				t.Fatal(err)
			}
			exactOf := ""
			for _, m := range ms {
				if m.Exact && !laterCopy[m.ID] {
					exactOf = m.ID
				}
			}
			if exactOf != "" {
				laterCopy[d.ID] = true
				got[pairKey{exactOf, d.ID}] = pairVal{1, 1, 1, true}
			} else {
				for _, m := range ms {
					if !laterCopy[m.ID] {
						// The match is a, first in input order; the query is b.
						got[pairKey{m.ID, d.ID}] = pairVal{m.Jaccard, m.MatchInQuery, m.QueryInMatch, false}
					}
				}
			}
			if _, err := ix.Add(ctx, Doc{ID: d.ID, Text: []byte(d.Text)}); err != nil {
				t.Fatal(err)
			}
		}
		if len(want) < 100 {
			t.Fatalf("threshold %v: only %d pairs planted; the test would prove little", th, len(want))
		}
		for k, w := range want {
			if g, ok := got[k]; !ok || g != w {
				t.Errorf("threshold %v: pair %v: index %+v (found %v), batch %+v", th, k, g, ok, w)
			}
		}
		for k, g := range got {
			if _, ok := want[k]; !ok {
				t.Errorf("threshold %v: pair %v %+v only in the index", th, k, g)
			}
		}

		clusters := 0
		for i, d := range res.Docs {
			c, err := ix.Cluster(ctx, d.ID, 0)
			if err != nil {
				t.Fatal(err)
			}
			sim, exact := 0.0, false
			for _, m := range c.Members {
				if m.ID == d.ID {
					sim, exact = m.Similarity, m.Exact
				}
			}
			if rep := res.Docs[d.Rep].ID; c.Rep != rep || sim != d.Similarity || exact != d.Exact {
				t.Errorf("threshold %v: %s: index cluster %s (similarity %v, exact %v), batch %s (%v, %v)",
					th, d.ID, c.Rep, sim, exact, rep, d.Similarity, d.Exact)
			}
			if res.Kept(i) {
				clusters++
			}
		}
		if err := ix.Check(ctx); err != nil {
			t.Fatal(err)
		}
		t.Logf("threshold %v: %d documents, %d pairs, %d clusters agree", th, len(docs), len(want), clusters)
		ix.Close()
	}
}

package dedup

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"

	"github.com/rehashdev/rehash"
)

// ClusterLine is one line of the clusters output: one per document, in
// input order.
type ClusterLine struct {
	ID string `json:"id"`
	// Cluster is the id of the document the cluster keeps.
	Cluster string `json:"cluster"`
	Keep    bool   `json:"keep"`
	// DuplicateOf is the kept document's id, or null for kept documents.
	DuplicateOf *string `json:"duplicate_of"`
	// Similarity is the exact Jaccard similarity to the kept document.
	Similarity float64 `json:"similarity"`
	// Exact is true when the normalized texts are equal.
	Exact bool `json:"exact,omitempty"`
}

// PairLine is one line of the pairs output: one per verified pair, ordered
// by the input positions of a, then b.
type PairLine struct {
	A       string  `json:"a"`
	B       string  `json:"b"`
	Jaccard float64 `json:"jaccard"`
	AInB    float64 `json:"a_in_b"`
	BInA    float64 `json:"b_in_a"`
	Exact   bool    `json:"exact,omitempty"`
	// Contained is "a" or "b" when that side lies whole inside the other
	// and the other adds text: the pair is not merged unless
	// Options.MergeContained is set.
	Contained string `json:"contained,omitempty"`
	// Template is true when the two differ only in numbers, dates, names
	// or the title line (Options.Templates), and Slots lists the
	// differences.
	Template bool          `json:"template,omitempty"`
	Slots    []rehash.Slot `json:"slots,omitempty"`
}

// WriteClusters writes one ClusterLine per document as JSON Lines.
func (r *Result) WriteClusters(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	if r.ext != nil {
		if err := r.ext.writeClusters(enc); err != nil {
			return err
		}
		return bw.Flush()
	}
	for i, d := range r.Docs {
		rep := r.Docs[d.Rep].ID
		line := ClusterLine{ID: d.ID, Cluster: rep, Keep: d.Rep == i, Similarity: d.Similarity, Exact: d.Exact}
		if d.Rep != i {
			line.DuplicateOf = &rep
		}
		if err := enc.Encode(&line); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// WritePairs writes one PairLine per verified pair as JSON Lines.
func (r *Result) WritePairs(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for _, p := range r.Pairs {
		line := PairLine{A: r.id(p.A), B: r.id(p.B), Jaccard: p.Jaccard, AInB: p.AInB, BInA: p.BInA, Exact: p.Exact}
		if p.Contained != 0 {
			line.Contained = string(p.Contained)
		}
		line.Template, line.Slots = p.Template, p.Slots
		if err := enc.Encode(&line); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// id returns the id of document i.
func (r *Result) id(i int) string {
	if r.ext != nil {
		return r.ext.ids[memberOf(r.ext.members, uint32(i))]
	}
	return r.Docs[i].ID
}

// writeClusters streams the documents file of an out-of-core run: members
// of clusters from the members' arrays, everything else kept alone.
func (x *external) writeClusters(enc *json.Encoder) error {
	dr := newDocReader(x.docs)
	j := 0
	for d := 0; d < x.n; d++ {
		rec, err := dr.next()
		if err != nil {
			return fmt.Errorf("dedup: reading the documents file: %w", err)
		}
		line := ClusterLine{ID: rec.id, Cluster: rec.id, Keep: true, Similarity: 1}
		if j < len(x.members) && x.members[j] == uint32(d) {
			if r := int(x.rep[j]); r != j {
				rep := x.ids[r]
				line.Cluster, line.Keep, line.DuplicateOf = rep, false, &rep
				line.Similarity, line.Exact = x.sim[j], x.exact[j]
			}
			j++
		}
		if err := enc.Encode(&line); err != nil {
			return err
		}
	}
	return nil
}

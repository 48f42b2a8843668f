package dedup

import (
	"context"
	"fmt"
	"sync"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/evidence"
)

// Templates says whether a run checks its verified pairs for templates
// (two fillings of one form: a rate notice of two days, one announcement
// from two companies, differing only in numbers, dates, names or the
// title; see evidence.Assemble) and what it does with them.
type Templates string

// The template policies.
const (
	// TemplatesOff does not check: a run reads its inputs once and never
	// holds a text. The zero value.
	TemplatesOff Templates = ""
	// TemplatesMerge checks every verified, non-exact pair, marks the
	// templates in the pairs (PairLine.Template, Slots) and merges them
	// like any near-duplicate pair: for a deduper of training text, two
	// notices that differ in one rate are the same text. The command's
	// default.
	TemplatesMerge Templates = "merge"
	// TemplatesKeep marks them and does not merge them: for a newsroom or
	// an archive, the notices of two days are two documents.
	TemplatesKeep Templates = "keep"
)

// String, Set and Type make a *Templates a flag value that checks its
// name.
func (t *Templates) String() string { return string(*t) }

// Set sets the policy from its name.
func (t *Templates) Set(s string) error {
	switch Templates(s) {
	case TemplatesMerge, TemplatesKeep:
		*t = Templates(s)
		return nil
	case "off":
		*t = TemplatesOff
		return nil
	}
	return fmt.Errorf("templates %q: want merge, keep or off", s)
}

func (t Templates) valid() bool {
	return t == TemplatesOff || t == TemplatesMerge || t == TemplatesKeep
}

// markTemplates is the template check: after verification, and only for
// the verified pairs, it reads again the records of the documents in
// non-exact pairs, aligns each pair (package evidence) and marks those
// whose differences are all template slots. It is off the hot path: the
// first read never keeps a text, and a run without pairs reads nothing
// again. Memory is the texts of the documents in pairs.
func markTemplates(ctx context.Context, in input, o *Options, states []state, pairs []Pair) error {
	byRec := map[int32]int{}
	for _, p := range pairs {
		if !p.Exact {
			byRec[states[p.A].rec], byRec[states[p.B].rec] = p.A, p.B
		}
	}
	if len(byRec) == 0 {
		return nil
	}
	docs := make(map[int]*rehash.Document, len(byRec))
	want := func(rec int) bool { _, ok := byRec[int32(rec)]; return ok }
	again := *o
	again.Progress, again.Inspect, again.KeepRaw = nil, nil, false
	err := analyze(ctx, in, &again, want, func(rec int, it *item) error {
		i := byRec[int32(rec)]
		if it.err != nil || it.hash != states[i].hash {
			return fmt.Errorf("dedup: record %d of the input changed between the two reads", rec)
		}
		docs[i] = it.doc
		return nil
	})
	if err != nil {
		return err
	}
	var wg sync.WaitGroup
	for _, r := range splitRange(len(pairs), o.Workers) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			al, _ := evidence.New(nil) // the defaults are valid
			for k := r[0]; k < r[1]; k++ {
				p := &pairs[k]
				if p.Exact {
					continue
				}
				l := al.Compare(al.Prepare(docs[p.A]), al.Prepare(docs[p.B]))
				p.Template, p.Slots = l.Template, l.Slots
			}
		}()
	}
	wg.Wait()
	return nil
}

package story

import (
	"cmp"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/dedup"
	"github.com/rehashdev/rehash/when"
	"github.com/valyala/fastjson"
)

// Batch configures Run. A nil *Batch means the defaults.
type Batch struct {
	// Story configures the clustering. Default nil: the defaults.
	Story *Options
	// Dedup configures the near-duplicate run whose clusters nest inside
	// the stories. Its Inspect is Run's own. Default nil: the defaults.
	Dedup *dedup.Options
	// SiteField and LabelField name fields of JSON Lines records to read
	// a document's site (publisher) and a gold label from: the headlines
	// corpus has "publisher" and "story". Empty: the site from the
	// document's metadata, and no label. (The date comes from the
	// metadata, which ingest.Options.DateField names the field of.)
	SiteField, LabelField string
	// LabelSubject takes a document's gold label from its subject (the
	// title ingest reads from a mail or news header), normalized by
	// ThreadLabel: 20 Newsgroups threads as stories. Default false.
	LabelSubject bool
	// Plain also computes, for each document, a plain TF-IDF vector (no
	// boosts) for baselines. Default false.
	Plain bool
}

// Doc is one document's outcome, in input order.
type Doc struct {
	// ID is the document's id.
	ID string
	// Story is the index of its story in Result.Stories.
	Story int
	// Rep is the index in Result.Docs of its near-duplicate cluster's
	// representative (itself when it is kept).
	Rep int
	// Time is its date in Unix seconds. Undated documents take the date of
	// the closest dated document of the same source (see fillTimes).
	Time int64
	// Dated says whether Time is the document's own date.
	Dated bool
	// Timeless is set for a document with no date of its own and no dated
	// neighbour in its source (see fillTimes): it is clustered with the
	// other timeless documents only, with no window.
	Timeless bool
	// Site is its site or publisher, Label its gold label (Batch.LabelField).
	Site, Label string
	// Plain is the plain TF-IDF vector when Batch.Plain is set.
	Plain Vector
}

// Summary describes one story.
type Summary struct {
	// ID is the id of the story's first document in date order.
	ID string `json:"story"`
	// Size is its number of documents, copies included.
	Size int `json:"size"`
	// First and Last are the earliest and latest dates of its dated
	// documents (RFC 3339, UTC), empty when none is dated.
	First string `json:"first_date,omitempty"`
	Last  string `json:"last_date,omitempty"`
	// Sites are the sites or publishers of its documents, the most
	// frequent first (ties by name).
	Sites []string `json:"sites,omitempty"`
	// Labels are its heaviest terms.
	Labels []string `json:"labels"`
	// Earliest is the id of its earliest document (dated ones first).
	Earliest string `json:"earliest"`
	// Clusters lists its near-duplicate clusters of two documents or more,
	// representative first.
	Clusters [][]string `json:"clusters,omitempty"`

	members []int
}

// Result is a finished run.
type Result struct {
	Docs    []Doc
	Stories []Summary
	// Dedup is the near-duplicate run's result.
	Dedup *dedup.Result
	// Options are the story options the run used, defaults filled in.
	Options Options
	// Stats are counts and times of the run.
	Stats Stats
}

// Stats counts a run.
type Stats struct {
	Docs, Dated, Items, Stories int
	// MaxOpen is the largest number of stories open at once.
	MaxOpen int
	// Words is the size of the dictionary kept for labels.
	Words int
	// DedupSeconds covers reading and deduplicating, term bags included;
	// ClusterSeconds weighing, sorting and clustering.
	DedupSeconds, ClusterSeconds float64
}

// inspected is what Run derives from each document while dedup reads it.
type inspected struct {
	bag, plain        Bag
	date, site, label string
}

// Run reads the inputs once, finds their near-duplicate clusters with
// dedup, and groups the documents into stories: in date order (ties in
// input order), each near-duplicate cluster placed as a unit at its
// earliest member, with idf from the whole input (see docs/design.md for
// why two passes over the counts rather than idf as of each document).
//
// Memory: the clusterer holds the open stories only, but a batch run
// also holds, per document, its term vector (DocTerms terms) and outcome,
// because it must sort the input by date before clustering it.
func Run(ctx context.Context, paths []string, b *Batch) (*Result, error) {
	return run(ctx, func(o *dedup.Options) (*dedup.Result, error) { return dedup.Run(ctx, paths, o) }, b)
}

// RunDocuments is Run over documents already in memory (see
// dedup.RunDocuments), for a caller that has read them for other work too:
// the report groups by story the documents it shows.
func RunDocuments(ctx context.Context, docs []rehash.Document, b *Batch) (*Result, error) {
	return run(ctx, func(o *dedup.Options) (*dedup.Result, error) { return dedup.RunDocuments(ctx, docs, o) }, b)
}

func run(ctx context.Context, dedupe func(*dedup.Options) (*dedup.Result, error), b *Batch) (*Result, error) {
	bo := Batch{}
	if b != nil {
		bo = *b
	}
	auto := bo.Story == nil || bo.Story.Threshold == 0
	so := bo.Story.withDefaults()
	if err := so.validate(); err != nil {
		return nil, err
	}
	dict := NewDictionary()
	var (
		mu        sync.Mutex
		analyzers [][2]*Analyzer // idle ones
	)
	plainOpts := so
	plainOpts.TitleBoost, plainOpts.LeadBoost, plainOpts.NameBoost = 1, 1, 1
	dopts := dedup.Options{}
	if bo.Dedup != nil {
		dopts = *bo.Dedup
	}
	dopts.Inspect = func(doc *rehash.Document) any {
		// Analyzers are reused, never dropped: each holds a part of the
		// dictionary.
		var a [2]*Analyzer
		mu.Lock()
		if n := len(analyzers); n > 0 {
			a, analyzers = analyzers[n-1], analyzers[:n-1]
		} else {
			a = [2]*Analyzer{NewAnalyzer(&so, dict), NewAnalyzer(&plainOpts, nil)}
		}
		mu.Unlock()
		in := &inspected{bag: a[0].Bag([]byte(doc.Meta.Title), doc.Text), date: doc.Meta.Date, site: doc.Meta.Site}
		if bo.Plain {
			in.plain = a[1].Bag([]byte(doc.Meta.Title), doc.Text)
		}
		if bo.SiteField != "" || bo.LabelField != "" {
			readFields(doc, &bo, in)
		}
		if bo.LabelSubject {
			in.label = ThreadLabel(doc.Meta.Title)
		}
		mu.Lock()
		analyzers = append(analyzers, a)
		mu.Unlock()
		return in
	}
	if dopts.Memory > 0 {
		return nil, fmt.Errorf("%w: stories need the documents in memory, not a memory-bounded dedup run", ErrOptions)
	}
	start := time.Now()
	dres, err := dedupe(&dopts)
	if err != nil {
		return nil, err
	}
	res := &Result{Dedup: dres, Options: so, Docs: make([]Doc, len(dres.Docs))}
	res.Stats.DedupSeconds = time.Since(start).Seconds()
	start = time.Now()

	// idf over distinct texts: a text copied fifty times is one piece of
	// evidence about how common its words are, not fifty.
	ins := make([]*inspected, len(dres.Docs))
	src := make([]string, len(dres.Docs))
	df, plainDF := NewDF(), NewDF()
	for i, d := range dres.Docs {
		in := dres.Extra[i].(*inspected)
		ins[i] = in
		res.Docs[i] = Doc{ID: d.ID, Rep: d.Rep, Site: in.site, Label: in.label}
		src[i] = sourceGroup(d.Source)
		if t, err := when.Parse(in.date); err == nil && in.date != "" {
			res.Docs[i].Time, res.Docs[i].Dated = t.Unix(), true
			res.Stats.Dated++
		}
		if d.Rep == i {
			df.Add(in.bag)
			if bo.Plain {
				plainDF.Add(in.plain)
			}
		}
	}
	dres.Extra = nil
	fillTimes(res.Docs, src)
	src = nil
	res.Stats.Docs = len(res.Docs)

	vecs := make([]Vector, len(res.Docs))
	var distinct []Vector
	for i, d := range res.Docs {
		if d.Rep == i {
			vecs[i] = Weigh(ins[i].bag, df.IDF, so.DocTerms)
			distinct = append(distinct, vecs[i])
		}
	}
	if auto {
		if null := MeasureNull(distinct, NullLevel, so.StoryTerms); null != nil {
			so.Null = null
			so.Threshold = null.At(1, 1)
		}
		res.Options = so
	}
	distinct = nil

	// One item per near-duplicate cluster, at its earliest member, with the
	// vector of that member.
	members := map[int][]int{}
	for i, d := range res.Docs {
		members[d.Rep] = append(members[d.Rep], i)
	}
	order := make([]int, len(res.Docs))
	for i := range order {
		order[i] = i
	}
	// Dated documents first, in date order; then the timeless ones, in
	// input order. Ties stay in input order.
	slices.SortStableFunc(order, func(a, b int) int {
		da, db := &res.Docs[a], &res.Docs[b]
		if da.Timeless != db.Timeless {
			if da.Timeless {
				return 1
			}
			return -1
		}
		return cmp.Compare(da.Time, db.Time)
	})
	placed := make([]bool, len(res.Docs))
	var dated, timeless []*Story
	cl, err := NewClusterer(&so, func(s *Story) { dated = append(dated, s) })
	if err != nil {
		return nil, err
	}
	clTimeless, _ := NewClusterer(&so, func(s *Story) { timeless = append(timeless, s) })
	for _, i := range order {
		rep := res.Docs[i].Rep
		if placed[rep] {
			continue
		}
		placed[rep] = true
		group := members[rep]
		// The group's earliest member comes first in Story.Members.
		group = append([]int{i}, slices.DeleteFunc(slices.Clone(group), func(j int) bool { return j == i })...)
		it := Item{Time: res.Docs[i].Time, Vec: weighOnce(vecs, ins, i, rep, df, so.DocTerms), Members: group}
		if res.Docs[i].Timeless {
			clTimeless.Add(it)
		} else {
			cl.Add(it)
		}
		res.Stats.Items++
		if n := cl.Open() + clTimeless.Open(); n > res.Stats.MaxOpen {
			res.Stats.MaxOpen = n
		}
		if i&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
	}
	cl.Finish()
	clTimeless.Finish()
	if bo.Plain {
		for i := range res.Docs {
			res.Docs[i].Plain = Weigh(ins[i].plain, plainDF.IDF, so.DocTerms)
		}
	}
	// Stories are numbered by when they started, the dated ones first.
	byID := func(a, b *Story) int { return cmp.Compare(a.ID, b.ID) }
	slices.SortFunc(dated, byID)
	slices.SortFunc(timeless, byID)
	stories := append(dated, timeless...)
	res.Stories = make([]Summary, len(stories))
	for k, s := range stories {
		res.Stories[k] = res.summarize(s, dict)
		for _, m := range s.Members {
			res.Docs[m].Story = k
		}
	}
	res.Stats.Stories = len(stories)
	res.Stats.Words = dict.Len()
	res.Stats.ClusterSeconds = time.Since(start).Seconds()
	return res, nil
}

// weighOnce returns the vector of document i, whose cluster's
// representative rep has had its vector weighed already.
func weighOnce(vecs []Vector, ins []*inspected, i, rep int, df *DF, top int) Vector {
	if i == rep {
		return vecs[i]
	}
	return Weigh(ins[i].bag, df.IDF, top)
}

// fillTimes places undated documents in time. One source (a JSON Lines
// file, the files of one directory) is one feed or crawl in order, so an
// undated document takes the time of the closest dated document before it
// from the same source (after it, if none is before). A document whose
// source has no dated document at all cannot be placed near any event:
// it is timeless.
func fillTimes(docs []Doc, src []string) {
	last := map[string]int64{}
	for i := range docs {
		if docs[i].Dated {
			last[src[i]] = docs[i].Time
		} else if t, ok := last[src[i]]; ok {
			docs[i].Time = t
		} else {
			docs[i].Timeless = true
		}
	}
	next := map[string]int64{}
	for i := len(docs) - 1; i >= 0; i-- {
		if docs[i].Dated {
			next[src[i]] = docs[i].Time
		} else if t, ok := next[src[i]]; ok && docs[i].Timeless {
			docs[i].Time, docs[i].Timeless = t, false
		}
	}
}

// sourceGroup names the source a document came from, for fillTimes: the
// file for formats with many records a file, the directory for one
// document a file.
func sourceGroup(s rehash.Source) string {
	if s.Line > 0 || s.Format == "jsonl" || s.Format == "csv" || s.Format == "parquet" || s.Format == "warc" {
		return s.Path
	}
	return filepath.Dir(s.Path)
}

func (r *Result) summarize(s *Story, dict *Dictionary) Summary {
	sum := Summary{Size: len(s.Members), members: s.Members}
	sum.ID = r.Docs[s.Members[0]].ID
	sites := map[string]int{}
	earliest := -1
	var first, last int64
	dated := false
	reps := map[int][]string{}
	var repOrder []int
	for _, m := range s.Members {
		d := r.Docs[m]
		if d.Site != "" {
			sites[d.Site]++
		}
		if d.Dated {
			if !dated || d.Time < first {
				first = d.Time
			}
			if !dated || d.Time > last {
				last = d.Time
			}
			dated = true
		}
		if earliest < 0 || before(r.Docs, m, earliest) {
			earliest = m
		}
		if _, ok := reps[d.Rep]; !ok {
			repOrder = append(repOrder, d.Rep)
		}
		reps[d.Rep] = append(reps[d.Rep], d.ID)
	}
	sum.Earliest = r.Docs[earliest].ID
	if dated {
		sum.First = time.Unix(first, 0).UTC().Format(time.RFC3339)
		sum.Last = time.Unix(last, 0).UTC().Format(time.RFC3339)
	}
	for site := range sites {
		sum.Sites = append(sum.Sites, site)
	}
	slices.SortFunc(sum.Sites, func(a, b string) int {
		if c := cmp.Compare(sites[b], sites[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	for _, t := range s.Labels {
		if w := dict.Word(t); w != "" {
			sum.Labels = append(sum.Labels, w)
		}
	}
	slices.Sort(repOrder)
	for _, rep := range repOrder {
		if ids := reps[rep]; len(ids) > 1 {
			// Representative first, then the copies in input order.
			c := []string{r.Docs[rep].ID}
			for _, m := range s.Members {
				if r.Docs[m].Rep == rep && m != rep {
					c = append(c, r.Docs[m].ID)
				}
			}
			sum.Clusters = append(sum.Clusters, c)
		}
	}
	return sum
}

// before orders documents by date, dated before undated, then input order.
func before(docs []Doc, a, b int) bool {
	da, db := docs[a], docs[b]
	if da.Dated != db.Dated {
		return da.Dated
	}
	if da.Dated && da.Time != db.Time {
		return da.Time < db.Time
	}
	return a < b
}

// readFields reads the date, site and label fields of a JSON Lines
// record, overriding the document's metadata where present.
func readFields(doc *rehash.Document, b *Batch, in *inspected) {
	if doc.Source.Format != "jsonl" {
		return
	}
	v, err := fastjson.ParseBytes(doc.Raw)
	if err != nil {
		return
	}
	get := func(name string) string {
		f := v.Get(name)
		if f == nil {
			return ""
		}
		switch f.Type() {
		case fastjson.TypeString:
			return string(f.GetStringBytes())
		case fastjson.TypeNumber:
			if n, err := f.Int64(); err == nil {
				return strconv.FormatInt(n, 10)
			}
			return f.String()
		}
		return fmt.Sprint(f)
	}
	if b.SiteField != "" {
		if s := get(b.SiteField); s != "" {
			in.site = s
		}
	}
	if b.LabelField != "" {
		in.label = get(b.LabelField)
	}
}

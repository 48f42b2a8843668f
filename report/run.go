package report

import (
	"context"
	"fmt"
	"net/url"
	"runtime"
	"strings"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/dedup"
	"github.com/rehashdev/rehash/evidence"
	"github.com/rehashdev/rehash/ingest"
	"github.com/rehashdev/rehash/internal/ordered"
	"github.com/rehashdev/rehash/reuse"
	"github.com/rehashdev/rehash/story"
)

// Options configure Run: how the inputs are read, deduplicated and
// searched, and what the page shows. A nil *Options means the defaults.
type Options struct {
	// Title heads the page. Default "rehash report: " and the inputs.
	Title string
	// MaxText caps the bytes of one document's text in the page. Default
	// DefaultMaxText; negative means no cap.
	MaxText int
	// Links names a JSON Lines file of links (rehash.Link, such as the
	// output of rehash reuse) to add; they take the place of the search's
	// links for the same pairs. Default "": none.
	Links string
	// NoReuse skips the reuse search: the report lists dedup's verified
	// pairs (and Links) only, without passages. Default false.
	NoReuse bool
	// NoStories skips grouping the documents into stories (package story,
	// at its default settings). Default false: the page has a Stories tab.
	NoStories bool
	// SiteField names a JSON Lines field holding a document's site or
	// publisher, instead of its metadata's site (story.Batch.SiteField).
	// Default "": the metadata's site, else the host of its URL.
	SiteField string
	// Dedup configures the near-duplicate run. Its Ingest is unused (the
	// documents are read once, by Run) and its OnError is OnError.
	Dedup dedup.Options
	// Reuse configures the search for shared passages; its Ingest and
	// OnError are as Dedup's.
	Reuse reuse.Options
	// Ingest says how the inputs are read. Default nil: the defaults.
	Ingest *ingest.Options
	// OnError says what a bad record (one that does not decode, or has
	// no words) does. Default ingest.DefaultOnError.
	OnError ingest.OnError
}

// Validate reports the error Run would return for these options' values,
// so that a command can refuse them before it creates any output.
func (o *Options) Validate() error {
	if o == nil {
		return nil
	}
	if err := o.Ingest.Validate(); err != nil {
		return err
	}
	if _, err := o.Dedup.WithDefaults(); err != nil {
		return err
	}
	if !o.NoReuse {
		if err := o.Reuse.Validate(); err != nil {
			return err
		}
	}
	return nil
}

// Run reads the inputs (files, directories, or "-" for standard input; see
// package ingest) once, finds their near-duplicate clusters (package dedup)
// and, unless Options.NoReuse, the pairs that share passages (package
// reuse) over the same documents in memory, and returns what the report
// shows: the clusters, the links, and the documents they name with their
// texts. Write writes it.
//
// Memory: Run holds every document read, text and raw bytes, for as long
// as it runs (the search and the page need the texts; reading once is what
// lets the report read standard input and sniff each record once). For
// inputs larger than memory, run rehash dedup and rehash reuse, and give
// the report a sample.
func Run(ctx context.Context, paths []string, opts *Options) (*Input, error) {
	o := Options{}
	if opts != nil {
		o = *opts
	}
	if err := o.Validate(); err != nil {
		return nil, err
	}
	var fromFile []rehash.Link
	if o.Links != "" {
		var err error
		if fromFile, err = ReadLinks(o.Links); err != nil {
			return nil, err
		}
	}
	docs, err := readDocuments(ctx, paths, &o)
	if err != nil {
		return nil, err
	}
	in, err := Build(ctx, docs, fromFile, &o)
	if err != nil {
		return nil, err
	}
	if in.Title == "" {
		in.Title = "rehash report: " + strings.Join(paths, ", ")
	}
	if o.Links != "" {
		in.Notes = append(in.Notes, fmt.Sprintf("%d links read from %s.", len(fromFile), o.Links))
	}
	return in, nil
}

// Build is Run over documents already in memory (see dedup.RunDocuments),
// with extra links (such as Options.Links' contents, which Build does not
// read) that take the place of the search's for the same pairs.
// Options.Ingest and OnError are unused.
func Build(ctx context.Context, docs []rehash.Document, extra []rehash.Link, opts *Options) (*Input, error) {
	o := Options{}
	if opts != nil {
		o = *opts
	}
	if err := o.Validate(); err != nil {
		return nil, err
	}
	o.Dedup.OnError, o.Reuse.OnError = o.OnError, o.OnError
	dopts, err := o.Dedup.WithDefaults()
	if err != nil {
		return nil, err
	}
	// The story run deduplicates as part of its work (its clusters nest
	// in the stories): its dedup result is the report's.
	var (
		res   *dedup.Result
		sres  *story.Result
		sites []string
	)
	if o.NoStories {
		res, err = dedup.RunDocuments(ctx, docs, dopts)
	} else {
		sres, err = story.RunDocuments(ctx, docs, &story.Batch{Dedup: dopts, SiteField: o.SiteField})
		if sres != nil {
			res = sres.Dedup
		}
	}
	if err != nil {
		return nil, err
	}
	defer res.Close()
	// at[i] is the index in docs of res.Docs[i]: the run skips documents
	// without words.
	at := make([]int, len(res.Docs))
	for i, j := 0, 0; i < len(res.Docs); i++ {
		for j < len(docs) && (docs[j].ID != res.Docs[i].ID || docs[j].Source != res.Docs[i].Source) {
			j++
		}
		at[i] = j
		j++
	}
	if sres != nil {
		sites = make([]string, len(docs))
		for i, d := range sres.Docs {
			if at[i] < len(docs) {
				sites[at[i]] = d.Site
			}
		}
	}

	in := &Input{Title: o.Title, MaxText: o.MaxText}
	// Links from the file come first so that they win over the search's.
	links := extra
	if !o.NoReuse {
		ropts := o.Reuse
		if ropts.Workers == 0 {
			ropts.Workers = dopts.Workers
		}
		_, err := reuse.RunDocuments(ctx, docs, &ropts, func(l rehash.Link) error {
			links = append(links, l)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	in.Clusters = Clusters(res)
	in.Links = Links(res, links)
	if sres != nil {
		in.Stories = stories(sres, docs, at)
	}
	in.Docs = named(docs, sites, in.Clusters, in.Links, in.Stories)
	in.Notes = []string{fmt.Sprintf("%d documents read; near-duplicates at Jaccard ≥ %.2f over %d-word shingles, keep %s.",
		len(res.Docs), dopts.Threshold, dopts.Shingle, dopts.Keep)}
	if !o.NoReuse {
		al, err := evidence.New(&o.Reuse.Align)
		if err != nil {
			return nil, err
		}
		maxDF := o.Reuse.MaxDF
		if maxDF == 0 {
			maxDF = reuse.DefaultMaxDF
		}
		in.Notes = append(in.Notes, fmt.Sprintf("Reuse search: shared passages of at least %d words; text in more than %d documents is boilerplate.",
			al.Options().MinWords, maxDF))
	}
	if sres != nil {
		n := 0
		for _, st := range in.Stories {
			n += len(st.Members)
		}
		in.Notes = append(in.Notes, fmt.Sprintf("Stories: %d of two documents or more (%d documents), %d of one document not listed; joining similarity %.3f, window %s.",
			len(in.Stories), n, len(sres.Stories)-len(in.Stories), sres.Options.Threshold, sres.Options.Window))
	}
	return in, nil
}

// stories returns the stories of two documents or more, in the order they
// started, each with its members in input order.
func stories(sres *story.Result, docs []rehash.Document, at []int) []Story {
	members := make([][]string, len(sres.Stories))
	for i, d := range sres.Docs {
		members[d.Story] = append(members[d.Story], docs[at[i]].ID)
	}
	var out []Story
	for k, s := range sres.Stories {
		if len(members[k]) > 1 {
			out = append(out, Story{Labels: s.Labels, Members: members[k]})
		}
	}
	return out
}

// named returns, in input order, the documents whose ids the clusters,
// links and stories name (the first of several with one id); those named
// by stories only are listed without their text. sites, when set, are the
// documents' sites as the story run read them.
func named(docs []rehash.Document, sites []string, clusters []Cluster, links []rehash.Link, stories []Story) []Document {
	const brief, full = 1, 2
	want := map[string]int{}
	for _, st := range stories {
		for _, id := range st.Members {
			want[id] = brief
		}
	}
	for _, c := range clusters {
		for _, m := range c.Members {
			want[m.ID] = full
		}
	}
	for _, l := range links {
		want[l.A], want[l.B] = full, full
	}
	var out []Document
	for i := range docs {
		d := &docs[i]
		w := want[d.ID]
		if w == 0 {
			continue
		}
		delete(want, d.ID)
		site := siteOf(d.Meta)
		if sites != nil && sites[i] != "" {
			site = sites[i]
		}
		doc := Document{ID: d.ID, Title: d.Meta.Title, Date: d.Meta.Date,
			Source: d.Source.String(), Site: site, TextOmitted: w == brief}
		if w == full {
			doc.Text = string(d.Text)
		}
		out = append(out, doc)
	}
	return out
}

// readDocuments decodes every record of the inputs, on all cores, and
// returns the documents in input order. A bad record stops the read under
// OnError Fail and is left out under Skip, as dedup and reuse would.
func readDocuments(ctx context.Context, paths []string, o *Options) ([]rehash.Document, error) {
	workers := o.Dedup.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	type decoded struct {
		doc *rehash.Document
		err error
	}
	var docs []rehash.Document
	err := ordered.Each(ctx, paths, o.Ingest, workers, nil,
		func() struct{} { return struct{}{} },
		func(_ struct{}, _ int, r *ingest.Record) decoded {
			d, err := r.Document()
			return decoded{d, err}
		},
		func(_ int, v decoded) error {
			if v.err != nil {
				if _, ok := o.OnError.Skips(v.err); ok {
					return nil
				}
				return v.err
			}
			docs = append(docs, *v.doc)
			return nil
		})
	return docs, err
}

// siteOf is the document's site: its own, else its address's host.
func siteOf(m rehash.Meta) string {
	if m.Site != "" {
		return m.Site
	}
	if u, err := url.Parse(m.URL); err == nil {
		return u.Hostname()
	}
	return ""
}

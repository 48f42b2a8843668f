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
	res, err := dedup.RunDocuments(ctx, docs, dopts)
	if err != nil {
		return nil, err
	}
	defer res.Close()

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
	in.Docs = named(docs, in.Clusters, in.Links)
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
	return in, nil
}

// named returns, in input order, the documents whose ids the clusters and
// links name (the first of several with one id).
func named(docs []rehash.Document, clusters []Cluster, links []rehash.Link) []Document {
	want := map[string]bool{}
	for _, c := range clusters {
		for _, m := range c.Members {
			want[m.ID] = true
		}
	}
	for _, l := range links {
		want[l.A], want[l.B] = true, true
	}
	var out []Document
	for i := range docs {
		d := &docs[i]
		if !want[d.ID] {
			continue
		}
		want[d.ID] = false
		out = append(out, Document{ID: d.ID, Title: d.Meta.Title, Date: d.Meta.Date,
			Source: d.Source.String(), Site: siteOf(d.Meta), Text: string(d.Text)})
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

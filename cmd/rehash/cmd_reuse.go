package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/internal/output"
	"github.com/rehashdev/rehash/reuse"
	"github.com/spf13/cobra"
)

type reuseOpts struct {
	output    string
	templates string
	quiet     bool
	run       reuse.Options
	inputFlags
}

func newReuseCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	o := &reuseOpts{}
	c := &cobra.Command{
		Use:   "reuse [flags] PATH...",
		Short: "Find every pair of documents that share passages, with the evidence",
		Long: `Reads files and directories (any format dedup reads; not standard input,
which cannot be read twice) and writes one JSON line per pair of documents
that share at least one passage of --min-words words: a rehash.Link with the
relation (exact, near-duplicate, contains, contained-in, partial-reuse,
excerpt), the scores, the likely source and the passages with byte ranges
in both raw inputs. Text shared by more than --max-df documents is treated
as boilerplate. Output is ordered by the input positions of a, then b, and
does not depend on -j.`,
		Example: `  rehash reuse examples/news
  rehash reuse corpus.jsonl.gz -o links.jsonl --min-words 10`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return runReuse(c.Context(), o, args, stdin, stdout, stderr)
		},
	}
	f := c.Flags()
	f.StringVarP(&o.output, "output", "o", "-", "links output, one JSON line per pair (- for standard output; .gz/.zst compress)")
	f.StringVar(&o.templates, "templates", "", "also write the recurring templates (documents joined by template links: one form, many fillings) to this file, one JSON line each, the most filled first")
	libFlags(f, o.run.Flags)
	o.bind(f)
	f.BoolVarP(&o.quiet, "quiet", "q", false, "no summary")
	return c
}

// minFillings is the fewest documents --templates lists a template with:
// two make a pair, three a recurring form.
const minFillings = 3

func runReuse(ctx context.Context, o *reuseOpts, paths []string, stdin io.Reader, stdout, stderr io.Writer) error {
	in, err := o.input(stdin)
	if err != nil {
		return err
	}
	o.run.Ingest, o.run.OnError = in, o.onError
	if err := o.run.Validate(); err != nil {
		return err
	}
	for _, p := range paths {
		if p == "-" {
			return reuse.ErrStdin
		}
	}
	if err := output.Check(paths, []string{o.output, o.templates}, nil, stdout); err != nil {
		return err
	}
	var tmpl *output.File
	if o.templates != "" {
		if tmpl, err = output.Create(o.templates, stdout); err != nil {
			return err
		}
		defer tmpl.Abort()
	}
	var sks reuse.Skeletons
	out, err := output.Create(o.output, stdout)
	if err != nil {
		return err
	}
	defer out.Abort()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	counts := map[rehash.Relation]int{}
	st, err := reuse.Run(ctx, paths, &o.run, func(l rehash.Link) error {
		counts[l.Relation]++
		sks.Add(l)
		return enc.Encode(l)
	})
	if err != nil {
		return err
	}
	if err := out.Commit(); err != nil {
		return err
	}
	if tmpl != nil {
		te := json.NewEncoder(tmpl)
		te.SetEscapeHTML(false)
		for _, sk := range sks.List(minFillings) {
			if err := te.Encode(sk); err != nil {
				return err
			}
		}
		if err := tmpl.Commit(); err != nil {
			return err
		}
	}
	if !o.quiet {
		var skipped int64
		for _, n := range st.Skipped {
			skipped += n
		}
		var rels []string
		for r, n := range counts {
			rels = append(rels, fmt.Sprintf("%s %d", r, n))
		}
		sort.Strings(rels)
		byRel := ""
		if len(rels) > 0 {
			byRel = " (" + strings.Join(rels, ", ") + ")"
		}
		fmt.Fprintf(stderr, "rehash: %d read, %s, %d skipped, %s; %s (%d boilerplate), %s; %s%s; %.2fs\n",
			st.Read, count(st.Docs, "document"), skipped, count(st.Exact, "exact repeat"), count(st.Postings, "fingerprint"), st.Boiler,
			count(st.Candidates, "candidate pair"), count(st.Links, "link"), byRel, st.Seconds)
	}
	return nil
}

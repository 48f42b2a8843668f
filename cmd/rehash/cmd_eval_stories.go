package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/rehashdev/rehash/story"
	"github.com/spf13/cobra"
)

type evalStoriesOpts struct {
	storyFlags
	expect string
	json   bool
	quiet  bool
}

func newEvalStoriesCmd(stdout, stderr io.Writer) *cobra.Command {
	o := &evalStoriesOpts{}
	c := &cobra.Command{
		Use:   "stories [flags] PATH...",
		Short: "Score story clustering against labels, next to a TF-IDF single-link baseline",
		Long: `Runs rehash stories with the given flags and scores its stories against
gold labels (--label-field, or --label-subject for mail and news threads):
pairwise and B-cubed precision, recall and F1, the adjusted Rand index,
homogeneity and completeness. In the same run it scores the near-duplicate
clusters and a TF-IDF cosine single-link baseline at a sweep of
thresholds, reporting the baseline at its best threshold on the labels
(which flatters it). --expect names documents that should form one story
with nothing else in it, and says where they went. Documents without a
label are clustered but not scored. See docs/eval.md.`,
		Example: `  rehash eval stories headlines.jsonl.gz --label-field story --date-field timestamp --site-field publisher
  rehash eval stories --label-subject 20newsgroups.jsonl.gz
  rehash eval stories --expect a,b,c seeds/ bbc.jsonl.gz`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return runEvalStories(c.Context(), o, args, stdout, stderr)
		},
	}
	f := c.Flags()
	o.register(f)
	f.StringVar(&o.batch.LabelField, "label-field", "", "JSON field holding each document's gold story")
	f.BoolVar(&o.batch.LabelSubject, "label-subject", false, "take each document's gold story from its subject, reply markers removed (news and mail threads)")
	f.StringVar(&o.expect, "expect", "", "comma-separated ids (or @FILE, one a line) of documents that should make one story of their own")
	f.BoolVar(&o.json, "json", false, "write the evaluation as JSON")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "no summary on standard error")
	return c
}

func runEvalStories(ctx context.Context, o *evalStoriesOpts, paths []string, stdout, stderr io.Writer) error {
	for _, p := range paths {
		if p == "-" {
			return usageError{errors.New("eval stories reads files, not standard input")}
		}
	}
	var expect []string
	switch {
	case strings.HasPrefix(o.expect, "@"):
		b, err := os.ReadFile(o.expect[1:])
		if err != nil {
			return err
		}
		expect = strings.Fields(string(b))
	case o.expect != "":
		expect = strings.Split(o.expect, ",")
	}
	if o.batch.LabelField == "" && !o.batch.LabelSubject && len(expect) == 0 {
		return usageError{errors.New("nothing to score against: give --label-field, --label-subject or --expect")}
	}
	b, err := o.options(nil)
	if err != nil {
		return err
	}
	b.Plain = true
	res, err := story.Run(ctx, paths, b)
	if errors.Is(err, story.ErrOptions) {
		return usageError{err}
	}
	if err != nil {
		return err
	}
	defer res.Dedup.Close()
	ev, err := story.Evaluate(res, story.DefaultSweep, expect)
	if err != nil {
		return usageError{err}
	}
	if !o.quiet {
		st := res.Stats
		fmt.Fprintf(stderr, "rehash: %d documents, %d stories, threshold %s, window %s; read and dedup %.2fs, stories %.2fs\n",
			st.Docs, st.Stories, thresholdText(res.Options), res.Options.Window, st.DedupSeconds, st.ClusterSeconds)
	}
	if o.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(ev)
	}
	return ev.WriteText(stdout)
}

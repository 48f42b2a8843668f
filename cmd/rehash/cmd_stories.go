package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/rehashdev/rehash/dedup"
	"github.com/rehashdev/rehash/internal/output"
	"github.com/rehashdev/rehash/story"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// storyFlags binds the flags of a story run, shared by stories and eval
// stories: story.Options.Flags (--threshold is the story threshold), the
// near-duplicate run's own (--dup-threshold, --shingle, --seed, --jobs),
// and the input flags.
type storyFlags struct {
	story story.Options
	dedup dedup.Options
	batch story.Batch
	inputFlags
}

func (s *storyFlags) register(f *pflag.FlagSet) {
	libFlags(f, s.story.Flags)
	f.Float64Var(&s.dedup.Threshold, "dup-threshold", 0.8, "Jaccard similarity at or above which documents are near-duplicates (their clusters nest inside stories)")
	f.IntVarP(&s.dedup.Shingle, "shingle", "k", 5, "words per shingle, for near-duplicates")
	f.Uint64Var(&s.dedup.Seed, "seed", dedup.DefaultSeed, "hash seed")
	f.IntVarP(&s.dedup.Workers, "jobs", "j", 0, "worker goroutines (0: all cores); output does not depend on it")
	f.StringVar(&s.batch.SiteField, "site-field", "", "JSON field holding the site or publisher, instead of the metadata's site (JSON Lines)")
	s.inputFlags.bind(f)
}

// options returns the run's options, checked before any output is made.
func (s *storyFlags) options(stdin io.Reader) (*story.Batch, error) {
	in, err := s.input(stdin)
	if err != nil {
		return nil, err
	}
	s.dedup.Ingest, s.dedup.OnError = in, s.onError
	if _, err := s.dedup.WithDefaults(); err != nil {
		return nil, err
	}
	if err := s.story.Validate(); err != nil {
		return nil, usageError{err}
	}
	s.batch.Story = &s.story
	s.batch.Dedup = &s.dedup
	return &s.batch, nil
}

type storiesOpts struct {
	storyFlags
	output, stories string
	quiet           bool
}

func newStoriesCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	o := &storiesOpts{}
	c := &cobra.Command{
		Use:   "stories [flags] PATH...",
		Short: "Group documents into the news stories they report, near-duplicates nested inside",
		Long: `Reads the inputs as dedup does, finds their near-duplicate clusters, then
groups the documents into stories: in date order, each document (each
near-duplicate cluster, as a unit) joins the open story whose centroid is
most similar to it, or starts one; a story closes after --window without a
new document. Writes one JSON line per document (id, story, cluster,
labels) to -o, one line per story (size, first and last date, sites,
labels, earliest document, duplicate clusters) to --stories, and a summary
to standard error. See docs/design.md, "Stories".`,
		Example: `  rehash stories examples/news
  rehash stories corpus.jsonl.gz -o docs.jsonl --stories stories.jsonl
  rehash stories headlines.jsonl.gz --date-field timestamp --site-field publisher`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return runStories(c.Context(), o, args, stdin, stdout, stderr)
		},
	}
	f := c.Flags()
	f.StringVarP(&o.output, "output", "o", "-", "documents output, one JSON line per document (- for standard output; .gz/.zst compress)")
	f.StringVar(&o.stories, "stories", "", "write one JSON line per story to this file")
	o.register(f)
	f.BoolVarP(&o.quiet, "quiet", "q", false, "no summary")
	return c
}

func runStories(ctx context.Context, o *storiesOpts, paths []string, stdin io.Reader, stdout, stderr io.Writer) error {
	b, err := o.options(stdin)
	if err != nil {
		return err
	}
	if o.output == "-" && o.stories == "-" {
		return usageError{errors.New("only one of -o and --stories can be standard output (-)")}
	}
	if err := output.Check(paths, []string{o.output, o.stories}, stdin, stdout); err != nil {
		return err
	}
	out, err := output.Create(o.output, stdout)
	if err != nil {
		return err
	}
	defer out.Abort()
	var sums *output.File
	if o.stories != "" {
		if sums, err = output.Create(o.stories, stdout); err != nil {
			return err
		}
		defer sums.Abort()
	}
	res, err := story.Run(ctx, paths, b)
	if errors.Is(err, story.ErrOptions) {
		return usageError{err}
	}
	if err != nil {
		return err
	}
	defer res.Dedup.Close()
	err = output.WriteAll(
		output.Job{File: out, Write: res.WriteDocs},
		output.Job{File: sums, Write: res.WriteStories},
	)
	if err != nil {
		return err
	}
	if !o.quiet {
		st := res.Stats
		fmt.Fprintf(stderr, "rehash: %d documents (%d dated), %d near-duplicate clusters placed as units, %d stories (at most %d open)\n",
			st.Docs, st.Dated, st.Items, st.Stories, st.MaxOpen)
		fmt.Fprintf(stderr, "rehash: read and dedup %.2fs, stories %.2fs; threshold %s, window %s\n",
			st.DedupSeconds, st.ClusterSeconds, thresholdText(res.Options), res.Options.Window)
	}
	return nil
}

// thresholdText says which thresholds a run used: the given one, or the
// measured null's by story size.
func thresholdText(o story.Options) string {
	if o.Null == nil {
		return fmt.Sprintf("%.3f", o.Threshold)
	}
	return fmt.Sprintf("by story size (measured on the input) %s, at least %.3f", o.Null.String(), o.Floor)
}

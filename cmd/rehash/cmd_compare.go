package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/evidence"
	"github.com/rehashdev/rehash/ingest"
	"github.com/spf13/cobra"
)

type compareOpts struct {
	json  bool
	show  evidence.Show
	align evidence.Options
	inputFlags
	isTerminal func(io.Writer) bool
}

func newCompareCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	o := &compareOpts{isTerminal: isTerminal}
	c := &cobra.Command{
		Use:   "compare [flags] A B",
		Short: "Show how two documents share text: relation, scores and shared passages",
		Long: `Reads two inputs (any format dedup reads; when a path holds several
documents, --id-a / --id-b pick one, else the first is used), aligns their
shared passages and prints the relation (exact, near-duplicate, contains,
contained-in, partial-reuse, excerpt, none), the scores, the likely source
and every passage with its byte ranges in both raw inputs. Passages are
highlighted in colour when standard output is a terminal. --json prints
the rehash.Link object that "rehash reuse" writes, one per pair.`,
		Example: `  rehash compare examples/news/wire-original.txt examples/news/roundup.txt
  rehash compare --json a.html b.txt
  rehash compare corpus.jsonl corpus.jsonl --id-a doc-17 --id-b doc-42`,
		Args: cobra.ExactArgs(2),
		RunE: func(c *cobra.Command, args []string) error {
			return runCompare(c.Context(), o, args, stdin, stdout)
		},
	}
	f := c.Flags()
	f.BoolVar(&o.json, "json", false, "print the link as one JSON object")
	libFlags(f, o.show.Flags)
	libFlags(f, o.align.Flags)
	o.bind(f)
	return c
}

// errNoDocument is returned when an input holds no usable document or
// not the one asked for.
var errNoDocument = errors.New("no such document")

func runCompare(ctx context.Context, o *compareOpts, args []string, stdin io.Reader, stdout io.Writer) error {
	al, err := evidence.New(&o.align)
	if err != nil {
		return err
	}
	in, err := o.input(stdin)
	if err != nil {
		return err
	}
	color, err := o.show.UseColor(o.isTerminal(stdout))
	if err != nil {
		return usageError{err}
	}
	da, err := readOne(ctx, args[0], o.show.IDA, in, o.onError)
	if err != nil {
		return err
	}
	db, err := readOne(ctx, args[1], o.show.IDB, in, o.onError)
	if err != nil {
		return err
	}
	l := al.Compare(al.Prepare(da), al.Prepare(db))
	ls := []rehash.Link{l}
	evidence.Orient(ls, func(id string) string {
		if id == da.ID {
			return da.Meta.Date
		}
		return db.Meta.Date
	})
	l = ls[0]
	if o.json {
		enc := json.NewEncoder(stdout)
		return enc.Encode(l)
	}
	return o.show.WriteText(stdout, l, da, db, color)
}

// readOne reads path and returns the document with the given id, or the
// first document when id is "". Reading stops once it is found. A bad
// record on the way stops it too unless onError is ingest.Skip.
func readOne(ctx context.Context, path, id string, opts *ingest.Options, onError ingest.OnError) (*rehash.Document, error) {
	var found *rehash.Document
	var firstErr error
	stop := errors.New("found")
	err := ingest.Read(ctx, []string{path}, opts, func(r *ingest.Record) error {
		if id != "" && r.ID != id && !strings.Contains(string(r.Raw), id) {
			return nil // cheap test before decoding: the id must be in the record
		}
		d, err := r.Document()
		if err != nil {
			var rerr *rehash.RecordError
			if onError != ingest.Skip || !errors.As(err, &rerr) {
				return err
			}
			if firstErr == nil {
				firstErr = err
			}
			return nil
		}
		if id == "" || d.ID == id {
			found = d
			return stop
		}
		return nil
	})
	if err != nil && !errors.Is(err, stop) {
		return nil, err
	}
	if found == nil {
		if firstErr != nil && id == "" {
			return nil, firstErr
		}
		if id != "" {
			return nil, fmt.Errorf("%s: %w with id %q", path, errNoDocument, id)
		}
		return nil, fmt.Errorf("%s: %w", path, errNoDocument)
	}
	return found, nil
}

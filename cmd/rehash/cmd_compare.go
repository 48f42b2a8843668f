package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/evidence"
	"github.com/rehashdev/rehash/ingest"
	"github.com/spf13/cobra"
)

type compareOpts struct {
	json     bool
	idA, idB string
	color    string
	context  int
	align    evidence.Options
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
	f.StringVar(&o.idA, "id-a", "", "the document of A to use when A holds several (default: the first)")
	f.StringVar(&o.idB, "id-b", "", "the document of B to use when B holds several (default: the first)")
	f.StringVar(&o.color, "color", "auto", "colour the passages: auto (on a terminal), always, never")
	f.IntVar(&o.context, "context", 60, "characters of text shown around each passage")
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
	var color bool
	switch o.color {
	case "auto":
		color = o.isTerminal(stdout)
	case "always":
		color = true
	case "never":
	default:
		return usageError{fmt.Errorf("--color %q: want auto, always or never", o.color)}
	}
	da, err := readOne(ctx, args[0], o.idA, in, o.onError)
	if err != nil {
		return err
	}
	db, err := readOne(ctx, args[1], o.idB, in, o.onError)
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
	printLink(stdout, l, da, db, color, o.context)
	return nil
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

// ANSI styles for the terminal.
const (
	styleShared = "\x1b[1;33m" // bold yellow: the shared passage
	styleDim    = "\x1b[2m"    // dim: context around it
	styleHead   = "\x1b[1m"
	styleReset  = "\x1b[0m"
)

func printLink(w io.Writer, l rehash.Link, da, db *rehash.Document, color bool, ctxChars int) {
	st := func(style, s string) string {
		switch {
		case color:
			return style + s + styleReset
		case style == styleShared:
			// Without colour, guillemets mark where the passage starts
			// and ends inside its context.
			return "«" + s + "»"
		}
		return s
	}
	fmt.Fprintf(w, "%s %s%s\n", st(styleHead, "A"), l.A, describe(da))
	fmt.Fprintf(w, "%s %s%s\n", st(styleHead, "B"), l.B, describe(db))
	fmt.Fprintf(w, "relation  %s\n", st(styleHead, string(l.Relation)))
	if l.Source != "" {
		fmt.Fprintf(w, "source    %s (%s)\n", l.Source, l.Why)
	}
	fmt.Fprintf(w, "scores    jaccard %.3f  a_in_b %.3f  b_in_a %.3f\n", l.Jaccard, l.AInB, l.BInA)
	fmt.Fprintf(w, "cover     A %.3f  B %.3f (share of words inside shared passages)\n", l.CoverA, l.CoverB)
	fmt.Fprintf(w, "passages  %d\n", len(l.Passages))
	for i, p := range l.Passages {
		fmt.Fprintf(w, "\n%s A words %d, raw bytes %d-%d · B words %d, raw bytes %d-%d\n",
			st(styleHead, fmt.Sprintf("[%d]", i+1)), p.WordsA, p.A.Start, p.A.End, p.WordsB, p.B.Start, p.B.End)
		a := excerpt(da.Text, p.TextA, ctxChars)
		b := excerpt(db.Text, p.TextB, ctxChars)
		fmt.Fprintf(w, "  A: %s%s%s\n", st(styleDim, a[0]), st(styleShared, a[1]), st(styleDim, a[2]))
		if oneLine(a[1]) != oneLine(b[1]) {
			fmt.Fprintf(w, "  B: %s%s%s\n", st(styleDim, b[0]), st(styleShared, b[1]), st(styleDim, b[2]))
		} else {
			fmt.Fprintf(w, "  B: (same text)\n")
		}
	}
}

func describe(d *rehash.Document) string {
	var parts []string
	if d.Meta.Date != "" {
		parts = append(parts, "date "+d.Meta.Date)
	}
	if d.Source.Format != "" {
		parts = append(parts, d.Source.Format)
	}
	parts = append(parts, fmt.Sprintf("%d bytes", len(d.Raw)))
	return " (" + strings.Join(parts, ", ") + ")"
}

// excerpt returns the text before the span (up to n characters, from a
// word boundary), the span, and the text after it, each on one line.
func excerpt(text []byte, s rehash.Span, n int) [3]string {
	before := text[:s.Start]
	if len(before) > n {
		cut := len(before) - n
		for cut < len(before) && !utf8.RuneStart(before[cut]) {
			cut++
		}
		before = before[cut:]
		if i := strings.IndexAny(string(before), " \n"); i >= 0 {
			before = before[i+1:]
		}
		before = append([]byte("…"), before...)
	}
	after := text[s.End:]
	if len(after) > n {
		cut := n
		for cut > 0 && !utf8.RuneStart(after[cut]) {
			cut--
		}
		after = after[:cut]
		if i := strings.LastIndexAny(string(after), " \n"); i >= 0 {
			after = after[:i]
		}
		after = append(after[:len(after):len(after)], "…"...)
	}
	return [3]string{oneLine(string(before)), oneLine(string(text[s.Start:s.End])), oneLine(string(after))}
}

// oneLine collapses white space so that a passage prints on one line.
func oneLine(s string) string {
	lead := len(s) > 0 && (s[0] == ' ' || s[0] == '\n')
	trail := len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\n')
	out := strings.Join(strings.Fields(s), " ")
	if lead && out != "" {
		out = " " + out
	}
	if trail && out != "" {
		out += " "
	}
	return out
}

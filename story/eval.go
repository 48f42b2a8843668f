package story

import (
	"fmt"
	"io"
	"regexp"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/rehashdev/rehash/score"
)

// DefaultSweep are the thresholds the single-link baseline is run at;
// Evaluate reports it at the one that scores best on the labels.
var DefaultSweep = []float64{0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9}

// EvalRow is one clustering's scores.
type EvalRow struct {
	Method    string       `json:"method"`
	Threshold float64      `json:"threshold,omitempty"`
	Groups    int          `json:"groups"`
	Scores    score.Scores `json:"scores"`
	// Seconds is the time to compute the clustering, when measured.
	Seconds float64 `json:"seconds,omitempty"`
}

// GroupCheck says where a given set of documents (the five seed articles,
// say) ended up: ideally all in one group and nothing else in it.
type GroupCheck struct {
	Method    string  `json:"method"`
	Threshold float64 `json:"threshold,omitempty"`
	// Groups is how many groups the documents fall in, Others how many
	// other documents share those groups.
	Groups int `json:"groups"`
	Others int `json:"others"`
	// Nested lists the near-duplicate clusters among the documents, for
	// the stories row: each lies inside one story by construction.
	Nested [][]string `json:"nested,omitempty"`
}

// Evaluation compares stories with gold labels and with the baseline.
type Evaluation struct {
	Docs, Labelled int
	// Rows: the stories, the near-duplicate clusters, and the single-link
	// baseline at its best threshold on the labels (by B-cubed F1).
	Rows []EvalRow `json:"rows"`
	// Sweep is the baseline at every threshold.
	Sweep []EvalRow `json:"sweep"`
	// Checks are the group checks, if documents were named.
	Checks []GroupCheck `json:"checks,omitempty"`
}

// Evaluate scores the run's stories, its near-duplicate clusters and the
// single-link baseline over the plain TF-IDF vectors (Batch.Plain must
// have been set) against the documents' labels; documents without a
// label are clustered but not scored. expect names documents that should
// make one group of their own.
func Evaluate(res *Result, sweep []float64, expect []string) (*Evaluation, error) {
	ev := &Evaluation{Docs: len(res.Docs)}
	var scored []int
	var gold []string
	for i, d := range res.Docs {
		if d.Label != "" {
			scored = append(scored, i)
			gold = append(gold, d.Label)
		}
	}
	ev.Labelled = len(scored)
	goldIDs := score.Labels(gold)
	rate := func(method string, t float64, groups []int, secs float64) EvalRow {
		pred := make([]int, len(scored))
		n := map[int]bool{}
		for k, i := range scored {
			pred[k] = groups[i]
			n[groups[i]] = true
		}
		return EvalRow{Method: method, Threshold: t, Groups: len(n), Scores: score.Compare(goldIDs, pred), Seconds: secs}
	}
	storyOf := make([]int, len(res.Docs))
	repOf := make([]int, len(res.Docs))
	for i, d := range res.Docs {
		storyOf[i], repOf[i] = d.Story, d.Rep
	}
	var expectIdx []int
	if len(expect) > 0 {
		byID := map[string]int{}
		for i, d := range res.Docs {
			byID[d.ID] = i
		}
		for _, id := range expect {
			i, ok := byID[id]
			if !ok {
				return nil, fmt.Errorf("story: expected document %q is not in the input", id)
			}
			expectIdx = append(expectIdx, i)
		}
	}
	if ev.Labelled > 0 {
		ev.Rows = append(ev.Rows, rate("stories", res.Options.Threshold, storyOf, res.Stats.ClusterSeconds))
		ev.Rows = append(ev.Rows, rate("near-duplicate clusters", 0, repOf, 0))
	}
	if len(expectIdx) > 0 {
		c := check("stories", res.Options.Threshold, storyOf, expectIdx)
		reps := map[int][]string{}
		for _, i := range expectIdx {
			reps[repOf[i]] = append(reps[repOf[i]], res.Docs[i].ID)
		}
		for _, i := range expectIdx {
			if ids := reps[repOf[i]]; len(ids) > 1 && repOf[i] == i {
				c.Nested = append(c.Nested, ids)
			}
		}
		ev.Checks = append(ev.Checks, c)
	}
	plain := make([]Vector, len(res.Docs))
	for i, d := range res.Docs {
		plain[i] = d.Plain
	}
	start := time.Now()
	comps := SingleLink(plain, sweep)
	secs := time.Since(start).Seconds()
	best := -1
	for k, t := range sweep {
		if ev.Labelled > 0 {
			row := rate("TF-IDF single link", t, comps[k], secs)
			ev.Sweep = append(ev.Sweep, row)
			if best < 0 || row.Scores.BCubed.F1 > ev.Sweep[best].Scores.BCubed.F1 {
				best = k
			}
		}
		if len(expectIdx) > 0 {
			ev.Checks = append(ev.Checks, check("TF-IDF single link", t, comps[k], expectIdx))
		}
	}
	if best >= 0 {
		row := ev.Sweep[best]
		row.Method = "TF-IDF single link, best threshold on the labels"
		ev.Rows = append(ev.Rows, row)
	}
	return ev, nil
}

func check(method string, t float64, groups []int, docs []int) GroupCheck {
	in := map[int]bool{}
	for _, i := range docs {
		in[groups[i]] = true
	}
	others := 0
	member := map[int]bool{}
	for _, i := range docs {
		member[i] = true
	}
	for i, g := range groups {
		if in[g] && !member[i] {
			others++
		}
	}
	return GroupCheck{Method: method, Threshold: t, Groups: len(in), Others: others}
}

// WriteText writes the evaluation as tables.
func (ev *Evaluation) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "%d documents, %d labelled\n", ev.Docs, ev.Labelled)
	if len(ev.Rows) > 0 {
		fmt.Fprintln(tw, "method\tthreshold\tgroups\tpair P\tpair R\tpair F1\tB3 P\tB3 R\tB3 F1\tARI\thomog\tcompl\t")
		for _, r := range ev.Rows {
			row(tw, r)
		}
		fmt.Fprintln(tw, "\t\t\t\t\t\t\t\t\t\t\t\t")
		for _, r := range ev.Sweep {
			row(tw, r)
		}
	}
	if len(ev.Checks) > 0 {
		fmt.Fprintln(tw, "group check\tthreshold\tgroups\tothers\tnested duplicate clusters\t")
		for _, c := range ev.Checks {
			var nested []string
			for _, n := range c.Nested {
				nested = append(nested, "{"+strings.Join(n, ", ")+"}")
			}
			fmt.Fprintf(tw, "%s\t%.3f\t%d\t%d\t%s\t\n", c.Method, c.Threshold, c.Groups, c.Others, strings.Join(nested, " "))
		}
	}
	return tw.Flush()
}

func row(w io.Writer, r EvalRow) {
	s := r.Scores
	fmt.Fprintf(w, "%s\t%.3f\t%d\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t\n", r.Method, r.Threshold, r.Groups,
		s.Pairwise.P, s.Pairwise.R, s.Pairwise.F1, s.BCubed.P, s.BCubed.R, s.BCubed.F1, s.ARI, s.Homogeneity, s.Completeness)
}

// subjectPrefix matches the reply and forward markers before a subject:
// "Re: ", "RE[2]: ", "Fwd: ", repeated.
var subjectPrefix = regexp.MustCompile(`(?i)^\s*((re|fwd?|fw)\s*(\[\d+\])?\s*:\s*)+`)

// ThreadLabel normalizes a mail or news subject to its thread: reply and
// forward markers off, letters lower-cased, spaces collapsed. "Re: Re:
// The  Plan" and "the plan" are one thread.
func ThreadLabel(subject string) string {
	s := subjectPrefix.ReplaceAllString(subject, "")
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

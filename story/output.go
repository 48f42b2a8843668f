package story

import (
	"bufio"
	"encoding/json"
	"io"
)

// DocLine is one line of the documents output: one per document, in
// input order.
type DocLine struct {
	ID string `json:"id"`
	// Story is the story's id (the id of its first document in date order).
	Story string `json:"story"`
	// Cluster is the id of the document its near-duplicate cluster keeps,
	// as in the output of rehash dedup.
	Cluster string `json:"cluster"`
	// Labels are the story's label terms.
	Labels []string `json:"labels"`
}

// WriteDocs writes one DocLine per document as JSON Lines.
func (r *Result) WriteDocs(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for _, d := range r.Docs {
		s := &r.Stories[d.Story]
		line := DocLine{ID: d.ID, Story: s.ID, Cluster: r.Docs[d.Rep].ID, Labels: s.Labels}
		if err := enc.Encode(&line); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// WriteStories writes one Summary per story as JSON Lines, in the order
// the stories started.
func (r *Result) WriteStories(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for i := range r.Stories {
		if err := enc.Encode(&r.Stories[i]); err != nil {
			return err
		}
	}
	return bw.Flush()
}

package main

import (
	"context"
	"encoding/json"
	"io"

	"github.com/rehashdev/rehash/client"
	"github.com/rehashdev/rehash/index"
	"github.com/rehashdev/rehash/ingest"
)

// runRemoteQuery is `rehash index query --server URL`: the same lines as
// a local query, from POST /v1/check, for an index a server holds open.
func runRemoteQuery(ctx context.Context, o *indexOpts, q *index.QueryOptions, in *ingest.Options, paths []string, stdout io.Writer) error {
	c, err := o.client()
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	return ingest.Read(ctx, paths, in, func(r *ingest.Record) error {
		d, err := r.Document()
		if err != nil {
			if _, ok := o.onError.Skips(err); ok {
				return nil
			}
			return err
		}
		res, err := c.Check(ctx, string(d.Text), &client.CheckOptions{Threshold: q.Threshold, Limit: q.Limit, Reuse: q.Reuse})
		if err != nil {
			return err
		}
		for _, m := range res.Matches {
			if err := enc.Encode(struct {
				Query string `json:"query"`
				client.Match
			}{d.ID, m}); err != nil {
				return err
			}
		}
		for i := range res.Links {
			l := &res.Links[i]
			l.A = d.ID // the server names the query "(query)"
			if err := enc.Encode(struct {
				Query string       `json:"query"`
				Link  *client.Link `json:"link"`
			}{d.ID, l}); err != nil {
				return err
			}
		}
		return nil
	})
}

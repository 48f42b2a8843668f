package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"

	"github.com/rehashdev/rehash/client"
	"github.com/rehashdev/rehash/index"
	"github.com/rehashdev/rehash/ingest"
	"github.com/rehashdev/rehash/server"
)

// runRemoteQuery is `rehash index query --server URL`: the same lines as
// a local query, from POST /v1/check, for an index a server holds open.
func runRemoteQuery(ctx context.Context, o *indexOpts, q *index.QueryOptions, in *ingest.Options, paths []string, stdout io.Writer) error {
	u, err := url.Parse(o.server)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return usageError{fmt.Errorf("--server %q: want http://HOST:PORT", o.server)}
	}
	if o.dir != "" {
		return usageError{errors.New("give --index or --server, not both")}
	}
	token := ""
	if o.tokenFile != "" {
		keys, err := server.LoadKeys(o.tokenFile)
		if err != nil {
			return usageError{err}
		}
		token = keys[0]
	}
	c := client.New(o.server, token)
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

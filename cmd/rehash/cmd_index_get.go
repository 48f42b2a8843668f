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
	"github.com/rehashdev/rehash/server"
	"github.com/spf13/cobra"
)

// newIndexGetCmd is `rehash index get`: what GET /v1/documents/{id}
// answers, from an index directory or from a running server.
func newIndexGetCmd(stdout, stderr io.Writer) *cobra.Command {
	o := &indexOpts{}
	reuse := false
	limit := server.DefaultClusterLimit
	c := &cobra.Command{
		Use:   "get (--index DIR | --server URL) ID...",
		Short: "Print stored documents with their matches and cluster, as JSON lines",
		Long: `Writes one JSON line per id, as GET /v1/documents/{id} answers it: the
document (id, meta, added, text_bytes, shingles), its matches, its cluster
(at most --cluster-limit members) and, with --reuse, its reuse links. With
--server it asks a running rehash serve (which holds the index open), with
--index it opens the directory read-only. Ids not in the index are named
and make the exit status 1.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, ids []string) error {
			if limit < 1 || limit > server.MaxClusterLimit {
				return usageError{fmt.Errorf("--cluster-limit %d: want 1 to %d", limit, server.MaxClusterLimit)}
			}
			get, closeFn, err := o.getter(reuse, limit)
			if err != nil {
				return err
			}
			defer closeFn()
			enc := json.NewEncoder(stdout)
			enc.SetEscapeHTML(false)
			missing := 0
			for _, id := range ids {
				v, err := get(c.Context(), id)
				if errors.Is(err, index.ErrNotFound) {
					fmt.Fprintf(stderr, "rehash: not in the index: %s\n", id)
					missing++
					continue
				}
				if err != nil {
					return err
				}
				if err := enc.Encode(v); err != nil {
					return err
				}
			}
			if missing > 0 {
				return fmt.Errorf("%d of %d ids not found", missing, len(ids))
			}
			return nil
		},
	}
	indexFlags(c, o, 0)
	o.serverFlags(c)
	c.Flags().BoolVar(&reuse, "reuse", false, "also write each document's reuse links")
	c.Flags().IntVar(&limit, "cluster-limit", server.DefaultClusterLimit, "most cluster members listed")
	return c
}

// serverFlags binds --server and --token-file: the read commands that can
// ask a running server instead of opening the directory.
func (o *indexOpts) serverFlags(c *cobra.Command) {
	c.Flags().StringVar(&o.server, "server", "", "ask a running rehash serve at this URL instead of opening --index")
	c.Flags().StringVar(&o.tokenFile, "token-file", "", "with --server: a file whose first key is the bearer token")
}

// client returns the API client for --server, checking the flags.
func (o *indexOpts) client() (*client.Client, error) {
	u, err := url.Parse(o.server)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, usageError{fmt.Errorf("--server %q: want http://HOST:PORT", o.server)}
	}
	if o.dir != "" {
		return nil, usageError{errors.New("give --index or --server, not both")}
	}
	token := ""
	if o.tokenFile != "" {
		keys, err := server.LoadKeys(o.tokenFile)
		if err != nil {
			return nil, usageError{err}
		}
		token = keys[0]
	}
	return client.New(o.server, token), nil
}

// getter returns how `index get` reads one document: through the API, or
// from the index opened read-only, in the API's shape either way.
func (o *indexOpts) getter(reuse bool, limit int) (func(context.Context, string) (any, error), func(), error) {
	if o.server != "" {
		cl, err := o.client()
		if err != nil {
			return nil, nil, err
		}
		return func(ctx context.Context, id string) (any, error) {
			res, err := cl.Get(ctx, id, reuse, limit)
			var ce *client.Error
			if errors.As(err, &ce) && ce.Code == server.CodeNotFound {
				return nil, index.ErrNotFound
			}
			return res, err
		}, func() {}, nil
	}
	o.open.ReadOnly = true
	ix, err := o.openIndex()
	if err != nil {
		return nil, nil, err
	}
	return func(ctx context.Context, id string) (any, error) {
		return server.Document(ctx, ix, id, reuse, limit)
	}, func() { ix.Close() }, nil
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/pprof"
	"os/signal"
	"syscall"
	"time"

	"github.com/rehashdev/rehash/server"
	"github.com/spf13/cobra"
)

type serveOpts struct {
	indexOpts
	addr, keys string
	noAuth     bool
	srv        server.Options
	evictEvery time.Duration
	pprofAddr  string
}

func newServeCmd(stderr io.Writer) *cobra.Command {
	o := &serveOpts{}
	c := &cobra.Command{
		Use:   "serve --index DIR [--addr HOST:PORT] (--keys FILE | --insecure-no-auth)",
		Short: "Serve an index over HTTP: add, check, get, delete, metrics",
		Long: `Serves the API described in api/openapi.yaml. Requests to /v1 need a bearer
token, one of the lines of --keys; --insecure-no-auth turns that off and is
refused unless --addr is a loopback address. SIGINT or SIGTERM stops taking
connections, finishes the requests in flight (every acknowledged write is
already synced) and closes the index.`,
		Example: `  rehash serve --index news.idx --keys keys.txt
  rehash serve --index news.idx --addr 127.0.0.1:9000 --insecure-no-auth`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return runServe(c.Context(), o, stderr)
		},
	}
	indexFlags(c, &o.indexOpts, true)
	f := c.Flags()
	f.StringVar(&o.addr, "addr", "127.0.0.1:8080", "address to listen on")
	f.StringVar(&o.keys, "keys", "", "file of bearer tokens, one per line")
	f.BoolVar(&o.noAuth, "insecure-no-auth", false, "serve without auth (loopback addresses only)")
	f.Int64Var(&o.srv.MaxBodyBytes, "max-body", 8<<20, "largest request body in bytes")
	f.IntVar(&o.srv.MaxBatch, "max-batch", 1000, "most documents in one add request")
	f.IntVar(&o.srv.MaxInFlight, "max-in-flight", 0, "most /v1 requests served at once; more get 503 (0: 8 per core)")
	f.DurationVar(&o.srv.Timeout, "timeout", 30*time.Second, "longest a request may work")
	f.DurationVar(&o.open.MaxAge, "max-age", 0, "hide and evict documents older than this (0: keep forever)")
	f.DurationVar(&o.evictEvery, "evict-every", time.Minute, "how often to evict documents past --max-age")
	f.StringVar(&o.pprofAddr, "pprof", "", "serve net/http/pprof on this loopback address, for profiling (default: off)")
	return c
}

func runServe(ctx context.Context, o *serveOpts, stderr io.Writer) error {
	switch {
	case o.keys != "" && o.noAuth:
		return usageError{errors.New("give --keys or --insecure-no-auth, not both")}
	case o.keys == "" && !o.noAuth:
		return usageError{errors.New("give --keys FILE, or --insecure-no-auth on a loopback address")}
	case o.noAuth && !isLoopback(o.addr):
		return usageError{fmt.Errorf("--insecure-no-auth is refused on %s: not a loopback address", o.addr)}
	case o.pprofAddr != "" && !isLoopback(o.pprofAddr):
		return usageError{fmt.Errorf("--pprof is refused on %s: not a loopback address", o.pprofAddr)}
	}
	o.srv.InsecureNoAuth = o.noAuth
	if o.keys != "" {
		keys, err := server.LoadKeys(o.keys)
		if err != nil {
			return usageError{err}
		}
		o.srv.Keys = keys
	}
	ix, err := o.openIndex()
	if err != nil {
		return err
	}
	defer ix.Close()
	srv, err := server.New(ix, &o.srv)
	if err != nil {
		return usageError{err}
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if o.pprofAddr != "" {
		if err := servePprof(ctx, o.pprofAddr); err != nil {
			return err
		}
	}
	if o.open.MaxAge > 0 {
		go func() {
			t := time.NewTicker(o.evictEvery)
			defer t.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-t.C:
					if _, err := ix.Evict(ctx); err != nil && ctx.Err() == nil {
						fmt.Fprintf(stderr, "rehash: evict: %v\n", err)
					}
				}
			}
		}()
	}
	st, _ := ix.Stats()
	fmt.Fprintf(stderr, "rehash: serving %s (%d documents) on http://%s\n", o.dir, st.Docs, ln.Addr())
	err = srv.Serve(ctx, ln)
	fmt.Fprintln(stderr, "rehash: stopped")
	if err != nil {
		return err
	}
	return ix.Close()
}

// servePprof serves the profiling endpoints on their own listener, apart
// from the authenticated API, until ctx is done.
func servePprof(ctx context.Context, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	go func() { <-ctx.Done(); hs.Close() }()
	return nil
}

// isLoopback reports whether addr names only loopback interfaces: an
// empty host listens on all of them and is not.
func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil || host == "" {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

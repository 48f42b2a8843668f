package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/rehashdev/rehash/index"
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
	logFormat  string
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
already synced) and closes the index. SIGHUP reloads the --keys file: a
removed key stops working, a new one starts (a file that cannot be read or
holds no key is logged and the old keys kept).

Logs go to standard error with log/slog, one access-log line per request
(request id, method, route, status, bytes, duration; the id is the
client's X-Request-Id or a new one, echoed in the response), in JSON or
text (--log-format).`,
		Example: `  rehash serve --index news.idx --keys keys.txt
  rehash serve --index news.idx --addr 127.0.0.1:9000 --insecure-no-auth`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return runServe(c.Context(), o, stderr)
		},
	}
	indexFlags(c, &o.indexOpts, index.ParamFlags|index.MaxAgeFlag)
	libFlags(c.Flags(), o.srv.Flags)
	f := c.Flags()
	f.StringVar(&o.addr, "addr", "127.0.0.1:8080", "address to listen on")
	f.StringVar(&o.keys, "keys", "", "file of bearer tokens, one per line")
	f.BoolVar(&o.noAuth, "insecure-no-auth", false, "serve without auth (loopback addresses only)")
	f.StringVar(&o.logFormat, "log-format", "text", "log format: json or text")
	f.DurationVar(&o.evictEvery, "evict-every", time.Minute, "how often to evict documents past --max-age")
	f.StringVar(&o.pprofAddr, "pprof", "", "serve net/http/pprof on this loopback address, for profiling (default: off)")
	return c
}

func runServe(ctx context.Context, o *serveOpts, stderr io.Writer) error {
	var logger *slog.Logger
	switch o.logFormat {
	case "json":
		logger = slog.New(slog.NewJSONHandler(stderr, nil))
	case "text":
		logger = slog.New(slog.NewTextHandler(stderr, nil))
	default:
		return usageError{fmt.Errorf("--log-format %q: want json or text", o.logFormat)}
	}
	switch {
	case o.srv.MaxBodyBytes <= 0:
		return usageError{fmt.Errorf("--max-body %d: must be positive", o.srv.MaxBodyBytes)}
	case o.srv.MaxBatch <= 0:
		return usageError{fmt.Errorf("--max-batch %d: must be positive", o.srv.MaxBatch)}
	case o.srv.MaxInFlight < 0:
		return usageError{fmt.Errorf("--max-in-flight %d: must not be negative", o.srv.MaxInFlight)}
	case o.srv.MaxBytesInFlight < 0:
		return usageError{fmt.Errorf("--max-bytes-in-flight %d: must not be negative", o.srv.MaxBytesInFlight)}
	case o.srv.Timeout <= 0:
		return usageError{fmt.Errorf("--timeout %v: must be positive", o.srv.Timeout)}
	case o.srv.BodyTimeout <= 0:
		return usageError{fmt.Errorf("--body-timeout %v: must be positive", o.srv.BodyTimeout)}
	case o.evictEvery <= 0:
		return usageError{fmt.Errorf("--evict-every %v: must be positive", o.evictEvery)}
	case o.open.MaxAge < 0:
		return usageError{fmt.Errorf("--max-age %v: must not be negative", o.open.MaxAge)}
	}
	o.srv.Logger = logger
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
	for _, w := range ix.Warnings() {
		logger.Warn("index recovery", "dir", o.dir, "warning", w)
	}
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
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				if o.keys == "" {
					logger.Info("SIGHUP: no --keys file to reload")
					continue
				}
				keys, err := server.LoadKeys(o.keys)
				if err != nil {
					logger.Error("SIGHUP: keys not reloaded; the old ones stay", "error", err)
					continue
				}
				srv.SetKeys(keys)
				logger.Info("SIGHUP: keys reloaded", "file", o.keys, "keys", len(keys))
			}
		}
	}()
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
						logger.Error("evict", "error", err)
					}
				}
			}
		}()
	}
	st, _ := ix.Stats()
	logger.Info("serving", "dir", o.dir, "documents", st.Docs, "url", "http://"+ln.Addr().String())
	err = srv.Serve(ctx, ln)
	logger.Info("stopped")
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

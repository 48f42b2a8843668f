// Package server is the HTTP API over an index: add documents, check a
// text without adding it, read a document with its matches and cluster,
// delete, plus health, readiness and Prometheus metrics.
//
//	ix, _ := index.Open("news.idx", nil)
//	srv, _ := server.New(ix, &server.Options{Keys: keys})
//	http.ListenAndServe("127.0.0.1:8080", srv)
//
// Every /v1 route takes a bearer token from Options.Keys, a JSON body of at
// most Options.MaxBodyBytes, and a slot among Options.MaxInFlight (503
// "overloaded" when none is free, rather than queueing without bound).
// Errors are JSON, {"error":{"code":"...","message":"..."}}, with the stable
// codes listed in errors.go. A write is acknowledged (2xx) only after the
// index has synced it. api/openapi.yaml describes the routes; a test holds
// the two together.
package server

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/rehashdev/rehash/index"
)

// Options configure a Server. A nil *Options is invalid: the keys, or the
// explicit choice of no auth, must be given.
type Options struct {
	// Keys are the accepted bearer tokens.
	Keys []string
	// InsecureNoAuth serves /v1 without tokens. It must be asked for; the
	// command refuses it on a non-loopback address.
	InsecureNoAuth bool
	// MaxBodyBytes bounds a request body. Default 8 MiB.
	MaxBodyBytes int64
	// MaxBatch bounds the documents of one add. Default 1000.
	MaxBatch int
	// MaxInFlight bounds the /v1 requests served at once. Default
	// 8 × GOMAXPROCS.
	MaxInFlight int
	// MaxBytesInFlight bounds the request bytes held at once by /v1
	// requests being read or served, counting a body of unknown length as
	// MaxBodyBytes; a request that would pass it gets 503 "overloaded".
	// Analysis takes several times a text's size in memory, so this, not
	// MaxInFlight, is what bounds memory under large adds. Default
	// 4 × MaxBodyBytes.
	MaxBytesInFlight int64
	// Timeout bounds the work of one request, once its body is read.
	// Default 30 s.
	Timeout time.Duration
	// BodyTimeout bounds the reading of one request body, before the
	// request takes a slot: a client sending slowly holds no slot.
	// Default 10 s.
	BodyTimeout time.Duration
	// Registry receives the metrics. Default a new registry, served at
	// /metrics.
	Registry *prometheus.Registry
	// Logger receives one access-log line per request and every internal
	// error. Default: discard.
	Logger *slog.Logger
}

// Validate reports options that cannot be used: negative limits, which
// would otherwise silently mean the defaults.
func (o *Options) Validate() error {
	switch {
	case o.MaxBodyBytes < 0:
		return fmt.Errorf("%w: max body bytes %d is negative", ErrOptions, o.MaxBodyBytes)
	case o.MaxBatch < 0:
		return fmt.Errorf("%w: max batch %d is negative", ErrOptions, o.MaxBatch)
	case o.MaxInFlight < 0:
		return fmt.Errorf("%w: max in flight %d is negative", ErrOptions, o.MaxInFlight)
	case o.MaxBytesInFlight < 0:
		return fmt.Errorf("%w: max bytes in flight %d is negative", ErrOptions, o.MaxBytesInFlight)
	case o.Timeout < 0:
		return fmt.Errorf("%w: timeout %v is negative", ErrOptions, o.Timeout)
	case o.BodyTimeout < 0:
		return fmt.Errorf("%w: body timeout %v is negative", ErrOptions, o.BodyTimeout)
	}
	return nil
}

// ErrOptions reports unusable options.
var ErrOptions = errors.New("server: invalid options")

// Server serves the API. It is an http.Handler.
type Server struct {
	ix      *index.Index
	opts    Options
	mux     *http.ServeMux
	slots   chan struct{}
	ready   atomic.Bool
	metrics *metrics
	log     *slog.Logger
	// keys are the accepted tokens, replaced whole by SetKeys.
	keys atomic.Pointer[[]string]
	// bytesInFlight is the admission count of MaxBytesInFlight.
	bytesInFlight atomic.Int64
	// reqSeq numbers requests for ids when the client sends none.
	reqSeq  atomic.Uint64
	reqBase string
}

// New returns a server over ix, ready (see SetReady).
func New(ix *index.Index, opts *Options) (*Server, error) {
	if opts == nil {
		return nil, fmt.Errorf("%w: give keys or InsecureNoAuth", ErrOptions)
	}
	o := *opts
	if len(o.Keys) == 0 && !o.InsecureNoAuth {
		return nil, fmt.Errorf("%w: no keys and auth not disabled", ErrOptions)
	}
	if err := o.Validate(); err != nil {
		return nil, err
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if o.MaxBatch <= 0 {
		o.MaxBatch = DefaultMaxBatch
	}
	if o.MaxInFlight <= 0 {
		o.MaxInFlight = 8 * runtime.GOMAXPROCS(0)
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.BodyTimeout <= 0 {
		o.BodyTimeout = DefaultBodyTimeout
	}
	if o.MaxBytesInFlight <= 0 {
		o.MaxBytesInFlight = 4 * o.MaxBodyBytes
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Registry == nil {
		o.Registry = prometheus.NewRegistry()
	}
	s := &Server{ix: ix, opts: o, mux: http.NewServeMux(), slots: make(chan struct{}, o.MaxInFlight), log: o.Logger}
	s.SetKeys(o.Keys)
	var rb [6]byte
	rand.Read(rb[:])
	s.reqBase = hex.EncodeToString(rb[:])
	s.metrics = newMetrics(o.Registry, ix)
	s.ready.Store(true)
	byPath := map[string]map[string]http.HandlerFunc{}
	for _, rt := range s.routes() {
		if byPath[rt.Path] == nil {
			byPath[rt.Path] = map[string]http.HandlerFunc{}
		}
		h := rt.handler
		if rt.api {
			h = s.api(h)
		}
		byPath[rt.Path][rt.Method] = h
	}
	for path, methods := range byPath {
		path, methods := path, methods
		// A pattern without a trailing slash matches its path exactly.
		s.mux.HandleFunc(path, s.observe(path, func(w http.ResponseWriter, r *http.Request) {
			h, ok := methods[r.Method]
			if !ok && r.Method == http.MethodHead {
				h, ok = methods[http.MethodGet]
			}
			if !ok {
				allow := make([]string, 0, len(methods))
				for m := range methods {
					allow = append(allow, m)
				}
				w.Header().Set("Allow", strings.Join(allow, ", "))
				writeError(w, errMethod(r.Method))
				return
			}
			h(w, r)
		}))
	}
	s.mux.HandleFunc("/", s.observe("other", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, &apiError{Status: http.StatusNotFound, Code: CodeNotFound, Message: "no route " + r.URL.Path})
	}))
	return s, nil
}

// route is one method on one path, as api/openapi.yaml lists them.
type route struct {
	Method, Path string
	// api routes take auth, a concurrency slot and the request timeout.
	api     bool
	handler http.HandlerFunc
}

func (s *Server) routes() []route {
	return []route{
		{http.MethodPost, "/v1/documents", true, s.addDocuments},
		{http.MethodPost, "/v1/check", true, s.check},
		{http.MethodGet, "/v1/documents/{id}", true, s.getDocument},
		{http.MethodDelete, "/v1/documents/{id}", true, s.deleteDocument},
		{http.MethodGet, "/healthz", false, s.healthz},
		{http.MethodGet, "/readyz", false, s.readyz},
		{http.MethodGet, "/metrics", false, s.metrics.handler(s.opts.Registry)},
	}
}

// ServeHTTP serves the API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// SetReady sets what /readyz answers; a shutdown clears it first so that
// load balancers stop sending work.
func (s *Server) SetReady(ok bool) { s.ready.Store(ok) }

// SetKeys replaces the accepted bearer tokens, for requests that start
// after it returns (rehash serve calls it on SIGHUP).
func (s *Server) SetKeys(keys []string) {
	k := append([]string(nil), keys...)
	s.keys.Store(&k)
}

// api wraps a /v1 handler with, in order: auth (an unauthenticated client
// takes nothing), admission by bytes in flight, reading the body under its
// own deadline, a concurrency slot, and the work timeout. The body is read
// before the slot is taken, so a client sending slowly holds only its
// bytes' admission, never a slot.
func (s *Server) api(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.authorized(r) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="rehash"`)
			writeError(w, &apiError{Status: http.StatusUnauthorized, Code: CodeUnauthorized, Message: "missing or unknown bearer token"})
			return
		}
		n := s.opts.MaxBodyBytes
		if r.ContentLength >= 0 && r.ContentLength < n {
			n = r.ContentLength
		}
		if r.Body == nil || r.Body == http.NoBody {
			n = 0
		}
		if s.bytesInFlight.Add(n) > s.opts.MaxBytesInFlight && n > 0 {
			s.bytesInFlight.Add(-n)
			s.metrics.rejected.Inc()
			w.Header().Set("Retry-After", "1")
			writeError(w, &apiError{Status: http.StatusServiceUnavailable, Code: CodeOverloaded, Message: "too many request bytes in flight"})
			return
		}
		defer s.bytesInFlight.Add(-n)
		if n > 0 {
			rc := http.NewResponseController(w)
			rc.SetReadDeadline(time.Now().Add(s.opts.BodyTimeout))
			b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.opts.MaxBodyBytes))
			var tooBig *http.MaxBytesError
			switch {
			case errors.As(err, &tooBig):
				writeError(w, &apiError{Status: http.StatusRequestEntityTooLarge, Code: CodeTooLarge, Message: "request body over " + itoa(tooBig.Limit) + " bytes"})
				return
			case err != nil:
				// The deadline stays passed and the connection closes:
				// net/http would otherwise wait to drain the rest.
				w.Header().Set("Connection", "close")
				writeError(w, &apiError{Status: http.StatusRequestTimeout, Code: CodeTimeout, Message: "the request body was not read in time"})
				return
			}
			rc.SetReadDeadline(time.Time{})
			r.Body = io.NopCloser(bytes.NewReader(b))
		}
		select {
		case s.slots <- struct{}{}:
			defer func() { <-s.slots }()
		default:
			s.metrics.rejected.Inc()
			w.Header().Set("Retry-After", "1")
			writeError(w, &apiError{Status: http.StatusServiceUnavailable, Code: CodeOverloaded, Message: "too many requests in flight"})
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), s.opts.Timeout)
		defer cancel()
		h(w, r.WithContext(ctx))
	}
}

// authorized compares the token with every key in constant time, so the
// time taken does not reveal how much of a key was right. The scheme is
// case-insensitive, as HTTP auth schemes are (RFC 9110, 11.1).
func (s *Server) authorized(r *http.Request) bool {
	if s.opts.InsecureNoAuth {
		return true
	}
	h := r.Header.Get("Authorization")
	if len(h) < 7 || !strings.EqualFold(h[:7], "Bearer ") {
		return false
	}
	tok := strings.TrimLeft(h[7:], " ")
	if tok == "" {
		return false
	}
	found := 0
	for _, k := range *s.keys.Load() {
		found |= subtle.ConstantTimeCompare([]byte(tok), []byte(k))
	}
	return found == 1
}

// LoadKeys reads bearer tokens, one per line; blank lines and lines
// starting with # are ignored. A file with no key is an error, so that a
// wrong path cannot turn auth off.
func LoadKeys(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("server: keys: %w", err)
	}
	var keys []string
	for _, l := range strings.Split(string(b), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		keys = append(keys, l)
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("%w: no keys in %s", ErrOptions, path)
	}
	return keys, nil
}

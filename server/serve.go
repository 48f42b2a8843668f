package server

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"
)

// DrainTimeout bounds how long Serve waits, after ctx ends, for requests in
// flight to finish.
const DrainTimeout = 30 * time.Second

// Serve serves on ln until ctx ends, then shuts down gracefully: /readyz
// turns 503, the listener closes, and requests in flight run to the end
// (their writes synced) before Serve returns. It does not close the index.
// Timeouts on reading headers and bodies guard against slow clients.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       s.opts.Timeout + 10*time.Second,
		WriteTimeout:      s.opts.Timeout + 20*time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.SetReady(false)
	sctx, cancel := context.WithTimeout(context.Background(), DrainTimeout)
	defer cancel()
	err := hs.Shutdown(sctx)
	if serr := <-errc; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}

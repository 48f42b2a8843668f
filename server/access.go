package server

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"time"
)

// observe wraps every route: it gives the request an id (the client's
// X-Request-Id when it sends a short printable one, else a new one) and
// echoes it in the response, turns a panic into a 500, counts and times
// the request under its route (including 404s, as "other", and 405s), and
// writes one access-log line, with the internal error of any 5xx.
func (s *Server) observe(route string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-Id")
		if !validRequestID(id) {
			id = fmt.Sprintf("%s-%d", s.reqBase, s.reqSeq.Add(1))
		}
		w.Header().Set("X-Request-Id", id)
		s.metrics.inFlight.Inc()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.metrics.panics.Inc()
				rec.err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
				if !rec.wrote {
					writeError(rec, rec.err)
				}
			}
			d := time.Since(start)
			s.metrics.inFlight.Dec()
			s.metrics.requests.WithLabelValues(route, r.Method, strconv.Itoa(rec.status)).Inc()
			s.metrics.latency.WithLabelValues(route, r.Method).Observe(d.Seconds())
			level := slog.LevelInfo
			attrs := []slog.Attr{
				slog.String("request_id", id), slog.String("method", r.Method), slog.String("route", route),
				slog.Int("status", rec.status), slog.Int64("bytes_in", max(r.ContentLength, 0)),
				slog.Int64("bytes_out", rec.bytes), slog.Float64("duration_ms", float64(d.Microseconds())/1000),
				slog.String("remote", r.RemoteAddr),
			}
			if rec.status >= 500 {
				level = slog.LevelError
				if rec.err != nil {
					attrs = append(attrs, slog.String("error", rec.err.Error()))
				}
			}
			s.log.LogAttrs(r.Context(), level, "request", attrs...)
		}()
		h(rec, r)
	}
}

// validRequestID accepts ids of 1 to 128 printable ASCII characters, so a
// client's id cannot forge log lines or headers.
func validRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] <= ' ' || id[i] > '~' {
			return false
		}
	}
	return true
}

// statusRecorder keeps what the access log and metrics need: the status,
// the bytes written and the internal error behind a 5xx.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
	wrote  bool
	err    error
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.wrote = true
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	s.wrote = true
	n, err := s.ResponseWriter.Write(b)
	s.bytes += int64(n)
	return n, err
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

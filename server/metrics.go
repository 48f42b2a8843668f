package server

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/rehashdev/rehash/index"
)

// metrics are the server's Prometheus collectors. Route labels are the
// OpenAPI paths ("/v1/documents/{id}"), never raw URLs, so cardinality is
// fixed.
type metrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	inFlight prometheus.Gauge
	rejected prometheus.Counter
	added    *prometheus.CounterVec
	panics   prometheus.Counter
}

func newMetrics(reg *prometheus.Registry, ix *index.Index) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rehash_http_requests_total", Help: "HTTP requests by route, method and status code.",
		}, []string{"route", "method", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "rehash_http_request_duration_seconds", Help: "HTTP request latency by route and method.",
			Buckets: []float64{.0005, .001, .002, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route", "method"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "rehash_http_in_flight", Help: "Requests being served.",
		}),
		rejected: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "rehash_http_rejected_total", Help: "API requests refused with 503 because every slot was taken.",
		}),
		panics: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "rehash_http_panics_total", Help: "Requests whose handler panicked (answered 500).",
		}),
		added: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rehash_index_adds_total", Help: "Documents submitted for adding, by outcome.",
		}, []string{"status"}),
	}
	stat := func(f func(index.Stats) float64) func() float64 {
		return func() float64 {
			st, err := ix.Stats()
			if err != nil {
				return 0
			}
			return f(st)
		}
	}
	reg.MustRegister(m.requests, m.latency, m.inFlight, m.rejected, m.added, m.panics,
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "rehash_index_corruptions_total",
			Help: "Index operations that met corruption since the server started (see /readyz and rehash index check)."},
			func() float64 { return float64(ix.Corruptions()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "rehash_index_healthy",
			Help: "1 while the index has met no corruption, else 0."},
			func() float64 {
				if ix.Healthy() {
					return 1
				}
				return 0
			}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "rehash_index_documents", Help: "Documents in the index."},
			stat(func(s index.Stats) float64 { return float64(s.Docs) })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "rehash_index_disk_bytes", Help: "Bytes the index takes on disk."},
			stat(func(s index.Stats) float64 { return float64(s.DiskBytes) })),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return m
}

func (m *metrics) handler(reg *prometheus.Registry) http.HandlerFunc {
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{}).ServeHTTP
}

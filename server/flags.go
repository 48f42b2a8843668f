package server

import (
	"flag"
	"time"
)

// The defaults of Options, bound as the flags' defaults by Flags and
// filled in by New for zero fields.
const (
	DefaultMaxBodyBytes = 8 << 20
	DefaultMaxBatch     = 1000
	DefaultTimeout      = 30 * time.Second
	DefaultBodyTimeout  = 10 * time.Second
)

// Flags binds the limits to fs with their defaults: --max-body,
// --max-bytes-in-flight, --body-timeout, --max-batch, --max-in-flight and
// --timeout. Keys, auth and logging belong to the command that runs the
// server. Call it before fs is parsed; it sets the fields to their
// defaults.
func (o *Options) Flags(fs *flag.FlagSet) {
	fs.Int64Var(&o.MaxBodyBytes, "max-body", DefaultMaxBodyBytes, "largest request body in bytes")
	fs.Int64Var(&o.MaxBytesInFlight, "max-bytes-in-flight", 0, "most request body bytes held at once; more get 503 (0: 4 x --max-body)")
	fs.DurationVar(&o.BodyTimeout, "body-timeout", DefaultBodyTimeout, "longest a client may take to send its request body")
	fs.IntVar(&o.MaxBatch, "max-batch", DefaultMaxBatch, "most documents in one add request")
	fs.IntVar(&o.MaxInFlight, "max-in-flight", 0, "most /v1 requests served at once; more get 503 (0: 8 per core)")
	fs.DurationVar(&o.Timeout, "timeout", DefaultTimeout, "longest a request may work")
}

package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
)

// Error codes, stable across versions: clients may switch on them.
const (
	CodeBadRequest       = "bad_request"            // 400: malformed JSON or fields
	CodeUnauthorized     = "unauthorized"           // 401: missing or unknown token
	CodeNotFound         = "not_found"              // 404: unknown id or route
	CodeMethodNotAllowed = "method_not_allowed"     // 405
	CodeTooLarge         = "payload_too_large"      // 413: body over the limit
	CodeMediaType        = "unsupported_media_type" // 415: not application/json
	CodeOverloaded       = "overloaded"             // 503: no free slot; retry
	CodeNotReady         = "not_ready"              // 503: shutting down
	CodeTimeout          = "timeout"                // 504: the work took too long
	CodeInternal         = "internal"               // 500
	CodeCorrupt          = "index_corrupt"          // 500: the index met damaged data; see /readyz
)

// apiError is an error with its HTTP status and code.
type apiError struct {
	Status  int    `json:"-"`
	Code    string `json:"code"`
	Message string `json:"message"`
	// cause is the internal error behind a 5xx, logged, never shown.
	cause error
}

func (e *apiError) Error() string {
	if e.cause != nil {
		return e.Code + ": " + e.Message + ": " + e.cause.Error()
	}
	return e.Code + ": " + e.Message
}

func badRequest(format string, args ...any) *apiError {
	return &apiError{Status: http.StatusBadRequest, Code: CodeBadRequest, Message: fmt.Sprintf(format, args...)}
}

func errMethod(m string) *apiError {
	return &apiError{Status: http.StatusMethodNotAllowed, Code: CodeMethodNotAllowed, Message: "method " + m + " not allowed here"}
}

// writeError writes err as the JSON error body; errors that are not
// apiErrors are internal and their text is not shown.
func writeError(w http.ResponseWriter, err error) {
	var e *apiError
	if !errors.As(err, &e) {
		e = &apiError{Status: http.StatusInternalServerError, Code: CodeInternal, Message: "internal error"}
	}
	if e.Status >= 500 {
		if rec, ok := w.(*statusRecorder); ok {
			rec.err = err
		}
	}
	writeJSON(w, e.Status, map[string]*apiError{"error": e})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

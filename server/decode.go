package server

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/index"
)

// docJSON is a document in a request.
type docJSON struct {
	ID   *string     `json:"id"`
	Text *string     `json:"text"`
	Meta rehash.Meta `json:"meta"`
}

// addRequest is the body of POST /v1/documents: one document, or
// {"documents": [...]} for a batch.
type addRequest struct {
	docJSON
	Documents []docJSON `json:"documents"`
}

// checkRequest is the body of POST /v1/check.
type checkRequest struct {
	Text      *string `json:"text"`
	Threshold float64 `json:"threshold"`
	Limit     int     `json:"limit"`
	// Reuse asks for reuse links as well.
	Reuse bool `json:"reuse"`
}

// checkJSON requires a JSON content type.
func checkJSON(r *http.Request) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return &apiError{http.StatusUnsupportedMediaType, CodeMediaType, "Content-Type must be application/json"}
	}
	return nil
}

// decodeJSON decodes exactly one JSON value into v, refusing unknown
// fields (a misspelt "txt" should fail, not add an empty document) and
// trailing data.
func decodeJSON(r io.Reader, v any) error {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		if err != nil {
			return jsonError(err)
		}
		return badRequest("trailing data after the JSON value")
	}
	return nil
}

func jsonError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return &apiError{http.StatusRequestEntityTooLarge, CodeTooLarge, "request body over " + itoa(tooBig.Limit) + " bytes"}
	}
	if errors.Is(err, io.EOF) {
		return badRequest("empty body")
	}
	return badRequest("malformed JSON: %v", err)
}

// decodeAdd parses an add request into documents, at most maxBatch.
func decodeAdd(r io.Reader, maxBatch int) ([]index.Doc, error) {
	var req addRequest
	if err := decodeJSON(r, &req); err != nil {
		return nil, err
	}
	single := req.ID != nil || req.Text != nil || req.Meta != (rehash.Meta{})
	switch {
	case req.Documents != nil && single:
		return nil, badRequest("give one document or \"documents\", not both")
	case req.Documents == nil:
		d, err := req.docJSON.doc(-1)
		if err != nil {
			return nil, err
		}
		return []index.Doc{d}, nil
	case len(req.Documents) == 0:
		return nil, badRequest("\"documents\" is empty")
	case len(req.Documents) > maxBatch:
		return nil, badRequest("%d documents; at most %d per request", len(req.Documents), maxBatch)
	}
	docs := make([]index.Doc, len(req.Documents))
	for i, dj := range req.Documents {
		var err error
		if docs[i], err = dj.doc(i); err != nil {
			return nil, err
		}
	}
	return docs, nil
}

func (dj docJSON) doc(i int) (index.Doc, error) {
	where := ""
	if i >= 0 {
		where = "documents[" + itoa(int64(i)) + "]: "
	}
	switch {
	case dj.ID == nil || *dj.ID == "":
		return index.Doc{}, badRequest("%s\"id\" is required", where)
	case len(*dj.ID) > index.MaxIDBytes:
		return index.Doc{}, badRequest("%s\"id\" is over %d bytes", where, index.MaxIDBytes)
	case !utf8.ValidString(*dj.ID):
		return index.Doc{}, badRequest("%s\"id\" is not valid UTF-8", where)
	case dj.Text == nil:
		return index.Doc{}, badRequest("%s\"text\" is required", where)
	}
	return index.Doc{ID: *dj.ID, Text: []byte(*dj.Text), Meta: dj.Meta}, nil
}

// decodeCheck parses a check request.
func decodeCheck(r io.Reader) (*checkRequest, error) {
	var req checkRequest
	if err := decodeJSON(r, &req); err != nil {
		return nil, err
	}
	switch {
	case req.Text == nil:
		return nil, badRequest("\"text\" is required")
	case req.Threshold < 0 || req.Threshold > 1:
		return nil, badRequest("\"threshold\" must be in [0, 1]")
	case req.Limit < 0:
		return nil, badRequest("\"limit\" must not be negative")
	}
	return &req, nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

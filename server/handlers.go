package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/rehashdev/rehash/index"
)

// addResult is one document's outcome in an add response.
type addResult struct {
	ID     string       `json:"id"`
	Status index.Status `json:"status"`
	// Matches are the stored documents similar to this one before the add
	// (other documents of the same request not included), best first.
	Matches []index.Match `json:"matches"`
}

// addDocuments serves POST /v1/documents. The response is written only
// after the index has synced the batch.
func (s *Server) addDocuments(w http.ResponseWriter, r *http.Request) {
	if err := checkJSON(r); err != nil {
		writeError(w, err)
		return
	}
	docs, err := decodeAdd(r.Body, s.opts.MaxBatch)
	if err != nil {
		writeError(w, err)
		return
	}
	out := make([]addResult, len(docs))
	for i, d := range docs {
		ms, err := s.ix.Query(r.Context(), d.Text, &index.QueryOptions{Exclude: d.ID})
		if err != nil {
			writeError(w, indexError(err))
			return
		}
		out[i] = addResult{ID: d.ID, Matches: nonNil(ms)}
	}
	res, err := s.ix.Add(r.Context(), docs...)
	if err != nil {
		writeError(w, indexError(err))
		return
	}
	for i, x := range res {
		out[i].Status = x.Status
		s.metrics.added.WithLabelValues(string(x.Status)).Inc()
	}
	writeJSON(w, http.StatusOK, map[string]any{"results": out})
}

// check serves POST /v1/check: a query that adds nothing.
func (s *Server) check(w http.ResponseWriter, r *http.Request) {
	if err := checkJSON(r); err != nil {
		writeError(w, err)
		return
	}
	req, err := decodeCheck(r.Body)
	if err != nil {
		writeError(w, err)
		return
	}
	res, err := s.ix.Search(r.Context(), []byte(req.Text), &index.QueryOptions{Threshold: req.Threshold, Limit: req.Limit, Reuse: req.Reuse})
	if err != nil {
		writeError(w, indexError(err))
		return
	}
	out := map[string]any{"matches": nonNil(res.Matches)}
	if req.Reuse {
		out["links"] = nonNilLinks(res.Links)
	}
	writeJSON(w, http.StatusOK, out)
}

// DefaultClusterLimit and MaxClusterLimit bound the cluster members a GET
// walks (?cluster_limit=N): each member costs a query, and a cluster of
// thousands of near-copies would otherwise take seconds.
const (
	DefaultClusterLimit = 100
	MaxClusterLimit     = 1000
)

// getDocument serves GET /v1/documents/{id}: the document, its matches and
// its cluster (at most ?cluster_limit members, "truncated" when there are
// more), and with ?reuse=1 its reuse links.
func (s *Server) getDocument(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !utf8.ValidString(id) {
		writeError(w, badRequest("the document id is not valid UTF-8"))
		return
	}
	reuse, err := boolParam(r, "reuse")
	if err != nil {
		writeError(w, err)
		return
	}
	limit := DefaultClusterLimit
	if v := r.URL.Query().Get("cluster_limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxClusterLimit {
			writeError(w, badRequest("\"cluster_limit\" must be an integer in [1, %d]", MaxClusterLimit))
			return
		}
		limit = n
	}
	out, err := Document(r.Context(), s.ix, id, reuse, limit)
	if err != nil {
		writeError(w, indexError(err))
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// DocumentAnswer is the answer of GET /v1/documents/{id}.
type DocumentAnswer struct {
	Document *index.Entry   `json:"document"`
	Matches  []index.Match  `json:"matches"`
	Cluster  *index.Cluster `json:"cluster"`
	Links    *[]index.Link  `json:"links,omitempty"`
}

// Document answers GET /v1/documents/{id} from ix: the stored document,
// its matches, its cluster (at most limit members) and, with reuse, its
// links. `rehash index get` uses it to answer as the server would.
func Document(ctx context.Context, ix *index.Index, id string, reuse bool, limit int) (*DocumentAnswer, error) {
	e, err := ix.Get(id)
	if err != nil {
		return nil, err
	}
	res, err := ix.SearchID(ctx, id, &index.QueryOptions{Reuse: reuse})
	if err != nil {
		return nil, err
	}
	c, err := ix.Cluster(ctx, id, limit)
	if err != nil {
		return nil, err
	}
	out := &DocumentAnswer{Document: e, Matches: nonNil(res.Matches), Cluster: c}
	if reuse {
		links := nonNilLinks(res.Links)
		out.Links = &links
	}
	return out, nil
}

// deleteDocument serves DELETE /v1/documents/{id}; the response follows
// the synced delete.
func (s *Server) deleteDocument(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := s.ix.Delete(r.Context(), id); err != nil {
		writeError(w, indexError(err))
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"deleted": id})
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if !s.ready.Load() {
		writeError(w, &apiError{Status: http.StatusServiceUnavailable, Code: CodeNotReady, Message: "shutting down"})
		return
	}
	if !s.ix.Healthy() {
		writeError(w, &apiError{Status: http.StatusServiceUnavailable, Code: CodeNotReady, Message: "the index met corruption: run rehash index check, then repair"})
		return
	}
	if _, err := s.ix.Stats(); err != nil {
		writeError(w, &apiError{Status: http.StatusServiceUnavailable, Code: CodeNotReady, Message: "index unavailable"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

// indexError maps index errors to API errors.
func indexError(err error) error {
	switch {
	case errors.Is(err, index.ErrNotFound):
		return &apiError{Status: http.StatusNotFound, Code: CodeNotFound, Message: err.Error()}
	case errors.Is(err, index.ErrInvalid):
		return badRequest("%v", err)
	case errors.Is(err, context.DeadlineExceeded):
		return &apiError{Status: http.StatusGatewayTimeout, Code: CodeTimeout, Message: "request took too long"}
	case errors.Is(err, index.ErrClosed):
		return &apiError{Status: http.StatusServiceUnavailable, Code: CodeNotReady, Message: "shutting down"}
	case errors.Is(err, index.ErrCorrupt):
		return &apiError{Status: http.StatusInternalServerError, Code: CodeCorrupt, Message: "the index met damaged data", cause: err}
	}
	return err
}

// boolParam reads an optional boolean query parameter: absent is false;
// 1, true, 0 and false are accepted.
func boolParam(r *http.Request, name string) (bool, error) {
	v := r.URL.Query().Get(name)
	switch v {
	case "", "0", "false":
		return false, nil
	case "1", "true":
		return true, nil
	}
	return false, badRequest("%q must be 1, true, 0 or false", name)
}

func nonNilLinks(ls []index.Link) []index.Link {
	if ls == nil {
		return []index.Link{}
	}
	return ls
}

// nonNil makes an empty answer encode as [] rather than null.
func nonNil(ms []index.Match) []index.Match {
	if ms == nil {
		return []index.Match{}
	}
	return ms
}

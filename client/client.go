// Package client is a Go client for the HTTP API of `rehash serve`
// (api/openapi.yaml): add documents, check a text, read and delete a
// document. It depends only on the standard library and the shared
// vocabulary package, not on the index.
//
//	c := client.New("http://127.0.0.1:8080", token)
//	res, err := c.Add(ctx, client.Document{ID: "a1", Text: body})
//	ms, err := c.Check(ctx, other, nil)
//	for _, m := range ms.Matches { fmt.Println(m.ID, m.Jaccard) }
//
// Errors from the server are *Error values with the API's status, stable
// code and message, and the request id to look up in the server's log.
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/rehashdev/rehash"
)

// Client calls one server. It is safe for concurrent use.
type Client struct {
	// BaseURL is the server's root, "http://host:port".
	BaseURL string
	// Token is the bearer token; empty sends none (--insecure-no-auth).
	Token string
	// HTTP sends the requests. Default http.DefaultClient.
	HTTP *http.Client
}

// New returns a client for baseURL with a bearer token.
func New(baseURL, token string) *Client {
	return &Client{BaseURL: strings.TrimSuffix(baseURL, "/"), Token: token}
}

// Document is a document to add.
type Document struct {
	ID   string       `json:"id"`
	Text string       `json:"text"`
	Meta *rehash.Meta `json:"meta,omitempty"`
}

// Match is a stored document similar to a query, with exact scores.
type Match struct {
	ID           string      `json:"id"`
	Meta         rehash.Meta `json:"meta"`
	Added        time.Time   `json:"added"`
	Jaccard      float64     `json:"jaccard"`
	QueryInMatch float64     `json:"query_in_match"`
	MatchInQuery float64     `json:"match_in_query"`
	Exact        bool        `json:"exact,omitempty"`
}

// Link is a reuse link from the query to a stored document.
type Link struct {
	rehash.Link
	Meta    rehash.Meta `json:"meta"`
	Added   time.Time   `json:"added"`
	Anchors int         `json:"anchors"`
}

// AddResult is one document's outcome: "added", "replaced", "unchanged"
// or "empty", and the stored documents it matched before the add.
type AddResult struct {
	ID      string  `json:"id"`
	Status  string  `json:"status"`
	Matches []Match `json:"matches"`
}

// CheckOptions shape a check. Nil means the server's defaults.
type CheckOptions struct {
	// Threshold is the least Jaccard similarity reported; 0: the index's.
	Threshold float64 `json:"threshold,omitempty"`
	// Limit bounds the matches; 0: all.
	Limit int `json:"limit,omitempty"`
	// Reuse asks for reuse links as well.
	Reuse bool `json:"reuse,omitempty"`
}

// CheckResult is the answer to a check.
type CheckResult struct {
	Matches []Match `json:"matches"`
	Links   []Link  `json:"links,omitempty"`
}

// Entry is a stored document.
type Entry struct {
	ID        string      `json:"id"`
	Meta      rehash.Meta `json:"meta"`
	Added     time.Time   `json:"added"`
	TextBytes int         `json:"text_bytes"`
	Shingles  int         `json:"shingles"`
}

// Cluster is a document's near-duplicate cluster, at most the members
// asked for (Truncated when there are more).
type Cluster struct {
	Rep     string `json:"rep"`
	Members []struct {
		ID         string  `json:"id"`
		Similarity float64 `json:"similarity"`
		Exact      bool    `json:"exact,omitempty"`
	} `json:"members"`
	Truncated bool `json:"truncated,omitempty"`
}

// GetResult is a stored document with its matches and cluster.
type GetResult struct {
	Document Entry   `json:"document"`
	Matches  []Match `json:"matches"`
	Cluster  Cluster `json:"cluster"`
	Links    []Link  `json:"links,omitempty"`
}

// Error is an error answer from the server.
type Error struct {
	Status    int    // HTTP status
	Code      string // stable code, e.g. "not_found", "overloaded"
	Message   string
	RequestID string // the server's X-Request-Id, to find its log line
}

func (e *Error) Error() string {
	return fmt.Sprintf("rehash server: %d %s: %s (request %s)", e.Status, e.Code, e.Message, e.RequestID)
}

// Add adds one or more documents (at most the server's batch limit) in
// one request, durably when it returns nil.
func (c *Client) Add(ctx context.Context, docs ...Document) ([]AddResult, error) {
	var body any = map[string]any{"documents": docs}
	if len(docs) == 1 {
		body = docs[0]
	}
	var out struct {
		Results []AddResult `json:"results"`
	}
	err := c.do(ctx, http.MethodPost, "/v1/documents", body, &out)
	return out.Results, err
}

// Check finds the stored documents similar to text, adding nothing.
func (c *Client) Check(ctx context.Context, text string, opts *CheckOptions) (*CheckResult, error) {
	req := map[string]any{"text": text}
	if opts != nil {
		if opts.Threshold != 0 {
			req["threshold"] = opts.Threshold
		}
		if opts.Limit != 0 {
			req["limit"] = opts.Limit
		}
		if opts.Reuse {
			req["reuse"] = true
		}
	}
	out := &CheckResult{}
	return out, c.do(ctx, http.MethodPost, "/v1/check", req, out)
}

// Get returns a stored document with its matches and cluster (at most
// clusterLimit members; 0: the server's default), and its reuse links
// when reuse is set.
func (c *Client) Get(ctx context.Context, id string, reuse bool, clusterLimit int) (*GetResult, error) {
	q := url.Values{}
	if reuse {
		q.Set("reuse", "1")
	}
	if clusterLimit > 0 {
		q.Set("cluster_limit", strconv.Itoa(clusterLimit))
	}
	p := "/v1/documents/" + url.PathEscape(id)
	if len(q) > 0 {
		p += "?" + q.Encode()
	}
	out := &GetResult{}
	return out, c.do(ctx, http.MethodGet, p, nil, out)
}

// Delete removes a document, durably when it returns nil.
func (c *Client) Delete(ctx context.Context, id string) error {
	return c.do(ctx, http.MethodDelete, "/v1/documents/"+url.PathEscape(id), nil, nil)
}

func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.BaseURL+path, body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		e := &Error{Status: resp.StatusCode, RequestID: resp.Header.Get("X-Request-Id")}
		var eb struct {
			Error struct{ Code, Message string } `json:"error"`
		}
		if json.Unmarshal(b, &eb) == nil && eb.Error.Code != "" {
			e.Code, e.Message = eb.Error.Code, eb.Error.Message
		} else {
			e.Code, e.Message = "http", strings.TrimSpace(string(b))
		}
		return e
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("rehash server: answer to %s %s: %w", method, path, err)
	}
	return nil
}

package server

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// loadSpec loads api/openapi.yaml and validates it as an OpenAPI 3
// document.
func loadSpec(t *testing.T) (*openapi3.T, routers.Router) {
	t.Helper()
	l := openapi3.NewLoader()
	doc, err := l.LoadFromFile("../api/openapi.yaml")
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	if err := doc.Validate(l.Context); err != nil {
		t.Fatalf("api/openapi.yaml is not a valid OpenAPI 3 document: %v", err)
	}
	doc.Servers = nil // route on paths alone: the test server's port varies
	r, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return doc, r
}

func TestOpenAPIValid(t *testing.T) { loadSpec(t) }

// TestConformance sends requests the spec allows and requests it forbids,
// checks that the spec and the server agree on which is which, and checks
// every answer, errors included, against the spec's response schemas.
func TestConformance(t *testing.T) {
	_, router := loadSpec(t)
	_, ts := newTestServer(t, nil)
	meta := `"meta":{"title":"Ferry","date":"2024-03-01","url":"https://example.org/f","site":"example.org","bytes":12}`
	for _, c := range []struct {
		name, method, path, body string
		valid                    bool // by the spec
		status                   int
	}{
		{"add one", "POST", "/v1/documents", `{"id":"ferry","text":` + jsonString(ferry) + `,` + meta + `}`, true, 200},
		{"add batch", "POST", "/v1/documents", `{"documents":[{"id":"oaks","text":` + jsonString(oaks) + `},{"id":"copy","text":` + jsonString(strings.ToUpper(ferry)) + `}]}`, true, 200},
		{"check", "POST", "/v1/check", `{"text":` + jsonString(ferry) + `,"threshold":0.5,"limit":2}`, true, 200},
		{"check with reuse", "POST", "/v1/check", `{"text":` + jsonString(oaks+" "+ferry) + `,"reuse":true}`, true, 200},
		{"get", "GET", "/v1/documents/copy", ``, true, 200},
		{"get with reuse and cluster_limit", "GET", "/v1/documents/ferry?reuse=1&cluster_limit=5", ``, true, 200},
		{"get unknown", "GET", "/v1/documents/nope", ``, true, 404},
		{"story of a document", "GET", "/v1/documents/ferry/story", ``, true, 200},
		{"story of an unknown document", "GET", "/v1/documents/nope/story", ``, true, 404},
		{"story", "GET", "/v1/stories/0?limit=2", ``, true, 200},
		{"unknown story", "GET", "/v1/stories/999999", ``, true, 404},
		{"recent stories", "GET", "/v1/stories?limit=5", ``, true, 200},
		{"delete", "DELETE", "/v1/documents/copy", ``, true, 200},
		{"delete unknown", "DELETE", "/v1/documents/copy", ``, true, 404},
		{"healthz", "GET", "/healthz", ``, true, 200},
		{"readyz", "GET", "/readyz", ``, true, 200},

		{"unknown field", "POST", "/v1/documents", `{"id":"x","txt":"a"}`, false, 400},
		{"upper-case field", "POST", "/v1/documents", `{"ID":"x","text":"a"}`, false, 400},
		{"unknown meta field", "POST", "/v1/documents", `{"id":"x","text":"a","meta":{"Title":"t"}}`, false, 400},
		{"empty batch", "POST", "/v1/documents", `{"documents":[]}`, false, 400},
		{"empty id", "POST", "/v1/documents", `{"id":"","text":"a"}`, false, 400},
		{"threshold over 1", "POST", "/v1/check", `{"text":"a","threshold":2}`, false, 400},
		{"negative limit", "POST", "/v1/check", `{"text":"a","limit":-1}`, false, 400},
		{"check without text", "POST", "/v1/check", `{"limit":1}`, false, 400},
		{"unknown check field", "POST", "/v1/check", `{"text":"a","Reuse":true}`, false, 400},
		{"cluster_limit 0", "GET", "/v1/documents/ferry?cluster_limit=0", ``, false, 400},
		{"reuse=maybe", "GET", "/v1/documents/ferry?reuse=maybe", ``, false, 400},
		{"story id not a number", "GET", "/v1/stories/first", ``, false, 400},
		{"story limit 0", "GET", "/v1/stories/0?limit=0", ``, false, 400},
		{"recent limit over the maximum", "GET", "/v1/stories?limit=1001", ``, false, 400},
	} {
		t.Run(c.name, func(t *testing.T) {
			newReq := func(base string) *http.Request {
				var body io.Reader
				if c.body != "" {
					body = strings.NewReader(c.body)
				}
				req, _ := http.NewRequest(c.method, base+c.path, body)
				req.Header.Set("Authorization", "Bearer "+token)
				if c.body != "" {
					req.Header.Set("Content-Type", "application/json")
				}
				return req
			}
			req := newReq("http://127.0.0.1:8080")
			route, params, err := router.FindRoute(req)
			if err != nil {
				t.Fatalf("no route in the spec: %v", err)
			}
			in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
				Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
			verr := openapi3filter.ValidateRequest(context.Background(), in)
			if (verr == nil) != c.valid {
				t.Fatalf("the spec says valid=%v: %v", verr == nil, verr)
			}
			resp, err := ts.Client().Do(newReq(ts.URL))
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != c.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, c.status, body)
			}
			if resp.Header.Get("X-Request-Id") == "" {
				t.Error("no X-Request-Id")
			}
			in.Request = newReq("http://127.0.0.1:8080") // the body again
			rin := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode,
				Header: resp.Header, Body: io.NopCloser(bytes.NewReader(body)),
				Options: &openapi3filter.Options{IncludeResponseStatus: true}}
			if err := openapi3filter.ValidateResponse(context.Background(), rin); err != nil {
				t.Errorf("the answer does not conform: %v\n%s", err, body)
			}
		})
	}
}

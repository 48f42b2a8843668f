package server

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rehashdev/rehash/index"
)

const (
	token = "s3cret-token"
	ferry = "The ferry to the northern islands will run twice a day from Monday, the harbour office said, after a winter of single sailings caused by the repairs to the old pier."
	oaks  = "Volunteers planted four hundred oak saplings along the river path on Saturday, the first stage of a plan to restore the flood meadow."
)

func newTestServer(t *testing.T, o *Options) (*Server, *httptest.Server) {
	t.Helper()
	ix, err := index.Open(t.TempDir(), &index.Options{Stories: true})
	if err != nil {
		t.Fatal(err)
	}
	if o == nil {
		o = &Options{Keys: []string{"other", token}}
	}
	s, err := New(ix, o)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(func() { ts.Close(); ix.Close() })
	return s, ts
}

// do sends a request with the token and JSON content type unless the
// caller's headers say otherwise, and decodes the JSON answer.
func do(t *testing.T, ts *httptest.Server, method, path, body string, hdr map[string]string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range hdr {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var v map[string]any
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatalf("%s %s: bad JSON %q", method, path, b)
		}
	}
	return resp.StatusCode, v
}

func jstr(v any, path ...string) any {
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}

func TestFlow(t *testing.T) {
	_, ts := newTestServer(t, nil)
	code, v := do(t, ts, "POST", "/v1/documents", `{"id":"ferry","text":"`+ferry+`","meta":{"title":"Ferry"}}`, nil)
	if code != 200 || jstr(v["results"].([]any)[0], "status") != "added" {
		t.Fatalf("add: %d %v", code, v)
	}
	code, v = do(t, ts, "POST", "/v1/documents", `{"documents":[{"id":"oaks","text":"`+oaks+`"},{"id":"copy","text":"`+strings.ToUpper(ferry)+`"}]}`, nil)
	res := v["results"].([]any)
	if code != 200 || len(res) != 2 || jstr(res[1], "status") != "added" {
		t.Fatalf("batch: %d %v", code, v)
	}
	if ms := jstr(res[1], "matches").([]any); len(ms) != 1 || jstr(ms[0], "id") != "ferry" || jstr(ms[0], "exact") != true {
		t.Fatalf("batch matches: %v", ms)
	}
	code, v = do(t, ts, "POST", "/v1/check", `{"text":"`+ferry+`","limit":1}`, nil)
	if ms := v["matches"].([]any); code != 200 || len(ms) != 1 {
		t.Fatalf("check: %d %v", code, v)
	}
	code, v = do(t, ts, "GET", "/v1/documents/copy", "", nil)
	if code != 200 || jstr(v, "document", "id") != "copy" || jstr(v, "cluster", "rep") != "ferry" || len(v["matches"].([]any)) != 1 {
		t.Fatalf("get: %d %v", code, v)
	}
	code, _ = do(t, ts, "DELETE", "/v1/documents/copy", "", nil)
	if code != 200 {
		t.Fatalf("delete: %d", code)
	}
	for _, p := range []string{"/healthz", "/readyz"} {
		if code, _ := do(t, ts, "GET", p, "", map[string]string{"Authorization": ""}); code != 200 {
			t.Fatalf("%s: %d", p, code)
		}
	}
	resp, err := http.Get(ts.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{
		`rehash_http_requests_total{code="200",method="POST",route="/v1/documents"} 2`,
		`rehash_http_request_duration_seconds_bucket{method="GET",route="/v1/documents/{id}"`,
		`rehash_index_documents 2`,
		`rehash_index_disk_bytes`,
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

// TestBadRequests: each mistake gets its status and a JSON error code.
func TestBadRequests(t *testing.T) {
	_, ts := newTestServer(t, &Options{Keys: []string{token}, MaxBodyBytes: 1 << 10, MaxBatch: 2})
	big := `{"id":"x","text":"` + strings.Repeat("word ", 400) + `"}`
	for _, c := range []struct {
		name, method, path, body string
		hdr                      map[string]string
		status                   int
		code                     string
	}{
		{"malformed", "POST", "/v1/documents", `{"id":"x",`, nil, 400, CodeBadRequest},
		{"not an object", "POST", "/v1/documents", `[1,2]`, nil, 400, CodeBadRequest},
		{"unknown field", "POST", "/v1/documents", `{"id":"x","txt":"a"}`, nil, 400, CodeBadRequest},
		{"trailing data", "POST", "/v1/documents", `{"id":"x","text":"a"} {}`, nil, 400, CodeBadRequest},
		{"no id", "POST", "/v1/documents", `{"text":"a b c"}`, nil, 400, CodeBadRequest},
		{"no text", "POST", "/v1/documents", `{"id":"x"}`, nil, 400, CodeBadRequest},
		{"both", "POST", "/v1/documents", `{"id":"x","text":"a","documents":[]}`, nil, 400, CodeBadRequest},
		{"batch too big", "POST", "/v1/documents", `{"documents":[{"id":"a","text":"a"},{"id":"b","text":"b"},{"id":"c","text":"c"}]}`, nil, 400, CodeBadRequest},
		{"empty body", "POST", "/v1/check", ``, map[string]string{"Content-Type": "application/json"}, 400, CodeBadRequest},
		{"bad threshold", "POST", "/v1/check", `{"text":"a","threshold":2}`, nil, 400, CodeBadRequest},
		{"huge body", "POST", "/v1/documents", big, nil, 413, CodeTooLarge},
		{"huge check", "POST", "/v1/check", big, nil, 413, CodeTooLarge},
		{"no auth", "POST", "/v1/check", `{"text":"a"}`, map[string]string{"Authorization": ""}, 401, CodeUnauthorized},
		{"wrong auth", "GET", "/v1/documents/x", ``, map[string]string{"Authorization": "Bearer nope"}, 401, CodeUnauthorized},
		{"basic auth", "GET", "/v1/documents/x", ``, map[string]string{"Authorization": "Basic " + token}, 401, CodeUnauthorized},
		{"unknown id", "GET", "/v1/documents/nope", ``, nil, 404, CodeNotFound},
		{"delete unknown", "DELETE", "/v1/documents/nope", ``, nil, 404, CodeNotFound},
		{"unknown route", "GET", "/v2/things", ``, nil, 404, CodeNotFound},
		{"no content type", "POST", "/v1/documents", `{"id":"x","text":"a"}`, map[string]string{"Content-Type": ""}, 415, CodeMediaType},
		{"text/plain", "POST", "/v1/check", `{"text":"a"}`, map[string]string{"Content-Type": "text/plain"}, 415, CodeMediaType},
		{"wrong method", "PUT", "/v1/documents", `{}`, nil, 405, CodeMethodNotAllowed},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, v := do(t, ts, c.method, c.path, c.body, c.hdr)
			if code != c.status || jstr(v, "error", "code") != c.code || jstr(v, "error", "message") == "" {
				t.Errorf("%d %v, want %d %s", code, v, c.status, c.code)
			}
		})
	}
}

func TestOverloaded(t *testing.T) {
	s, ts := newTestServer(t, &Options{Keys: []string{token}, MaxInFlight: 1})
	s.slots <- struct{}{} // a request in flight
	code, v := do(t, ts, "POST", "/v1/check", `{"text":"a"}`, nil)
	if code != 503 || jstr(v, "error", "code") != CodeOverloaded {
		t.Fatalf("%d %v", code, v)
	}
	<-s.slots
	if code, _ := do(t, ts, "POST", "/v1/check", `{"text":"a"}`, nil); code != 200 {
		t.Fatalf("after: %d", code)
	}
	s.SetReady(false)
	if code, v := do(t, ts, "GET", "/readyz", "", nil); code != 503 || jstr(v, "error", "code") != CodeNotReady {
		t.Fatalf("readyz while stopping: %d %v", code, v)
	}
}

func TestOptions(t *testing.T) {
	ix, err := index.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := New(ix, &Options{}); err == nil {
		t.Fatal("no keys and auth on: accepted")
	}
	if _, err := New(ix, nil); err == nil {
		t.Fatal("nil options accepted")
	}
	_ = context.Background()
}

func TestReuseLinks(t *testing.T) {
	_, ts := newTestServer(t, nil)
	quote := "The harbour office said on Friday that the old pier would be closed to all traffic for six weeks while divers inspect the wooden piles that carry the landing stage."
	article := oaks + " " + quote + " " + ferry
	letter := "Sir, your reporter wrote that " + quote + " I have fished from that pier for forty years and never seen it in such a state, and I hope the work is done before the summer visitors arrive."
	if code, _ := do(t, ts, "POST", "/v1/documents", `{"id":"article","text":`+jsonString(article)+`}`, nil); code != 200 {
		t.Fatalf("add: %d", code)
	}
	code, body := do(t, ts, "POST", "/v1/check", `{"text":`+jsonString(letter)+`,"reuse":true}`, nil)
	links, _ := body["links"].([]any)
	if code != 200 || len(links) != 1 || len(body["matches"].([]any)) != 0 {
		t.Fatalf("check with reuse: %d %v", code, body)
	}
	l := links[0].(map[string]any)
	p := l["passages"].([]any)[0].(map[string]any)["text_b"].(map[string]any)
	if l["b"] != "article" || l["relation"] == "none" || article[int(p["start"].(float64)):int(p["end"].(float64))] != strings.TrimSuffix(quote, ".") {
		t.Errorf("link %v", l)
	}
	if _, body := do(t, ts, "POST", "/v1/check", `{"text":`+jsonString(letter)+`}`, nil); body["links"] != nil {
		t.Errorf("links without reuse: %v", body)
	}
	do(t, ts, "POST", "/v1/documents", `{"id":"letter","text":`+jsonString(letter)+`}`, nil)
	code, body = do(t, ts, "GET", "/v1/documents/article?reuse=1", "", nil)
	if links, _ := body["links"].([]any); code != 200 || len(links) != 1 || links[0].(map[string]any)["b"] != "letter" {
		t.Errorf("get with reuse: %d %v", code, body)
	}
	if code, _ := do(t, ts, "GET", "/v1/documents/article?reuse=maybe", "", nil); code != 400 {
		t.Errorf("reuse=maybe: %d", code)
	}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

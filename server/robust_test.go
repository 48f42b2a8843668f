package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rehashdev/rehash/index"
)

// TestStrictFields: field names are exact and case-sensitive, unknown and
// repeated fields are refused, ids must be UTF-8, and errors name the
// API's fields, never Go's types.
func TestStrictFields(t *testing.T) {
	_, ts := newTestServer(t, nil)
	for _, c := range []struct{ name, path, body, want string }{
		{"upper-case ID", "/v1/documents", `{"ID":"a","text":"x"}`, `unknown field "ID"`},
		{"id and ID", "/v1/documents", `{"id":"a","ID":"b","text":"x"}`, `unknown field "ID"`},
		{"id twice", "/v1/documents", `{"id":"a","id":"b","text":"x"}`, `"id" given twice`},
		{"Text in a batch", "/v1/documents", `{"documents":[{"id":"a","Text":"x"}]}`, `documents[0]: unknown field "Text"`},
		{"meta Title", "/v1/documents", `{"id":"a","text":"x","meta":{"Title":"t"}}`, `unknown field "Title"`},
		{"lone surrogate id", "/v1/documents", `{"id":"a\ud800","text":"x"}`, `"id" is not valid UTF-8`},
		{"reversed pair", "/v1/documents", `{"id":"\udc00\ud800","text":"x"}`, `"id" is not valid UTF-8`},
		{"number id", "/v1/documents", `{"id":7,"text":"x"}`, `"id" must be a string`},
		{"Text in check", "/v1/check", `{"Text":"x"}`, `unknown field "Text"`},
		{"string limit", "/v1/check", `{"text":"x","limit":"3"}`, `"limit" must be an integer`},
		{"malformed", "/v1/check", `{"text":"x",}`, `malformed JSON at byte`},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, v := do(t, ts, "POST", c.path, c.body, nil)
			msg, _ := jstr(v, "error", "message").(string)
			if code != 400 || !strings.Contains(msg, c.want) || strings.Contains(msg, "server.") || strings.Contains(msg, "Go ") {
				t.Errorf("%d %q, want 400 with %q", code, msg, c.want)
			}
		})
	}
	// A body with a byte that is not UTF-8 inside a string.
	code, v := do(t, ts, "POST", "/v1/documents", "{\"id\":\"a\xff\",\"text\":\"x\"}", nil)
	if code != 400 || !strings.Contains(jstr(v, "error", "message").(string), "UTF-8") {
		t.Errorf("invalid UTF-8 body: %d %v", code, v)
	}
	// A valid surrogate pair is a character, and fine.
	if code, v := do(t, ts, "POST", "/v1/documents", `{"id":"smile \ud83d\ude00","text":"x y z"}`, nil); code != 200 {
		t.Errorf("surrogate pair: %d %v", code, v)
	}
	if code, v := do(t, ts, "GET", "/v1/documents/smile%20%F0%9F%98%80", "", nil); code != 200 {
		t.Errorf("get by the decoded id: %d %v", code, v)
	}
}

// TestAuthSchemeCaseInsensitive: "bearer", "BEARER" are the same scheme.
func TestAuthSchemeCaseInsensitive(t *testing.T) {
	_, ts := newTestServer(t, nil)
	for _, scheme := range []string{"bearer", "BEARER", "Bearer"} {
		code, _ := do(t, ts, "POST", "/v1/check", `{"text":"a"}`, map[string]string{"Authorization": scheme + " " + token})
		if code != 200 {
			t.Errorf("%s: %d", scheme, code)
		}
	}
}

// TestSetKeys: a removed key stops working at once, a new one works.
func TestSetKeys(t *testing.T) {
	s, ts := newTestServer(t, nil)
	s.SetKeys([]string{"new-key"})
	if code, _ := do(t, ts, "POST", "/v1/check", `{"text":"a"}`, nil); code != 401 {
		t.Errorf("removed key: %d", code)
	}
	if code, _ := do(t, ts, "POST", "/v1/check", `{"text":"a"}`, map[string]string{"Authorization": "Bearer new-key"}); code != 200 {
		t.Errorf("new key: %d", code)
	}
}

// TestAccessLog: one JSON line per request with route, status, bytes and
// duration; the request id is echoed; 405 and 404 are counted.
func TestAccessLog(t *testing.T) {
	var buf syncBuffer
	_, ts := newTestServer(t, &Options{Keys: []string{token}, Logger: slog.New(slog.NewJSONHandler(&buf, nil))})
	req, _ := http.NewRequest("PUT", ts.URL+"/v1/documents", nil)
	req.Header.Set("X-Request-Id", "client-id-7")
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 405 || resp.Header.Get("X-Request-Id") != "client-id-7" {
		t.Fatalf("%d, id %q", resp.StatusCode, resp.Header.Get("X-Request-Id"))
	}
	code, _ := do(t, ts, "GET", "/nowhere", "", nil)
	if code != 404 {
		t.Fatal(code)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d log lines: %q", len(lines), buf.String())
	}
	var l map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &l); err != nil {
		t.Fatal(err)
	}
	if l["route"] != "/v1/documents" || l["status"] != 405.0 || l["request_id"] != "client-id-7" || l["bytes_out"].(float64) <= 0 || l["duration_ms"] == nil {
		t.Errorf("log line %v", l)
	}
	b := metricsText(t, ts)
	for _, want := range []string{
		`rehash_http_requests_total{code="405",method="PUT",route="/v1/documents"} 1`,
		`rehash_http_requests_total{code="404",method="GET",route="other"} 1`,
	} {
		if !strings.Contains(b, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func metricsText(t *testing.T, ts *httptest.Server) string {
	t.Helper()
	resp, err := ts.Client().Get(ts.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// TestClusterCapped: a GET walks at most cluster_limit members and says
// the cluster was truncated.
func TestClusterCapped(t *testing.T) {
	_, ts := newTestServer(t, nil)
	var docs []string
	for i := range 30 {
		docs = append(docs, fmt.Sprintf(`{"id":"copy%d","text":%s}`, i, jsonString(ferry+" "+fmt.Sprint(i))))
	}
	if code, v := do(t, ts, "POST", "/v1/documents", `{"documents":[`+strings.Join(docs, ",")+`]}`, nil); code != 200 {
		t.Fatalf("%d %v", code, v)
	}
	code, v := do(t, ts, "GET", "/v1/documents/copy3?cluster_limit=5", "", nil)
	if ms, _ := jstr(v, "cluster", "members").([]any); code != 200 || len(ms) != 5 || jstr(v, "cluster", "truncated") != true {
		t.Fatalf("%d %v", code, jstr(v, "cluster"))
	}
	if code, _ := do(t, ts, "GET", "/v1/documents/copy3?cluster_limit=0", "", nil); code != 400 {
		t.Fatalf("cluster_limit=0: %d", code)
	}
}

// TestSlowBodyHoldsNoSlot: a client sending its body slowly holds no
// request slot (others are served meanwhile) and is cut off at the body
// deadline with 408; bytes in flight are admitted against their limit.
func TestSlowBodyHoldsNoSlot(t *testing.T) {
	s, ts := newTestServer(t, &Options{Keys: []string{token}, MaxInFlight: 1, MaxBodyBytes: 1000,
		MaxBytesInFlight: 1500, BodyTimeout: 500 * time.Millisecond})
	conn, err := net.Dial("tcp", strings.TrimPrefix(ts.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /v1/check HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: 900\r\n\r\n{\"text\":\"", token)
	// Wait until the slow request has been admitted.
	for s.bytesInFlight.Load() == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	if code, v := do(t, ts, "POST", "/v1/check", `{"text":"a"}`, nil); code != 200 {
		t.Fatalf("a small request while a slow body is read: %d %v", code, v)
	}
	big := `{"text":"` + strings.Repeat("a ", 300) + `"}`
	if code, v := do(t, ts, "POST", "/v1/check", big, nil); code != 503 || !strings.Contains(jstr(v, "error", "message").(string), "bytes") {
		t.Fatalf("a 600-byte request over the bytes in flight: %d %v", code, v)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusRequestTimeout {
		t.Fatalf("slow body: %d", resp.StatusCode)
	}
}

// TestCorruptionIsNotFatal: a request that meets a garbled table gets 500
// index_corrupt and a log line; the server goes on, /readyz turns 503,
// and the metrics count it.
func TestCorruptionIsNotFatal(t *testing.T) {
	dir := t.TempDir()
	ix, err := index.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 300 {
		text := fmt.Sprintf("document %d tells of the ferry %d and the pier %d with words %d %d %d", i, i*3, i*7, i*11, i*13, i*17)
		if _, err := ix.Add(context.Background(), index.Doc{ID: fmt.Sprint("d", i), Text: []byte(text)}); err != nil {
			t.Fatal(err)
		}
	}
	ix.Close()
	// A read-write open replays the log into a table.
	ix, err = index.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	ssts, _ := filepath.Glob(filepath.Join(dir, "*.sst"))
	if len(ssts) == 0 {
		t.Fatal("no table")
	}
	for _, p := range ssts {
		f, _ := os.OpenFile(p, os.O_RDWR, 0)
		fi, _ := f.Stat()
		for off := int64(8192 + 100); off < fi.Size()/2; off += 4096 {
			f.WriteAt([]byte("GARBLED!"), off)
		}
		f.Close()
	}
	ix, err = index.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var buf syncBuffer
	s, err := New(ix, &Options{Keys: []string{token}, Logger: slog.New(slog.NewJSONHandler(&buf, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	defer ts.Close()
	if code, _ := do(t, ts, "GET", "/readyz", "", nil); code != 200 {
		t.Fatalf("not ready before any damage was met: %d", code)
	}
	bad := 0
	for i := 0; i < 300 && bad == 0; i++ {
		code, v := do(t, ts, "GET", fmt.Sprint("/v1/documents/d", i), "", nil)
		switch {
		case code == 500 && jstr(v, "error", "code") == CodeCorrupt:
			bad++
		case code != 200:
			t.Fatalf("d%d: %d %v", i, code, v)
		}
	}
	if bad == 0 {
		t.Fatal("no request met the damage: the test proves nothing")
	}
	if code, _ := do(t, ts, "GET", "/readyz", "", nil); code != 503 {
		t.Fatalf("readyz after corruption: %d", code)
	}
	if code, _ := do(t, ts, "GET", "/healthz", "", nil); code != 200 {
		t.Fatalf("the server stopped answering: %d", code)
	}
	if !strings.Contains(buf.String(), `"level":"ERROR"`) || !strings.Contains(buf.String(), ".sst") {
		t.Errorf("no error line naming the table: %s", buf.String())
	}
	if m := metricsText(t, ts); !strings.Contains(m, "rehash_index_healthy 0") || strings.Contains(m, "rehash_index_corruptions_total 0") {
		t.Errorf("metrics do not count the corruption")
	}
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

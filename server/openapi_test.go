package server

import (
	"bufio"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
)

// openAPIRoutes reads "METHOD path" pairs from the paths section of an
// OpenAPI document written with two-space indentation: paths at depth 1,
// their operations at depth 2. It reads only what this repository's file
// needs, which keeps the test free of a YAML dependency.
func openAPIRoutes(t *testing.T, path string) []string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	in, cur := false, ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		switch {
		case l == "paths:":
			in = true
		case in && l != "" && !strings.HasPrefix(l, " "):
			in = false
		case in && strings.HasPrefix(l, "  /"):
			cur = strings.TrimSuffix(strings.TrimSpace(l), ":")
		case in && len(l) > 4 && strings.HasPrefix(l, "    ") && l[4] != ' ':
			m := strings.TrimSuffix(strings.TrimSpace(l), ":")
			switch m {
			case "get", "post", "put", "delete", "patch", "head":
				out = append(out, strings.ToUpper(m)+" "+cur)
			}
		}
	}
	slices.Sort(out)
	return out
}

// TestOpenAPIMatchesRoutes: every route in api/openapi.yaml is served, and
// every served route is in it.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	s, ts := newTestServer(t, nil)
	spec := openAPIRoutes(t, "../api/openapi.yaml")
	var served []string
	for _, r := range s.routes() {
		served = append(served, r.Method+" "+r.Path)
	}
	slices.Sort(served)
	if !slices.Equal(spec, served) {
		t.Fatalf("openapi.yaml lists\n  %v\nthe server serves\n  %v", spec, served)
	}
	// And the mux really routes each one to its handler, not to the 404
	// or 405 fallbacks.
	for _, r := range spec {
		method, path, _ := strings.Cut(r, " ")
		path = strings.ReplaceAll(path, "{id}", "some-id")
		code, v := do(t, ts, method, path, `{}`, nil)
		if code == http.StatusMethodNotAllowed || (code == http.StatusNotFound && !strings.Contains(jstr(v, "error", "message").(string), "some-id")) {
			t.Errorf("%s: %d %v", r, code, v)
		}
	}
}

package server

import (
	"bytes"
	"errors"
	"testing"
	"unicode/utf8"
)

// FuzzDecodeAdd: the add decoder never panics, returns either documents
// with valid ids and a 400/413 apiError, never both, and never more
// documents than the batch limit.
func FuzzDecodeAdd(f *testing.F) {
	for _, s := range []string{
		`{"id":"a","text":"b"}`,
		`{"documents":[{"id":"a","text":"b","meta":{"title":"t","bytes":3}}]}`,
		`{"id":"a","text":"b","documents":[]}`,
		`{"documents":[]}`, `[]`, `null`, `{"id":""}`, `{"id":"\ud800","text":""}`, `{"id":"a","text":"b"}x`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		docs, err := decodeAdd(bytes.NewReader(b), 3)
		if err != nil {
			var e *apiError
			if !errors.As(err, &e) || e.Status != 400 || e.Code != CodeBadRequest {
				t.Fatalf("error %v is not a bad_request apiError", err)
			}
			if docs != nil {
				t.Fatal("documents with an error")
			}
			return
		}
		if len(docs) == 0 || len(docs) > 3 {
			t.Fatalf("%d documents", len(docs))
		}
		for _, d := range docs {
			if d.ID == "" || !utf8.ValidString(d.ID) {
				t.Fatalf("bad id %q accepted", d.ID)
			}
		}
	})
}

func FuzzDecodeCheck(f *testing.F) {
	f.Add([]byte(`{"text":"a","threshold":0.5,"limit":3}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		req, err := decodeCheck(bytes.NewReader(b))
		if (req == nil) == (err == nil) {
			t.Fatalf("request %v and error %v", req, err)
		}
	})
}

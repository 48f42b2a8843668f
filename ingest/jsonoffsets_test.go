package ingest

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rehashdev/rehash"
)

// checkJSONOffsets decodes one JSON line and checks that every rune of
// the text maps to raw bytes that decode (as a JSON string) to that rune.
func checkJSONOffsets(t *testing.T, line string, opts *Options) *rehash.Document {
	t.Helper()
	r := &Record{Raw: []byte(line), Source: rehash.Source{Path: "t", Line: 1, Format: "jsonl"}, ID: "t:1",
		opts: opts.withDefaults(), decode: decodeJSONL}
	res := decodeRecord(t, r)
	if res.doc == nil {
		t.Fatalf("%s: %v", line, res.err)
	}
	d := res.doc
	for i := 0; i < len(d.Text); {
		_, n := utf8.DecodeRune(d.Text[i:])
		s := rawSpan(d, rehash.Span{Start: i, End: i + n})
		var got string
		raw := string(d.Raw[s.Start:s.End])
		if err := json.Unmarshal([]byte(`"`+raw+`"`), &got); err != nil || got != string(d.Text[i:i+n]) {
			// A malformed escape stands in the text as written; a lone
			// surrogate pair half decodes as U+FFFD either way.
			if raw != string(d.Text[i:i+n]) && !strings.HasPrefix(got, "\ufffd") {
				t.Fatalf("%s: rune at %d %q maps to raw %q (%q, %v)", line, i, d.Text[i:i+n], d.Raw[s.Start:s.End], got, err)
			}
		}
		i += n
	}
	return d
}

func TestJSONOffsets(t *testing.T) {
	cases := []struct {
		line     string
		verbatim bool
	}{
		{`{"id":"a","text":"plain words"}`, true},
		{`{"text": "two\nlines \"quoted\" caf\u00e9 and \u20ac", "id": 1}`, false},
		{`{"meta":{"text":"not this","x":[1,"]"]},"text":"smile \ud83d\ude00 tab\there \\ slash \/"}`, false},
		{`{"a":"\"text\":\"decoy\"","text":"real"}`, true},
		{`{"text":"lone \ud800 half and \ud800\u0041"}`, false},
		{`{"text":"unknown \q escape \u12 short"}`, true}, // kept as written
	}
	for _, c := range cases {
		d := checkJSONOffsets(t, c.line, nil)
		if (d.Offsets == nil) != c.verbatim {
			t.Errorf("%s: offsets %v, want verbatim %v", c.line, d.Offsets, c.verbatim)
		}
		if c.verbatim && string(d.Raw[d.TextStart:d.TextStart+len(d.Text)]) != string(d.Text) {
			t.Errorf("%s: TextStart %d", c.line, d.TextStart)
		}
	}
	// A passage's raw span slices back to the escaped JSON of the passage.
	d := checkJSONOffsets(t, `{"id":"q","text":"First line.\nShe said \"the harbour opens at dawn\" and left.\n"}`, nil)
	i := strings.Index(string(d.Text), `She said`)
	j := strings.Index(string(d.Text), `and left.`) + len("and left.")
	s := rawSpan(d, rehash.Span{Start: i, End: j})
	if got := string(d.Raw[s.Start:s.End]); got != `She said \"the harbour opens at dawn\" and left.` {
		t.Errorf("raw passage %q", got)
	}
	// With a mail header taken out, offsets still point into the line.
	d = checkJSONOffsets(t, `{"text":"From: a\nSubject: S\u00e9a\n\nBody \"one\".\n-- \nsig"}`, nil)
	if string(d.Text) != "Body \"one\".\n" || d.Meta.Title != "Séa" {
		t.Errorf("mail: %q %q", d.Text, d.Meta.Title)
	}
}

func FuzzJSONOffsets(f *testing.F) {
	f.Add("plain")
	f.Add("From: a\nSubject: b\n\nbody \"x\" \u00e9 \U0001F600\n-- \nsig\n")
	f.Add("tab\tnul\x00 <html>")
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		b, _ := json.Marshal(map[string]string{"text": text})
		checkJSONOffsets(t, string(b), nil)
		// Escaping every non-ASCII rune exercises \u and surrogates.
		checkJSONOffsets(t, `{"text":"`+asciiEscape(text)+`"}`, nil)
	})
}

func asciiEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteString(`\` + string(r))
		case r < 0x20 || r >= 0x7f:
			if r > 0xffff {
				r -= 0x10000
				b.WriteString(jsonU(0xd800 + r>>10))
				b.WriteString(jsonU(0xdc00 + r&0x3ff))
			} else {
				b.WriteString(jsonU(r))
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func jsonU(r rune) string {
	const hex = "0123456789abcdef"
	return `\u` + string([]byte{hex[r>>12&15], hex[r>>8&15], hex[r>>4&15], hex[r&15]})
}

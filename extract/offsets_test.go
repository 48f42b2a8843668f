package extract

import (
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/rehashdev/rehash"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// decodeRaw is the model the offset map is held against: the text of a raw
// HTML range as a browser would show it on one line, that is its text
// tokens, entities decoded, script and style left out, with whitespace
// collapsed and invisible characters removed.
func decodeRaw(raw string) string {
	z := html.NewTokenizer(strings.NewReader(raw))
	var sb strings.Builder
	skip := false
	for {
		switch z.Next() {
		case html.ErrorToken:
			return collapse(sb.String())
		case html.TextToken:
			if !skip {
				sb.Write(z.Text())
			}
		case html.StartTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			skip = a == atom.Script || a == atom.Style
		case html.EndTagToken:
			skip = false
		}
	}
}

func collapse(s string) string {
	var sb strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = true
		case invisible(r):
		default:
			if space {
				sb.WriteByte(' ')
				space = false
			}
			sb.WriteRune(r)
		}
	}
	if space {
		sb.WriteByte(' ')
	}
	return sb.String()
}

// checkOffsets maps random spans of each line of res.Text back to raw and
// requires the raw range to read as the span does.
func checkOffsets(t *testing.T, raw []byte, res *Result, rng *rand.Rand, n int) {
	t.Helper()
	text := string(res.Text)
	lines := []rehash.Span{}
	for start := 0; start < len(text); {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		if end > start {
			lines = append(lines, rehash.Span{Start: start, End: end})
		}
		start = end + 1
	}
	if len(lines) == 0 {
		return
	}
	for range n {
		l := lines[rng.IntN(len(lines))]
		a, b := l.Start+rng.IntN(l.Len()), l.Start+rng.IntN(l.Len()+1)
		if a > b {
			a, b = b, a
		}
		for a > l.Start && !utf8.RuneStart(text[a]) {
			a--
		}
		for b < l.End && !utf8.RuneStart(text[b]) {
			b++
		}
		if a == b {
			continue
		}
		span := rehash.Span{Start: a, End: b}
		src := res.Offsets.Source(span)
		if src.Start < 0 || src.End > len(raw) || src.Start > src.End {
			t.Fatalf("span %v maps outside raw: %v", span, src)
		}
		got, want := decodeRaw(string(raw[src.Start:src.End])), collapse(text[a:b])
		if got != want {
			t.Fatalf("span %v %q maps to raw %v %q, which reads %q", span, text[a:b], src, raw[src.Start:src.End], got)
		}
	}
}

func TestOffsetsProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, name := range []string{"fragment.html", "page.html"} {
		raw := readFixture(t, name)
		checkOffsets(t, raw, mustHTML(t, raw), rng, 2000)
	}
	for _, in := range []string{
		"<p>a &amp; b &lt;c&gt; &#8220;q&#8221; &#x41; &nbsp;x&ampy &notit; &bogus;</p>",
		"<p>  one \n\t two   <i> three </i>four  </p>",
		"<ul><li>one<li>two<li>three</ul><p>after</p>",
		"<pre>\nif x {\n  y()\n}</pre>",
		"<p>a<script>var x = 1;</script>b</p>",
		"<p>é&eacute;e&#769; 日本語 &#x1F600;</p>",
	} {
		checkOffsets(t, []byte(in), mustHTML(t, []byte(in)), rng, 300)
	}
}

// TestTokenLengths checks the assumption that offsets rest on: the
// Tokenizer's Raw tokens cover the input exactly, but for an unterminated
// tag at the very end, which is dropped (as browsers drop it).
func TestTokenLengths(t *testing.T) {
	for _, in := range []string{
		readString(t, "fragment.html"), readString(t, "page.html"),
		"<p>unterminated <b attr='x", "<!-- open comment", "a < b > c", "<script>if (a<b) {}",
		"<title>x &amp; y", "<textarea><p>raw</textarea>", "\r\n<p>\r\nx\x00y</p>",
	} {
		if n := rawLen([]byte(in)); n != len(in) && (n > len(in) || in[n] != '<') {
			t.Errorf("tokens of %q cover %d bytes, want %d", in, n, len(in))
		}
	}
}

func readString(t *testing.T, name string) string { return string(readFixture(t, name)) }

func rawLen(b []byte) int {
	z := html.NewTokenizer(strings.NewReader(string(b)))
	n := 0
	for z.Next() != html.ErrorToken {
		n += len(z.Raw())
	}
	return n
}

// TestCorpusOffsets runs the offset property over real pages under
// REHASH_HTML_DIR (at most 300 of them), when it is set.
func TestCorpusOffsets(t *testing.T) {
	dir := os.Getenv("REHASH_HTML_DIR")
	if dir == "" {
		t.Skip("REHASH_HTML_DIR not set")
	}
	rng := rand.New(rand.NewPCG(5, 6))
	n := 0
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") || n >= 300 {
			return err
		}
		n++
		raw, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		t.Run(filepath.Base(p), func(t *testing.T) {
			checkOffsets(t, raw, mustHTML(t, raw), rng, 200)
		})
		return nil
	})
}

package extract

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/rehashdev/rehash"
)

func newRand() *rand.Rand { return rand.New(rand.NewPCG(3, 4)) }

// FuzzHTML holds HTML to its contract on any input: no panic, valid UTF-8
// text, and every byte of the text mapped inside the raw input.
func FuzzHTML(f *testing.F) {
	for _, s := range []string{
		"", "<p>x</p>", "&#8220;&amp;&notit;&#x110000;&#0;", "<div class=ad><p>a</p></div>",
		"<pre>\r\n a\tb</pre>", "<ul><li>a<li>b</ul>", "\xff\xfe<p>\xc3</p>", "<br><hr></br>",
		"<script>x</script><style>y</style><p>z", "<html><head><title>t</title><body>b",
		`<meta property="og:title" content="T"><time datetime="2020-01-01">d</time>`,
	} {
		f.Add([]byte(s))
	}
	if b, err := os.ReadFile(filepath.Join("testdata", "fragment.html")); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		res, err := HTML(raw, nil)
		if err != nil {
			return
		}
		if !utf8.Valid(res.Text) {
			t.Fatalf("invalid UTF-8 text %q", res.Text)
		}
		for i := range res.Text {
			s := res.Offsets.Source(rehash.Span{Start: i, End: i + 1})
			if s.Start < 0 || s.End > len(raw) || s.Start > s.End {
				t.Fatalf("byte %d maps to %v, outside %d raw bytes", i, s, len(raw))
			}
		}
		if res.Offsets.Len() > 0 && len(res.Text) == 0 {
			t.Fatal("offsets without text")
		}
		LooksLikeHTML(raw)
		DateLine(raw)
	})
}

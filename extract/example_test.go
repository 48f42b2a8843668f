package extract_test

import (
	"fmt"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/extract"
)

func ExampleHTML() {
	raw := []byte(`<div class="ad">Buy now!</div>
<p>Tides were &#8220;unusually high&#8221; on Sunday.</p>
<p>The quay was closed.</p><script>track()</script>`)
	res, err := extract.HTML(raw, nil)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s\n", res.Text)
	// Where did the opening quote come from?
	src := res.Offsets.Source(rehash.Span{Start: 11, End: 14})
	fmt.Printf("%s\n", raw[src.Start:src.End])
	// Output:
	// Tides were “unusually high” on Sunday.
	//
	// The quay was closed.
	// &#8220;
}

func ExampleDateLine() {
	text := []byte("date 2016-11-03 Harbour closes\n\nThe harbour closed today.")
	date, title, body, ok := extract.DateLine(text)
	fmt.Println(date, title, ok)
	fmt.Printf("%s\n", text[body:])
	// Output:
	// 2016-11-03 Harbour closes true
	// The harbour closed today.
}

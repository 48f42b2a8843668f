package report_test

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/report"
)

func ExampleWrite() {
	in := &report.Input{
		Title: "Two notices",
		Docs: []report.Document{
			{ID: "a.txt", Text: "The library will stay open until nine in the evening."},
			{ID: "b.txt", Text: "From May, the library will stay open until nine in the evening."},
		},
		Links: []rehash.Link{{A: "a.txt", B: "b.txt", Relation: rehash.ContainedIn,
			Passages: []rehash.Passage{{
				TextA: rehash.Span{Start: 0, End: 53}, TextB: rehash.Span{Start: 10, End: 63},
				WordsA: 10, WordsB: 10,
			}}}},
	}
	var page bytes.Buffer
	if err := report.Write(&page, in); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.SplitN(page.String(), "\n", 2)[0])
	fmt.Println(strings.Contains(page.String(), "<title>Two notices</title>"))
	// Output:
	// <!DOCTYPE html>
	// true
}

// Package extract turns an HTML page or fragment into its main text, with an
// offset map from every byte of that text back to the raw input, and reads
// the page's metadata (title, date, canonical URL, site name).
//
// Offsets are what make the output useful to the rest of rehash: a shared
// passage found between two extracted texts can be shown, highlighted, in
// the original HTML file. So the package walks the raw bytes itself with
// golang.org/x/net/html's Tokenizer, counting the length of every token, and
// decodes entities and collapses whitespace with its own code that records
// where each output byte came from.
//
//	res, err := extract.HTML(raw, nil)
//	if err != nil {
//		return err
//	}
//	fmt.Printf("%s (%s)\n%s\n", res.Meta.Title, res.Meta.Date, res.Text)
//	src := res.Offsets.Source(rehash.Span{Start: 0, End: 40})
//	fmt.Printf("%s\n", raw[src.Start:src.End]) // the raw HTML of the first 40 bytes
//
// The algorithm, in four passes over the input:
//
//  1. Build a light tree from the token stream (implicit end tags of p, li,
//     td... closed the way browsers do), marking as dead every element that
//     is boilerplate by its tag (script, style, nav, header, footer, aside,
//     form, iframe, svg, amp-ad...), by its class or id (ads, share,
//     subscribe, cookie, related, comments, sidebar...), by its ARIA role,
//     or because it is hidden.
//  2. Score the live elements the way Mozilla's Readability does: every
//     paragraph of 25 or more characters adds points for its length and
//     commas to its parent and, decreasingly, to four more ancestors; class
//     and id names add or take points; link-heavy elements lose them.
//  3. Take the best element and those of its siblings that score near it or
//     look like prose. A fragment whose paragraphs sit at the top level is
//     thereby taken whole.
//  4. Emit the text block by block (p, div, li, h1... end a block), dropping
//     blocks that are mostly links or short and full of "Subscribe",
//     "Share this", "cookies" and the like.
//
// HTML costs O(n) time and memory in the size of the input; see
// docs/extract.md for measured throughput.
package extract

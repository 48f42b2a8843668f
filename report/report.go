// Package report writes a single self-contained HTML file that lists the
// clusters and reuse links of a corpus and shows each pair of documents side
// by side, with their shared passages highlighted and linked to each other.
//
//	in := &report.Input{
//		Title:    "Newsroom archive",
//		Docs:     docs,     // the documents the clusters and links name, with their text
//		Clusters: clusters, // groups of near-duplicates
//		Links:    links,    // []rehash.Link, passages included
//	}
//	err := report.Write(f, in)
//
// The file needs no network: its stylesheet and script are embedded, and a
// Content-Security-Policy forbids any fetch. The data travels as one JSON
// blob inside a <script type="application/json"> element and is rendered
// by the script, a page of rows at a time; a pair's texts are laid out only
// when the pair is opened. So a report with many thousands of links opens
// quickly, and its size is about the size of the texts it carries.
//
// Texts longer than Input.MaxText are cut (at a character boundary) and say
// so; passages that start beyond the cut are listed but not highlighted.
//
// The same input always gives the same bytes.
package report

import (
	"bufio"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"strings"

	"github.com/rehashdev/rehash"
)

// DefaultMaxText is the default cap on the bytes of one document's text.
const DefaultMaxText = 200 << 10

// ErrInput reports an input that cannot be written.
var ErrInput = errors.New("report: invalid input")

// Input is what a report shows.
type Input struct {
	// Title heads the page. Default "rehash report".
	Title string
	// Docs are the documents that clusters and links name, with their
	// text. A link or cluster member whose id is not here is still listed,
	// with its text marked as not available. The first of several
	// documents with the same id wins.
	Docs []Document
	// Clusters are groups of near-duplicate documents.
	Clusters []Cluster
	// Links are pairs of documents that share text. Their order is the
	// report's default order and their 1-based position is the pair number
	// in the page's address (#pair=N).
	Links []rehash.Link
	// Stories group documents that report one event (package story); the
	// page lists those of two documents or more with a timeline each, and
	// the clusters and families nested in them.
	Stories []Story
	// MaxText caps the bytes of one document's text in the page. Default
	// DefaultMaxText; negative means no cap.
	MaxText int
	// Notes are lines of free text shown under the summary (how the report
	// was made, with which parameters).
	Notes []string
}

// Document is one document as the report shows it.
type Document struct {
	ID    string
	Title string
	// Date is as found in the input (ISO 8601 when known).
	Date string
	// Source says where the document came from: a path, "path:line".
	Source string
	// Site is the site or publisher, for the site facet.
	Site string
	// TextOmitted says that Text is not carried: the document is listed
	// for its story, and shares no text with another.
	TextOmitted bool
	// Text is the document's extracted text, the text that Passage.TextA
	// and Passage.TextB index.
	Text string
}

// Story is a group of documents that report one event.
type Story struct {
	// Labels are its heaviest terms.
	Labels []string
	// Members are the ids of its documents.
	Members []string
}

// Cluster is a group of near-duplicate documents.
type Cluster struct {
	// Keep is the id of the document the cluster keeps.
	Keep string
	// Members are all the documents of the cluster, the kept one included,
	// each with its similarity to the kept one.
	Members []Member
}

// Member is one document of a cluster.
type Member struct {
	ID string
	// Similarity is the exact Jaccard similarity to the kept document.
	Similarity float64
	// Exact is true when the normalized texts are equal.
	Exact bool
}

//go:embed assets/report.css
var css string

//go:embed assets/report.js
var script string

// scriptHash is the Content-Security-Policy hash of the embedded script:
// the page runs that script and nothing else, not even an inline event
// handler smuggled in through a hostile text.
var scriptHash = func() string {
	sum := sha256.Sum256([]byte(script))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}()

// Write writes the report for in to w as one HTML file.
//
// It holds the whole JSON payload in memory: about the size of the texts
// (capped by MaxText each) plus some 100 bytes per link and passage.
func Write(w io.Writer, in *Input) error {
	if in == nil {
		return fmt.Errorf("%w: nil input", ErrInput)
	}
	p, err := build(in)
	if err != nil {
		return err
	}
	// encoding/json escapes <, > and & (so no "</script>" or "<!--" can
	// end the data element early) and U+2028/U+2029.
	data, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	title := in.Title
	if title == "" {
		title = "rehash report"
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	b.WriteString("<meta name=\"generator\" content=\"rehash report\">\n")
	fmt.Fprintf(&b, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src '%s'; img-src data:; base-uri 'none'; form-action 'none'\">\n", scriptHash)
	fmt.Fprintf(&b, "<title>%s</title>\n", html.EscapeString(title))
	b.WriteString("<style>\n")
	b.WriteString(css)
	b.WriteString("</style>\n</head>\n<body>\n")
	fmt.Fprintf(&b, "<header class=\"top\"><h1 id=\"title\">%s</h1><p id=\"summary\" class=\"summary\"></p><div id=\"notes\" class=\"notes\"></div></header>\n", html.EscapeString(title))
	b.WriteString("<main id=\"app\"><noscript><p class=\"noscript\">This report is drawn by JavaScript: please enable it for this file.</p></noscript></main>\n")
	b.WriteString("<script type=\"application/json\" id=\"rehash-data\">")
	bw.WriteString(b.String())
	bw.Write(data)
	bw.WriteString("</script>\n<script>")
	bw.WriteString(script)
	bw.WriteString("</script>\n</body>\n</html>\n")
	return bw.Flush()
}

package ingest

import (
	"bytes"
	"net/mail"
	"time"

	"github.com/rehashdev/rehash"
)

// Mail and news messages (a Usenet archive, a mailing list export) carry a
// header block and often a signature around the text their authors wrote.
// Both recur across the posts of one author or site, so that two posts
// would share "Organization: ... Lines: 12" or a four-line signature and
// look like reuse. Unless Options.KeepMail is set, decoding takes them out
// of Document.Text:
//
//   - A header block: at the very start of the text, at least two
//     consecutive "Name: value" lines (folded continuation lines allowed),
//     one of them a mail or news header (From, Subject, Date, Message-ID,
//     Newsgroups, ...), ended by a blank line. Subject becomes Meta.Title
//     and a parseable Date becomes Meta.Date (RFC 3339) unless the record
//     has its own; the text starts after the blank line.
//   - A signature: a line that is exactly "-- " or "--" (the Usenet
//     delimiter) followed by at most maxSignatureLines lines to the end of
//     the text; the text ends before the delimiter. After a header block,
//     a rule line ("----", "====", "____") within those lines counts too.
//   - After a header block, a leading attribution line ("In article <id>,
//     ann@x (Ann) writes:", one or two lines): it names the quoted post
//     and recurs in every reply to its author.
//
// Quoted lines ("> ...") stay: they are the reuse a search should find.
// A message whose body would hold no word is left whole.
//
// The step runs on text files, JSON Lines and JSON text fields, CSV/TSV and
// Parquet text columns; not on HTML. The text stays a verbatim slice of
// what it was, so offsets into Raw remain exact.

// maxSignatureLines is the longest signature taken out, in lines after the
// delimiter (blank lines at the end not counted): the "McQuary limit" of
// four lines, generously exceeded in practice.
const maxSignatureLines = 10

// maxHeaderBytes bounds the scan for a header block.
const maxHeaderBytes = 64 << 10

// mailHeaders are the names of which one must occur in a header block, so
// that a text beginning with two "Note: ..." lines is not taken for mail.
var mailHeaders = []string{
	"From", "Subject", "Date", "Message-ID", "Newsgroups", "Path", "To", "Cc",
	"Reply-To", "Sender", "Received", "Return-Path", "References", "In-Reply-To",
	"MIME-Version", "Content-Type", "Organization", "Lines", "NNTP-Posting-Host",
	"Xref", "Followup-To", "Distribution", "Keywords", "Summary", "X-Newsreader",
}

// mailParts is what splitMail finds in a text.
type mailParts struct {
	start, end int // the body: text[start:end]
	subject    string
	date       string // RFC 3339, or ""
}

// splitMail finds the body of a mail or news message: after a leading
// header block, before a trailing signature. ok is false when the text has
// neither. Cost is O(header + last lines); a text that does not start with
// "Name:" costs a few byte comparisons.
func splitMail(text []byte) (p mailParts, ok bool) {
	p.end = len(text)
	p.start, p.subject, p.date = mailHeader(text)
	if p.start > 0 {
		// A message for sure: its attribution line ("In article <id>,
		// ann@x (Ann) writes:") is metadata too, and a rule line may
		// stand in for the "-- " delimiter.
		p.start = skipAttribution(text, p.start)
	}
	if e := signatureStart(text, p.start, p.start > 0); e >= 0 {
		p.end = e
	}
	if p.start == 0 && p.end == len(text) {
		return p, false
	}
	if !hasWord(text[p.start:p.end]) {
		return mailParts{end: len(text)}, false
	}
	return p, true
}

// hasWord reports whether b holds a letter or digit (any non-ASCII byte
// counts), so that a post whose body is a rule of "=" signs keeps its
// headers rather than becoming an empty document.
func hasWord(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 || c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'z' {
			return true
		}
	}
	return false
}

// mailHeader returns the offset after a leading header block and its blank
// line, or 0 when there is none.
func mailHeader(text []byte) (body int, subject, date string) {
	var (
		pos, fields int
		known       bool
		last        string // the name of the field being folded
	)
	for pos < len(text) && pos < maxHeaderBytes {
		eol := bytes.IndexByte(text[pos:], '\n')
		if eol < 0 {
			return 0, "", "" // no blank line: not a header block
		}
		line := bytes.TrimSuffix(text[pos:pos+eol], []byte("\r"))
		next := pos + eol + 1
		switch {
		case len(bytes.TrimSpace(line)) == 0:
			if fields < 2 || !known {
				return 0, "", ""
			}
			return next, subject, date
		case line[0] == ' ' || line[0] == '\t':
			if fields == 0 {
				return 0, "", ""
			}
			if last == "Subject" {
				subject += " " + string(bytes.TrimSpace(line))
			}
		default:
			name, value, ok := headerField(line)
			if !ok {
				return 0, "", ""
			}
			fields++
			last = ""
			for _, h := range mailHeaders {
				if len(h) == len(name) && bytes.EqualFold(name, []byte(h)) {
					known, last = true, h
					break
				}
			}
			switch last {
			case "Subject":
				subject = string(bytes.TrimSpace(value))
			case "Date":
				if t, err := mail.ParseDate(string(bytes.TrimSpace(value))); err == nil {
					date = t.Format(time.RFC3339)
				}
			}
		}
		pos = next
	}
	return 0, "", ""
}

// headerField splits "Name: value": a name of printable ASCII without
// spaces ("Article-I.D.") starting with a letter, at most 64 bytes, then a colon and a space (or
// the end of the line).
func headerField(line []byte) (name, value []byte, ok bool) {
	i := 0
	for i < len(line) && i <= 64 {
		c := line[i]
		if c == ':' {
			break
		}
		letter := c|0x20 >= 'a' && c|0x20 <= 'z'
		if !letter && (i == 0 || c <= ' ' || c > '~') { // RFC 5322: printable, no space
			return nil, nil, false
		}
		i++
	}
	if i == 0 || i >= len(line) || line[i] != ':' || i+1 < len(line) && line[i+1] != ' ' && line[i+1] != '\t' {
		return nil, nil, false
	}
	return line[:i], line[i+1:], true
}

// signatureStart returns the offset of a signature delimiter line within
// the last maxSignatureLines+1 lines of text[from:], or -1. The delimiter
// must not be the first line of the body. With rules set (the text has a
// mail header), a line of two or more '-', '_', '=' or '*' also counts,
// as posters often write one instead of "-- ".
func signatureStart(text []byte, from int, rules bool) int {
	end := len(text)
	// Blank lines at the end do not count against the limit.
	for end > from && (text[end-1] == '\n' || text[end-1] == '\r' || text[end-1] == ' ' || text[end-1] == '\t') {
		end--
	}
	for lines := 0; lines <= maxSignatureLines && end > from; lines++ {
		s := bytes.LastIndexByte(text[from:end], '\n')
		if s < 0 {
			return -1 // reached the first line of the body
		}
		s += from + 1
		line := bytes.TrimSuffix(text[s:end], []byte("\r"))
		if string(line) == "-- " || string(line) == "--" || rules && ruleLine(line) {
			return s
		}
		end = s - 1
	}
	return -1
}

// ruleLine reports whether line is a horizontal rule: at least two of
// one of '-', '_', '=', '*', and nothing else but spaces around them.
func ruleLine(line []byte) bool {
	line = bytes.TrimSpace(line)
	if len(line) < 2 || bytes.IndexByte([]byte("-_=*"), line[0]) < 0 {
		return false
	}
	for _, c := range line {
		if c != line[0] {
			return false
		}
	}
	return true
}

// skipAttribution returns the offset after a leading attribution (blank
// lines, then one or two lines starting "In article", "In message" or
// "In <", or ending "writes:" or "wrote:"), or body if there is none.
// Nested attributions inside quotes ("> In article ...") stay: they
// belong to the quoted text.
func skipAttribution(text []byte, body int) int {
	pos := body
	for pos < len(text) && (text[pos] == '\n' || text[pos] == '\r') {
		pos++
	}
	for n := 0; n < 2 && pos < len(text); n++ {
		eol := bytes.IndexByte(text[pos:], '\n')
		if eol < 0 {
			return body
		}
		line := bytes.TrimSpace(text[pos : pos+eol])
		next := pos + eol + 1
		if bytes.HasSuffix(line, []byte("writes:")) || bytes.HasSuffix(line, []byte("wrote:")) {
			return next
		}
		if n == 0 && !(bytes.HasPrefix(line, []byte("In article")) || bytes.HasPrefix(line, []byte("In message")) || bytes.HasPrefix(line, []byte("In <"))) {
			return body
		}
		pos = next
	}
	return body
}

// setMailMeta fills the title and date the record does not give itself.
func setMailMeta(m *rehash.Meta, p mailParts) {
	if m.Title == "" {
		m.Title = p.subject
	}
	if m.Date == "" {
		m.Date = p.date
	}
}

package extract

import "bytes"

// DateLine recognises a leading metadata line "date YYYY-MM-DD title...",
// as written by crawlers that store a plain-text article with its date:
//
//	date 2016-11-03 Some Headline
//
//	First paragraph...
//
// Leading spaces, tabs and a byte order mark before "date" are allowed, and
// "date" may be in any case. The date may carry a time ("2016-11-03T10:00Z").
// It returns the date, the rest of the line trimmed (a title, possibly
// empty), and the offset of the body: the first byte after the line and any
// blank lines that follow it. The line must end with a newline or the input.
func DateLine(text []byte) (date, title string, bodyStart int, ok bool) {
	i := 0
	if bytes.HasPrefix(text, []byte("\xef\xbb\xbf")) {
		i = 3
	}
	for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
		i++
	}
	if len(text)-i < 4 || !bytes.EqualFold(text[i:i+4], []byte("date")) {
		return "", "", 0, false
	}
	i += 4
	j := i
	for j < len(text) && (text[j] == ' ' || text[j] == '\t') {
		j++
	}
	if j == i {
		return "", "", 0, false
	}
	eol := bytes.IndexByte(text[j:], '\n')
	if eol < 0 {
		eol = len(text)
	} else {
		eol += j
	}
	line := text[j:eol]
	k := bytes.IndexAny(line, " \t\r")
	if k < 0 {
		k = len(line)
	}
	d := string(line[:k])
	if !isoDate(d) || !validDate(d) {
		return "", "", 0, false
	}
	title = string(bytes.TrimSpace(line[k:]))
	body := eol
	for body < len(text) {
		nl := bytes.IndexByte(text[body+1:], '\n')
		if nl < 0 || len(bytes.TrimSpace(text[body+1:body+1+nl])) != 0 {
			break
		}
		body += 1 + nl
	}
	if body < len(text) {
		body++ // past the newline
	}
	return d, title, body, true
}

// validDate checks the month and day of a string that passed isoDate.
func validDate(d string) bool {
	m := int(d[5]-'0')*10 + int(d[6]-'0')
	day := int(d[8]-'0')*10 + int(d[9]-'0')
	return m >= 1 && m <= 12 && day >= 1 && day <= 31
}

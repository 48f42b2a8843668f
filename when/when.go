// Package when reads the dates documents carry, in whatever form their
// source wrote them, so that every part of rehash (the keep policies of
// deduplication, the likely source of a reused passage, the index and the
// report) orders the same two dates the same way.
//
//	t, err := when.Parse("2-MAR-1987 10:51:02.11")
//	if err != nil { ... } // errors.Is(err, when.ErrUnparseable)
//
// Parse accepts, with or without surrounding spaces:
//
//   - ISO 8601 / RFC 3339 dates and timestamps ("1987-03-02",
//     "1987-03-02T10:51:02Z", "1987-03-02 10:51:02.5+01:00", "19870302",
//     "1987-03", "1987/03/02 10:51");
//   - mail and web forms: RFC 1123, RFC 822, RFC 850, ANSI C asctime, Unix
//     date, and what net/mail accepts ("Mon, 2 Mar 1987 10:51:02 -0500
//     (EST)");
//   - DEC/VMS forms as in the Reuters archives ("2-MAR-1987
//     10:51:02.11", "11-MAR-1987");
//   - prose forms ("March 2, 1987", "Mar 2 1987", "2 March 1987",
//     "Monday, March 2, 1987", "Mar. 2, 1987");
//   - epoch seconds (9 to 11 digits) and milliseconds (12 to 14 digits),
//     optionally with a fraction of a second.
//
// Month and day names are read in any letter case. A time without a zone
// is taken as UTC. Zone abbreviations of RFC 822 (UT, GMT, EST, EDT, CST,
// CDT, MST, MDT, PST, PDT, Z) and a few common others (BST, CET, CEST,
// EET, EEST, JST, HKT, SGT, AEST, AEDT) carry their offsets; any other
// abbreviation is an error rather than a silent UTC, because guessing a
// zone would reorder dates a few hours apart.
//
// Cost: a string that matches no layout is tried against each of about
// forty layouts, a few microseconds; callers that compare many dates parse
// each once.
package when

import (
	"errors"
	"fmt"
	"net/mail"
	"strconv"
	"strings"
	"time"
)

// ErrUnparseable reports a date in no form Parse knows.
var ErrUnparseable = errors.New("when: unparseable date")

// layouts are tried in order; the first that parses wins. Layouts with a
// zone name ("MST") are checked against the zone table after parsing.
var layouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 MST",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006-01",
	"20060102T150405Z0700",
	"20060102",
	"2006/01/02 15:04:05",
	"2006/01/02 15:04",
	"2006/01/02",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04 -0700",
	"Mon, 2 Jan 2006 15:04 MST",
	"2 Jan 2006 15:04:05 -0700",
	"2 Jan 2006 15:04:05 MST",
	time.RFC822Z,
	time.RFC822,
	time.RFC850,
	"Monday, 02-Jan-2006 15:04:05 -0700",
	time.ANSIC,
	time.UnixDate,
	time.RubyDate,
	"2-Jan-2006 15:04:05",
	"2-Jan-2006 15:04",
	"2-Jan-2006",
	"2-Jan-06",
	"January 2, 2006 15:04:05 MST",
	"January 2, 2006 15:04:05",
	"January 2, 2006 15:04",
	"January 2, 2006",
	"January 2 2006",
	"Jan 2, 2006",
	"Jan 2 2006",
	"Monday, January 2, 2006",
	"Monday January 2, 2006",
	"Mon, January 2, 2006",
	"Mon, Jan 2, 2006",
	"2 January 2006 15:04",
	"2 January 2006",
	"2 Jan 2006",
	"Monday, 2 January 2006",
	"Mon, 2 Jan 2006",
	"January 2006",
}

// zones are the offsets, in hours, of the abbreviations Parse accepts.
var zones = map[string]float64{
	"UT": 0, "UTC": 0, "GMT": 0, "Z": 0,
	"EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
	"BST": 1, "CET": 1, "CEST": 2, "MET": 1, "MEST": 2, "EET": 2, "EEST": 3,
	"JST": 9, "HKT": 8, "SGT": 8, "AEST": 10, "AEDT": 11,
}

// Parse reads s as a date or timestamp; see the package comment for the
// forms. The result is in the zone s names (UTC if none).
func Parse(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, fmt.Errorf("%w: empty", ErrUnparseable)
	}
	if t, ok := epoch(s); ok {
		return t, nil
	}
	// "Mar. 2, 1987": the period after an abbreviated month says nothing.
	s = strings.Join(strings.Fields(s), " ")
	norm := dropMonthDot(s)
	for _, layout := range layouts {
		t, err := time.Parse(layout, norm)
		if err != nil {
			continue
		}
		return zoned(t, s)
	}
	// net/mail reads the many variants mail headers come in (comments,
	// missing weekday, two-digit years, obsolete zones).
	if t, err := mail.ParseDate(s); err == nil {
		return zoned(t, s)
	}
	return time.Time{}, fmt.Errorf("%w: %q", ErrUnparseable, s)
}

func zoned(t time.Time, s string) (time.Time, error) {
	if t, ok := fixZone(t); ok {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%w: unknown time zone in %q", ErrUnparseable, s)
}

// Compare orders two parsed-or-not dates for sorting: a parsed date comes
// before an unparseable one, earlier before later; two unparseable dates
// are equal. ok reports whether both parsed.
func Compare(a, b time.Time, okA, okB bool) int {
	switch {
	case okA && okB:
		return a.Compare(b)
	case okA:
		return -1
	case okB:
		return 1
	}
	return 0
}

// epoch reads digits as seconds or milliseconds since 1970. Nine to eleven
// digits are seconds (1973 to 5138), twelve to fourteen milliseconds:
// shorter runs of digits are years or compact dates, not timestamps.
func epoch(s string) (time.Time, bool) {
	whole, frac, hasFrac := strings.Cut(s, ".")
	if len(whole) < 9 || len(whole) > 14 || !digits(whole) || hasFrac && (frac == "" || !digits(frac)) {
		return time.Time{}, false
	}
	n, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	var ns int64
	if hasFrac {
		f, _ := strconv.ParseFloat("0."+frac, 64)
		ns = int64(f * 1e9)
	}
	if len(whole) <= 11 {
		return time.Unix(n, ns).UTC(), true
	}
	return time.UnixMilli(n).Add(time.Duration(ns / 1000)).UTC(), true
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// dropMonthDot removes a period right after a three- or four-letter word
// ("Mar.", "Sept."), as newspapers abbreviate months.
func dropMonthDot(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	b := make([]byte, 0, len(s))
	letters := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '.' && (letters == 3 || letters == 4) && (i+1 == len(s) || s[i+1] == ' ' || s[i+1] == ',') {
			if letters == 4 && strings.EqualFold(s[i-4:i], "sept") {
				b = b[:len(b)-1] // "Sept." -> "Sep"
			}
			letters = 0
			continue
		}
		if c|0x20 >= 'a' && c|0x20 <= 'z' {
			letters++
		} else {
			letters = 0
		}
		b = append(b, c)
	}
	return string(b)
}

// fixZone gives a time parsed with a zone abbreviation the offset of that
// abbreviation: time.Parse (and net/mail, which uses it) leaves an
// abbreviation it does not know in a made-up zone at offset zero, which
// would read "EST" as UTC. ok is false for an abbreviation not in zones.
func fixZone(t time.Time) (time.Time, bool) {
	name, off := t.Zone()
	if name == "" {
		return t, true // a numeric offset
	}
	h, ok := zones[strings.ToUpper(name)]
	if !ok {
		// The machine's own zone names its abbreviations correctly.
		return t, off != 0 || t.Location() == time.Local && name != "" && isLocalZone(t)
	}
	want := int(h * 3600)
	if off == want {
		return t, true
	}
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.FixedZone(strings.ToUpper(name), want)), true
}

// isLocalZone reports whether t's zone abbreviation is one the local zone
// really uses at offset zero (Europe/London's "GMT" in winter, say), as
// opposed to one time.Parse made up.
func isLocalZone(t time.Time) bool {
	name, off := t.Zone()
	for _, m := range []time.Month{time.January, time.July} {
		n, o := time.Date(t.Year(), m, 1, 0, 0, 0, 0, time.Local).Zone()
		if n == name && o == off {
			return true
		}
	}
	return false
}

package story

import (
	"net/mail"
	"strconv"
	"strings"
	"time"
)

// parseDate reads the dates the corpora carry: ISO 8601, mail headers,
// the Reuters archive's "2-MAR-1987 10:51:02.11", and epoch seconds or
// milliseconds. It is a stopgap: package when (being written alongside)
// reads many more forms, and replaces this once it lands.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		switch {
		case len(s) >= 12 && len(s) <= 14:
			return time.UnixMilli(n).UTC(), true
		case len(s) >= 9 && len(s) <= 11:
			return time.Unix(n, 0).UTC(), true
		}
	}
	for _, layout := range []string{
		time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02",
		"2-Jan-2006 15:04:05.99", "2-Jan-2006 15:04:05", "2-Jan-2006",
	} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	if t, err := mail.ParseDate(s); err == nil {
		return t.UTC(), true
	}
	return time.Time{}, false
}

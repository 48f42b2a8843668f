package story

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2016-11-03", time.Date(2016, 11, 3, 0, 0, 0, 0, time.UTC), true},
		{"2016-11-03T10:00:00+01:00", time.Date(2016, 11, 3, 9, 0, 0, 0, time.UTC), true},
		{"3-NOV-2016 10:51:02.11", time.Date(2016, 11, 3, 10, 51, 2, 110e6, time.UTC), true},
		{"Thu, 3 Nov 2016 10:00:00 -0500", time.Date(2016, 11, 3, 15, 0, 0, 0, time.UTC), true},
		{"1478167200000", time.Date(2016, 11, 3, 10, 0, 0, 0, time.UTC), true},
		{"1478167200", time.Date(2016, 11, 3, 10, 0, 0, 0, time.UTC), true},
		{"yesterday", time.Time{}, false},
		{"", time.Time{}, false},
	} {
		got, ok := parseDate(tc.in)
		if ok != tc.ok || !got.Equal(tc.want) {
			t.Errorf("parseDate(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

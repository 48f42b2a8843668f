package when

import (
	"errors"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	utc := func(y int, m time.Month, d, h, min, s, ns int) time.Time {
		return time.Date(y, m, d, h, min, s, ns, time.UTC)
	}
	for _, tc := range []struct {
		in   string
		want time.Time // compared with Equal: the same instant
	}{
		{"1987-03-02", utc(1987, 3, 2, 0, 0, 0, 0)},
		{" 1987-03-02 ", utc(1987, 3, 2, 0, 0, 0, 0)},
		{"1987-03-02T10:51:02Z", utc(1987, 3, 2, 10, 51, 2, 0)},
		{"1987-03-02T10:51:02.25+01:00", utc(1987, 3, 2, 9, 51, 2, 250e6)},
		{"1987-03-02T10:51:02", utc(1987, 3, 2, 10, 51, 2, 0)},
		{"1987-03-02T10:51:02+0100", utc(1987, 3, 2, 9, 51, 2, 0)},
		{"1987-03-02 10:51:02", utc(1987, 3, 2, 10, 51, 2, 0)},
		{"1987-03-02 10:51:02 -0500", utc(1987, 3, 2, 15, 51, 2, 0)},
		{"1987-03-02 10:51", utc(1987, 3, 2, 10, 51, 0, 0)},
		{"1987-03", utc(1987, 3, 1, 0, 0, 0, 0)},
		{"19870302", utc(1987, 3, 2, 0, 0, 0, 0)},
		{"1987/03/02", utc(1987, 3, 2, 0, 0, 0, 0)},
		{"Mon, 02 Mar 1987 10:51:02 GMT", utc(1987, 3, 2, 10, 51, 2, 0)},
		{"Mon, 02 Mar 1987 10:51:02 -0500", utc(1987, 3, 2, 15, 51, 2, 0)},
		{"Mon, 2 Mar 1987 10:51:02 EST", utc(1987, 3, 2, 15, 51, 2, 0)},
		{"Mon, 2 Mar 1987 10:51:02 PDT", utc(1987, 3, 2, 17, 51, 2, 0)},
		{"Mon, 2 Mar 1987 10:51:02 -0500 (EST)", utc(1987, 3, 2, 15, 51, 2, 0)},
		{"2 Mar 87 10:51 EST", utc(1987, 3, 2, 15, 51, 0, 0)},
		{"02 Mar 87 10:51 +0100", utc(1987, 3, 2, 9, 51, 0, 0)},
		{"Monday, 02-Mar-87 10:51:02 GMT", utc(1987, 3, 2, 10, 51, 2, 0)},
		{"Mon Mar  2 10:51:02 1987", utc(1987, 3, 2, 10, 51, 2, 0)},
		{"Mon Mar 2 10:51:02 EST 1987", utc(1987, 3, 2, 15, 51, 2, 0)},
		{"2-MAR-1987 10:51:02.11", utc(1987, 3, 2, 10, 51, 2, 110e6)},
		{"11-MAR-1987", utc(1987, 3, 11, 0, 0, 0, 0)},
		{"11-mar-1987 08:00", utc(1987, 3, 11, 8, 0, 0, 0)},
		{"March 2, 1987", utc(1987, 3, 2, 0, 0, 0, 0)},
		{"march 2 1987", utc(1987, 3, 2, 0, 0, 0, 0)},
		{"Mar 2, 1987", utc(1987, 3, 2, 0, 0, 0, 0)},
		{"Mar. 2, 1987", utc(1987, 3, 2, 0, 0, 0, 0)},
		{"Sept. 2, 1987", utc(1987, 9, 2, 0, 0, 0, 0)},
		{"2 March 1987", utc(1987, 3, 2, 0, 0, 0, 0)},
		{"Monday, March 2, 1987", utc(1987, 3, 2, 0, 0, 0, 0)},
		{"March 1987", utc(1987, 3, 1, 0, 0, 0, 0)},
		{"541680662", utc(1987, 3, 2, 10, 51, 2, 0)},
		{"541680662.5", utc(1987, 3, 2, 10, 51, 2, 500e6)},
		{"541680662000", utc(1987, 3, 2, 10, 51, 2, 0)},
		{"1700000000123", time.UnixMilli(1700000000123).UTC()},
	} {
		got, err := Parse(tc.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.in, err)
			continue
		}
		if !got.Equal(tc.want) {
			t.Errorf("Parse(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestParseRejects(t *testing.T) {
	for _, in := range []string{
		"", "   ", "yesterday", "1987-13-02", "1987-02-30", "32-MAR-1987",
		"Mon, 2 Mar 1987 10:51:02 XYZ", // an unknown zone is not taken for UTC
		"12345", "1234567", "1987-03-02T25:00", "March 32, 1987",
	} {
		if got, err := Parse(in); !errors.Is(err, ErrUnparseable) {
			t.Errorf("Parse(%q) = %v, %v; want ErrUnparseable", in, got, err)
		}
	}
}

// The orders the keep policies rely on: by instant, not by string, and
// with the zone applied.
func TestOrder(t *testing.T) {
	for _, tc := range []struct{ earlier, later string }{
		{"2-MAR-1987", "11-MAR-1987"}, // "11-..." sorts first as a string
		{"1987-03-02T11:00:00Z", "1987-03-02T10:00:00-05:00"},
		{"Mon, 2 Mar 1987 10:00:00 GMT", "Mon, 2 Mar 1987 09:00:00 EST"},
		{"March 2, 1987", "1987-03-02T00:00:01Z"},
		{"541680662", "541680662001"},
	} {
		a, errA := Parse(tc.earlier)
		b, errB := Parse(tc.later)
		if errA != nil || errB != nil {
			t.Fatalf("%v %v", errA, errB)
		}
		if Compare(a, b, true, true) >= 0 {
			t.Errorf("%q (%v) should come before %q (%v)", tc.earlier, a, tc.later, b)
		}
	}
	var zero time.Time
	if Compare(zero, zero, true, false) >= 0 || Compare(zero, zero, false, true) <= 0 || Compare(zero, zero, false, false) != 0 {
		t.Error("an unparseable date must sort after a parsed one, and equal another unparseable one")
	}
}

// FuzzParse checks that Parse never panics and that what it accepts is a
// real instant that the RFC 3339 form reads back as the same.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"1987-03-02", "2-MAR-1987 10:51:02.11", "Mon, 2 Mar 1987 10:51:02 -0500 (EST)",
		"Mar. 2, 1987", "541680662.5", "Sept. 2", "...", "1987-03-02T10:51:02.25+01:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := Parse(s)
		if err != nil {
			if !errors.Is(err, ErrUnparseable) {
				t.Fatalf("Parse(%q): error %v is not ErrUnparseable", s, err)
			}
			return
		}
		if got.Year() < -9999 || got.Year() > 99999 {
			return // outside RFC 3339's years
		}
		if got.Year() >= 0 && got.Year() <= 9999 {
			back, err := Parse(got.Format(time.RFC3339Nano))
			if err != nil || !back.Equal(got) {
				t.Fatalf("Parse(%q) = %v, which reads back as %v, %v", s, got, back, err)
			}
		}
	})
}

package kirimchat

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestParseTimestampTakesExactlyRFC3339(t *testing.T) {
	valid := map[string]string{ // text → the instant in UTC, as Go writes it
		"2026-11-27T09:30:00Z":                  "2026-11-27T09:30:00Z",
		"2026-11-27t09:30:00z":                  "2026-11-27T09:30:00Z",
		"2026-11-27T16:30:00.250+07:00":         "2026-11-27T09:30:00.25Z",
		"2026-11-27T09:30:00-00:00":             "2026-11-27T09:30:00Z",
		"2026-11-27T09:30:00.123456789123Z":     "2026-11-27T09:30:00.123456789Z",
		"2024-02-29T00:00:00Z":                  "2024-02-29T00:00:00Z",
		"2016-12-31T23:59:60Z":                  "2017-01-01T00:00:00Z", // a leap second: the next second's start
		"2016-12-31T23:59:60.999Z":              "2017-01-01T00:00:00Z",
		"2016-12-31T18:59:60-05:00":             "2017-01-01T00:00:00Z",
		"2015-06-30T23:59:60Z":                  "2015-07-01T00:00:00Z",
		"0000-01-01T00:00:00Z":                  "0000-01-01T00:00:00Z",
		"9999-12-31T23:59:59.999999999+23:59":   "9999-12-31T00:00:59.999999999Z",
		"2026-11-27T09:30:00.0000000000000000Z": "2026-11-27T09:30:00Z",
	}
	for text, want := range valid {
		got, err := ParseTimestamp(text)
		if err != nil {
			t.Errorf("ParseTimestamp(%q): %v", text, err)
			continue
		}
		if s := got.Time.UTC().Format(time.RFC3339Nano); s != want {
			t.Errorf("ParseTimestamp(%q) = %s, want %s", text, s, want)
		}
	}
	invalid := map[string]string{
		"2026-11-27T00:30:00+00:60":  "the offset's minutes are past 59",
		"2026-11-27T00:30:00+24:00":  "the offset's hour is past 23",
		"2026-11-27T09:30:00,5Z":     `want "Z" or an offset`,
		"2026-11-27":                 `want "T" between the date and the time`,
		"2026-11-27 09:30:00Z":       `want "T"`,
		"2026-11-27T09:30Z":          `want ':'`,
		"2026-11-27T09:30:00":        `want "Z" or an offset`,
		"2026-11-27T09:30:00.Z":      `want a digit after "."`,
		"2026-11-27T09:30:00+0700":   `want ':'`,
		"2026-11-27T09:30:00+07":     `want ':'`,
		"2026-11-27T09:30:00Z ":      "nothing after the offset",
		" 2026-11-27T09:30:00Z":      "a four-digit year",
		"2026-13-01T00:00:00Z":       "the month is not 01–12",
		"2026-00-01T00:00:00Z":       "the month is not 01–12",
		"2026-02-29T00:00:00Z":       "the day does not exist",
		"2026-04-31T00:00:00Z":       "the day does not exist",
		"2026-11-27T24:00:00Z":       "the hour is past 23",
		"2026-11-27T09:60:00Z":       "the minutes are past 59",
		"2026-11-27T09:30:61Z":       "the seconds are past 60",
		"2026-11-27T23:59:60Z":       "leap second",
		"2016-12-31T23:58:60Z":       "leap second",
		"2016-12-31T23:59:60+01:00":  "leap second",
		"+2026-11-27T09:30:00Z":      "a four-digit year",
		"2026-11-27T09:30:00\u00a0Z": `want "Z" or an offset`,
		"２０２６-11-27T09:30:00Z":       "a four-digit year",
		"":                           "a four-digit year",
	}
	for text, reason := range invalid {
		_, err := ParseTimestamp(text)
		if err == nil {
			t.Errorf("ParseTimestamp(%q) took it", text)
			continue
		}
		if !strings.Contains(err.Error(), reason) || !strings.Contains(err.Error(), TimestampExample) {
			t.Errorf("ParseTimestamp(%q): %q, want the reason %q and an example", text, err, reason)
		}
	}
}

func TestTimestampsCompareBeyondTheNanosecond(t *testing.T) {
	parse := func(s string) Timestamp {
		ts, err := ParseTimestamp(s)
		if err != nil {
			t.Fatal(err)
		}
		return ts
	}
	ordered := []string{
		"2016-12-31T23:59:59.999999999Z",
		"2016-12-31T23:59:59.9999999991Z",
		"2016-12-31T23:59:59.99999999911Z",
		"2016-12-31T23:59:59.9999999992Z",
		"2016-12-31T23:59:60Z",
		"2016-12-31T23:59:60.1Z",
		"2016-12-31T18:59:60.5-05:00",
		"2016-12-31T23:59:60.9Z",
		"2016-12-31T23:59:60.9000000001Z",
		"2017-01-01T00:00:00Z",
		"2017-01-01T00:00:00.000000001Z",
	}
	for i := 1; i < len(ordered); i++ {
		if a, b := parse(ordered[i-1]), parse(ordered[i]); !b.After(a) || a.Compare(b) != -1 {
			t.Errorf("%s is not earlier than %s", ordered[i-1], ordered[i])
		}
	}
	if parse("2026-11-27T09:30:00.10Z").Compare(parse("2026-11-27T16:30:00.1+07:00")) != 0 {
		t.Error("the same instant in two forms is not equal")
	}
	if parse("2016-12-31T23:59:60.50Z").Compare(parse("2016-12-31T23:59:60.5Z")) != 0 {
		t.Error("the same instant of a leap second in two forms is not equal")
	}
}

// rfc3339Grammar is RFC 3339 §5.6's ABNF as a regular expression: the
// independent check the fuzz target holds ParseTimestamp to.
var rfc3339Grammar = regexp.MustCompile(`^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?([Zz]|([+-])([0-9]{2}):([0-9]{2}))$`)

// grammarSays is what the RFC's grammar and its ranges (§5.6, §5.7) say of
// s: whether it is a date-time, and its instant in UTC (a leap second as
// the next second's start), computed without ParseTimestamp.
func grammarSays(s string) (time.Time, bool) {
	m := rfc3339Grammar.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, false
	}
	n := func(i int) int { v, _ := strconv.Atoi(m[i]); return v }
	year, month, day, hour, minute, second := n(1), n(2), n(3), n(4), n(5), n(6)
	offset := 0
	if m[9] != "" {
		if n(10) > 23 || n(11) > 59 {
			return time.Time{}, false
		}
		offset = (n(10)*60 + n(11)) * 60
		if m[9] == "-" {
			offset = -offset
		}
	}
	if month < 1 || month > 12 || hour > 23 || minute > 59 || second > 60 {
		return time.Time{}, false
	}
	// Go normalises a day past the month's end into the next month.
	if d := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC); day < 1 || d.Day() != day {
		return time.Time{}, false
	}
	nanos := 0
	if m[7] != "" {
		frac := (m[7][1:] + "000000000")[:9]
		nanos, _ = strconv.Atoi(frac)
	}
	utc := time.Date(year, time.Month(month), day, hour, minute, min(second, 59), nanos, time.UTC).Add(-time.Duration(offset) * time.Second)
	if second == 60 {
		if utc.Hour() != 23 || utc.Minute() != 59 || utc.AddDate(0, 0, 1).Day() != 1 {
			return time.Time{}, false
		}
		return utc.Truncate(time.Second).Add(time.Second), true
	}
	return utc, true
}

func FuzzParseTimestamp(f *testing.F) {
	for _, seed := range []string{
		"2026-11-27T09:30:00Z", "2026-11-27t09:30:00z", "2026-11-27T16:30:00.250+07:00", "2016-12-31T23:59:60Z",
		"2016-12-31T18:59:60-05:00", "2026-11-27T00:30:00+00:60", "2026-11-27T00:30:00+24:00", "2026-11-27T09:30:00,5Z",
		"2024-02-29T00:00:00Z", "2026-02-29T00:00:00Z", "2026-11-27T09:30:00.123456789123Z", "2026-11-27T23:59:60Z",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseTimestamp(s)
		want, ok := grammarSays(s)
		switch {
		case ok && err != nil:
			t.Fatalf("ParseTimestamp(%q) refused a date-time: %v", s, err)
		case !ok && err == nil:
			t.Fatalf("ParseTimestamp(%q) took what RFC 3339 refuses", s)
		case ok && !got.Time.Equal(want):
			t.Fatalf("ParseTimestamp(%q) = %s, the grammar says %s", s, got.Time.UTC(), want)
		}
	})
}

func mustTimestamp(t *testing.T, s string) *Timestamp {
	t.Helper()
	ts, err := ParseTimestamp(s)
	if err != nil {
		t.Fatal(err)
	}
	return &ts
}

package kirimchat

import (
	"fmt"
	"strings"
	"time"
)

// Timestamp is an RFC 3339 date-time as read by ParseTimestamp: the instant
// it names, for comparing. The text itself is kept by whoever read it: state
// holds what the API wrote, never a reformatting.
type Timestamp struct {
	// Time is the instant, to the nanosecond; for a leap second (23:59:60
	// UTC), the start of the next second.
	Time time.Time
	// beyond holds the fraction's digits past the ninth, trailing zeros
	// dropped: RFC 3339 allows any number of them, and two date-times that
	// differ only there are still ordered. In a leap second, it holds the
	// whole fraction of second 60.
	beyond string
	// leap marks a leap second: Time is then the start of the next second,
	// and the leap second comes before it, ordered by its fraction.
	leap bool
}

// Compare orders two timestamps: -1 when t is earlier than u, 0 when they
// name the same instant, +1 when t is later. A leap second (23:59:60.f UTC)
// comes after 23:59:59.999… and before the next second's start, and leap
// seconds are ordered by their fractions.
func (t Timestamp) Compare(u Timestamp) int {
	if c := t.Time.Compare(u.Time); c != 0 {
		return c
	}
	switch {
	case t.leap && !u.leap:
		return -1
	case u.leap && !t.leap:
		return 1
	}
	// Digit strings of one position onward, without trailing zeros, order
	// as their numbers do.
	return strings.Compare(t.beyond, u.beyond)
}

// After reports whether t is later than u.
func (t Timestamp) After(u Timestamp) bool { return t.Compare(u) > 0 }

// Add is t moved by d. A leap second stays one: the instant before the
// second that follows it, moved by d.
func (t Timestamp) Add(d time.Duration) Timestamp {
	t.Time = t.Time.Add(d)
	return t
}

// TimestampExample is a valid date-time, for messages that refuse one.
const TimestampExample = "2026-11-27T09:30:00Z"

// TimestampError is a text that is not an RFC 3339 date-time.
type TimestampError struct {
	Reason string
}

func (e *TimestampError) Error() string {
	return fmt.Sprintf("not an RFC 3339 date-time (%s); write one such as %s or 2026-11-27T16:30:00.250+07:00",
		e.Reason, TimestampExample)
}

// ParseTimestamp reads exactly the date-time of RFC 3339 §5.6:
//
//	full-date "T" full-time, with "T" and "Z" in either case;
//	full-date = 4DIGIT "-" 2DIGIT "-" 2DIGIT, a day that exists (29 February only in a leap year);
//	full-time = 2DIGIT ":" 2DIGIT ":" 2DIGIT ["." 1*DIGIT] ("Z" / ("+" / "-") 2DIGIT ":" 2DIGIT);
//	hour 00–23, minute 00–59, second 00–59, or 60 for a leap second;
//	offset hour 00–23, offset minute 00–59.
//
// Second 60 is taken only where it can be a leap second (§5.7): at 23:59 UTC
// on the last day of a month. Go's time.Parse is not used, as it is lenient
// where RFC 3339 is not (it takes "+24:00", "+00:60" and a "," before the
// fraction) and strict where RFC 3339 is not (it refuses "t", "z" and a leap
// second).
func ParseTimestamp(s string) (Timestamp, error) {
	p := timestampParser{s: s}
	year := p.digits(4, "a four-digit year")
	p.literal('-')
	month := p.digits(2, "a two-digit month")
	p.literal('-')
	day := p.digits(2, "a two-digit day")
	p.oneOf("Tt", `"T" between the date and the time`)
	hour := p.digits(2, "a two-digit hour")
	p.literal(':')
	minute := p.digits(2, "two-digit minutes")
	p.literal(':')
	second := p.digits(2, "two-digit seconds")
	var nanos int
	var beyond, digits string
	if p.err == nil && p.peek() == '.' {
		p.i++
		nanos, beyond, digits = p.fraction()
	}
	var offset int
	switch p.peekOffset() {
	case 'Z', 'z':
		p.i++
	case '+', '-':
		sign := 1
		if p.s[p.i] == '-' {
			sign = -1
		}
		p.i++
		offsetHour := p.digits(2, "a two-digit offset hour")
		p.literal(':')
		offsetMinute := p.digits(2, "two-digit offset minutes")
		p.check(offsetHour <= 23, "the offset's hour is past 23")
		p.check(offsetMinute <= 59, "the offset's minutes are past 59")
		offset = sign * (offsetHour*60 + offsetMinute) * 60
	default:
		p.fail(`"Z" or an offset such as +07:00 after the time`)
	}
	if p.err == nil && p.i != len(p.s) {
		p.fail("nothing after the offset")
	}
	p.check(month >= 1 && month <= 12, "the month is not 01–12")
	p.check(day >= 1 && day <= daysIn(year, month), "the day does not exist in that month")
	p.check(hour <= 23, "the hour is past 23")
	p.check(minute <= 59, "the minutes are past 59")
	p.check(second <= 60, "the seconds are past 60")
	if p.err != nil {
		return Timestamp{}, p.err
	}
	zone := time.UTC
	if offset != 0 {
		zone = time.FixedZone("", offset) // allocates: only when there is an offset
	}
	if second < 60 {
		return Timestamp{Time: time.Date(year, time.Month(month), day, hour, minute, second, nanos, zone), beyond: beyond}, nil
	}
	// A leap second: 23:59:59 of the same minute, plus one second, is the
	// start of the next; it must fall at midnight UTC on a month's first day.
	next := time.Date(year, time.Month(month), day, hour, minute, 59, 0, zone).Add(time.Second).UTC()
	if next.Hour() != 0 || next.Minute() != 0 || next.Day() != 1 {
		return Timestamp{}, &TimestampError{Reason: "second 60 is a leap second, which falls only at 23:59:60 UTC on the last day of a month"}
	}
	return Timestamp{Time: next, leap: true, beyond: strings.TrimRight(digits, "0")}, nil
}

// timestampParser reads a date-time from left to right; the first thing
// wrong is its error, and later reads do nothing.
type timestampParser struct {
	s   string
	i   int
	err *TimestampError
}

func (p *timestampParser) fail(want string) {
	if p.err == nil {
		p.err = &TimestampError{Reason: "want " + want + " at character " + fmt.Sprint(p.i+1)}
	}
}

func (p *timestampParser) check(ok bool, reason string) {
	if !ok && p.err == nil {
		p.err = &TimestampError{Reason: reason}
	}
}

func (p *timestampParser) peek() byte {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

// peekOffset is the next character, once everything before it was right.
func (p *timestampParser) peekOffset() byte {
	if p.err != nil {
		return 0
	}
	return p.peek()
}

func (p *timestampParser) digits(n int, want string) int {
	if p.err != nil {
		return 0
	}
	v := 0
	for range n {
		c := p.peek()
		if c < '0' || c > '9' {
			p.fail(want)
			return 0
		}
		v = v*10 + int(c-'0')
		p.i++
	}
	return v
}

func (p *timestampParser) literal(c byte) {
	if p.err == nil && p.peek() != c {
		p.fail(fmt.Sprintf("%q", c))
	}
	if p.err == nil {
		p.i++
	}
}

func (p *timestampParser) oneOf(set, want string) {
	if p.err == nil && (p.peek() == 0 || !strings.ContainsRune(set, rune(p.peek()))) {
		p.fail(want)
	}
	if p.err == nil {
		p.i++
	}
}

// fraction reads the digits after "." (at least one): the nanoseconds, the
// digits past the ninth without trailing zeros, and all the digits.
func (p *timestampParser) fraction() (nanos int, beyond, digits string) {
	start := p.i
	for c := p.peek(); c >= '0' && c <= '9'; c = p.peek() {
		p.i++
	}
	digits = p.s[start:p.i]
	if digits == "" {
		p.fail(`a digit after "."`)
		return 0, "", ""
	}
	for k := range 9 {
		nanos *= 10
		if k < len(digits) {
			nanos += int(digits[k] - '0')
		}
	}
	if len(digits) > 9 {
		beyond = strings.TrimRight(digits[9:], "0")
	}
	return nanos, beyond, digits
}

func daysIn(year, month int) int {
	if month < 1 || month > 12 {
		return 0
	}
	// Day 0 of the next month is the last day of this one.
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

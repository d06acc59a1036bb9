package sandbox

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"time"
)

// Rebase returns org with every documented timestamp moved by now − AsOf,
// in whole seconds, and AsOf with them: the organization as it would stand
// now, had nothing happened since AsOf. A window audit ("active in the last
// 24 h", "waiting past 24 h") then gives the same answer whatever the day it
// runs. The timestamps are the conversations' last_message_at,
// last_inbound_at, created_at and updated_at, and the contacts' and labels'
// created_at and updated_at; each keeps its written form (its fraction
// digits, its offset as written, T or t), and a null stays null. Fields the
// contract does not document are kept as they are, since nothing says which
// of them are times. It returns the shift.
//
// An organization without AsOf cannot be rebased: nothing says how far to
// move it.
func Rebase(org Organization, now time.Time) (Organization, time.Duration, error) {
	if org.AsOf == "" {
		return org, 0, fmt.Errorf("it has no as_of, so nothing says how far to shift its timestamps")
	}
	asOf, err := parseStamp(org.AsOf)
	if err != nil {
		return org, 0, fmt.Errorf("as_of: %w", err)
	}
	since := now.Sub(asOf)
	if since == math.MaxInt64 || since == math.MinInt64 {
		return org, 0, fmt.Errorf("as_of %s is more than 290 years from now", org.AsOf)
	}
	// Whole seconds: a timestamp written to the second stays exact.
	shift := since.Truncate(time.Second)
	out := org
	var problems []problem
	move := func(record, field string, at *string) {
		if at == nil {
			return
		}
		moved, err := shiftStamp(*at, shift)
		if err != nil {
			problems = append(problems, problem{record: record, text: fmt.Sprintf("/%s: %v", field, err)})
			return
		}
		*at = moved
	}
	move("the fixture", "as_of", &out.AsOf)
	out.Conversations = slices.Clone(org.Conversations)
	for i := range out.Conversations {
		c := &out.Conversations[i]
		name := fmt.Sprintf("conversations[%d] (%s)", i, c.ID)
		c.LastMessageAt, c.LastInboundAt = clonePtr(c.LastMessageAt), clonePtr(c.LastInboundAt)
		move(name, "last_message_at", c.LastMessageAt)
		move(name, "last_inbound_at", c.LastInboundAt)
		move(name, "created_at", &c.CreatedAt)
		move(name, "updated_at", &c.UpdatedAt)
	}
	out.Contacts = slices.Clone(org.Contacts)
	for i := range out.Contacts {
		c := &out.Contacts[i]
		name := fmt.Sprintf("contacts[%d] (%s)", i, c.ID)
		move(name, "created_at", &c.CreatedAt)
		move(name, "updated_at", &c.UpdatedAt)
	}
	out.Labels = slices.Clone(org.Labels)
	for i := range out.Labels {
		l := &out.Labels[i]
		name := fmt.Sprintf("labels[%d] (%s)", i, l.ID)
		move(name, "created_at", &l.CreatedAt)
		move(name, "updated_at", &l.UpdatedAt)
	}
	if len(problems) > 0 {
		return org, 0, listProblems(fmt.Sprintf("cannot shift its timestamps by %s", shift), problems)
	}
	return out, shift, nil
}

// rfc3339 splits an RFC 3339 date-time into its parts: the date, the
// separator (T or t), the time to the second, the fraction as written and
// the offset as written (Z, z or ±hh:mm).
var rfc3339 = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})([Tt])(\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$`)

// shiftStamp moves the RFC 3339 time at by shift, a whole number of
// seconds, and writes it as at was written: the same fraction digits, the
// same offset, the same separator.
func shiftStamp(at string, shift time.Duration) (string, error) {
	t, err := parseStamp(at)
	if err != nil {
		return "", err
	}
	m := rfc3339.FindStringSubmatch(at)
	sep, fraction, offset := m[2], m[6], m[7]
	t = t.Truncate(time.Second).Add(shift) // the fraction is kept as written
	if t.Year() < 0 || t.Year() > 9999 {
		return "", fmt.Errorf("%q shifted by %s leaves the years RFC 3339 can write", at, shift)
	}
	return t.Format("2006-01-02") + sep + t.Format("15:04:05") + fraction + offset, nil
}

// parseStamp reads an RFC 3339 date-time as fixture.schema.json takes it,
// which time.Parse does not all of: a lower-case t or z, and a leap second
// (23:59:60, read as the second after 23:59:59). The time is in the offset
// as written.
func parseStamp(at string) (time.Time, error) {
	m := rfc3339.FindStringSubmatch(at)
	if m == nil {
		return time.Time{}, fmt.Errorf("%q is not an RFC 3339 date-time such as 2026-11-01T12:00:00Z", at)
	}
	date, fraction, offset := m[1], m[6], m[7]
	zone := time.UTC
	if offset != "Z" && offset != "z" {
		hours, _ := strconv.Atoi(offset[1:3])
		minutes, _ := strconv.Atoi(offset[4:6])
		seconds := hours*3600 + minutes*60
		if offset[0] == '-' {
			seconds = -seconds
		}
		zone = time.FixedZone(offset, seconds)
	}
	day, err := time.ParseInLocation("2006-01-02", date, zone)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q: %w", at, err)
	}
	h, _ := strconv.Atoi(m[3])
	mi, _ := strconv.Atoi(m[4])
	s, _ := strconv.Atoi(m[5])
	if h > 23 || mi > 59 || s > 60 {
		return time.Time{}, fmt.Errorf("%q is not a time of day", at)
	}
	var nanos time.Duration
	if fraction != "" {
		digits := (fraction[1:] + "000000000")[:9]
		n, _ := strconv.Atoi(digits)
		nanos = time.Duration(n)
	}
	return day.Add(time.Duration(h)*time.Hour + time.Duration(mi)*time.Minute + time.Duration(s)*time.Second + nanos), nil
}

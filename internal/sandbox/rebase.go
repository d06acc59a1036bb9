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
	asOf, err := time.Parse(time.RFC3339Nano, org.AsOf)
	if err != nil {
		return org, 0, fmt.Errorf("as_of %q is not an RFC 3339 time such as 2026-11-01T12:00:00Z", org.AsOf)
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
	m := rfc3339.FindStringSubmatch(at)
	if m == nil {
		return "", fmt.Errorf("%q is not an RFC 3339 date-time such as 2026-11-01T12:00:00Z", at)
	}
	date, sep, fraction, offset := m[1], m[2], m[6], m[7]
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
		return "", fmt.Errorf("%q: %w", at, err)
	}
	h, _ := strconv.Atoi(m[3])
	mi, _ := strconv.Atoi(m[4])
	s, _ := strconv.Atoi(m[5])
	if h > 23 || mi > 59 || s > 60 {
		return "", fmt.Errorf("%q is not a time of day", at)
	}
	// A leap second (23:59:60) is the second after 23:59:59.
	t := day.Add(time.Duration(h)*time.Hour + time.Duration(mi)*time.Minute + time.Duration(s)*time.Second).Add(shift)
	if t.Year() < 0 || t.Year() > 9999 {
		return "", fmt.Errorf("%q shifted by %s leaves the years RFC 3339 can write", at, shift)
	}
	return t.Format("2006-01-02") + sep + t.Format("15:04:05") + fraction + offset, nil
}

package sandbox_test

import (
	"strings"
	"testing"
	"time"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

// TestRebaseMovesEachTimestampAsWritten: a whole number of seconds (the
// shift is truncated, so that a timestamp written to the second stays
// exact), each written as before, including a leap second and an offset
// across a date line; the organization given is left as it was; and an
// organization without as_of, or one a shift would carry out of RFC 3339's
// years, is refused saying why.
func TestRebaseMovesEachTimestampAsWritten(t *testing.T) {
	last, inbound := "2016-12-31T23:59:60Z", "2026-11-01T23:30:00.5+14:00"
	org := sandbox.Organization{AsOf: "2026-11-01T12:00:00.250Z", Conversations: []sandbox.Conversation{{
		ID: "cnv_A", LastMessageAt: &last, LastInboundAt: &inbound, CreatedAt: "2026-11-01T12:00:00-00:00", UpdatedAt: "2026-11-01t12:00:00.000000001z",
	}}, Contacts: []sandbox.Contact{{ID: "ctc_A", CreatedAt: "2026-02-28T12:00:00Z", UpdatedAt: "2026-02-28T12:00:00Z"}},
		Labels: []sandbox.Label{{ID: "lbl_A", CreatedAt: "2026-03-29T01:30:00+01:00", UpdatedAt: "2026-03-29T01:30:00+01:00"}}}
	now := time.Date(2026, 11, 2, 12, 0, 1, 0, time.UTC) // 1 day 0.75 s later
	got, shift, err := sandbox.Rebase(org, now)
	if err != nil {
		t.Fatal(err)
	}
	c := got.Conversations[0]
	for _, tc := range [][2]string{
		{shift.String(), "24h0m0s"},
		{got.AsOf, "2026-11-02T12:00:00.250Z"},
		{*c.LastMessageAt, "2017-01-02T00:00:00Z"},
		{*c.LastInboundAt, "2026-11-02T23:30:00.5+14:00"},
		{c.CreatedAt, "2026-11-02T12:00:00-00:00"},
		{c.UpdatedAt, "2026-11-02t12:00:00.000000001z"},
		{got.Contacts[0].CreatedAt, "2026-03-01T12:00:00Z"},
		{got.Labels[0].UpdatedAt, "2026-03-30T01:30:00+01:00"},
	} {
		if tc[0] != tc[1] {
			t.Errorf("got %s, want %s", tc[0], tc[1])
		}
	}
	if *org.Conversations[0].LastMessageAt != last || org.Contacts[0].CreatedAt != "2026-02-28T12:00:00Z" || org.AsOf != "2026-11-01T12:00:00.250Z" {
		t.Error("Rebase changed the organization it was given")
	}

	// An as_of as the schema takes it, which time.Parse does not: lower
	// case, a leap second.
	for asOf, want := range map[string]string{"2026-11-01t12:00:00.250z": "2026-11-02t12:00:00.250z", "2016-12-31T23:59:60Z": "2026-11-02T12:00:01Z"} {
		moved, _, err := sandbox.Rebase(sandbox.Organization{AsOf: asOf}, now)
		if err != nil || moved.AsOf != want {
			t.Errorf("as_of %s: %s, %v; want %s", asOf, moved.AsOf, err, want)
		}
	}

	if _, _, err := sandbox.Rebase(sandbox.Organization{}, now); err == nil || !strings.Contains(err.Error(), "no as_of") {
		t.Errorf("without as_of: %v", err)
	}
	org.Conversations[0].UpdatedAt = "9999-12-31T12:00:00Z"
	if _, _, err := sandbox.Rebase(org, now); err == nil ||
		!strings.Contains(err.Error(), "cannot shift its timestamps by 24h0m0s: conversations[0] (cnv_A): /updated_at: ") ||
		!strings.Contains(err.Error(), "leaves the years RFC 3339 can write") {
		t.Errorf("out of range: %v", err)
	}
	org.AsOf = "9999-12-01T00:00:00Z"
	if _, _, err := sandbox.Rebase(org, now); err == nil || !strings.Contains(err.Error(), "more than 290 years from now") {
		t.Errorf("a shift beyond a time.Duration: %v", err)
	}
}

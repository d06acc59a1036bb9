package sandbox_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

// TestFixturesCarryAsOf: a generated organization's fixture says when its
// data was true (the generator's clock, by default the fixed 2026-11-01
// noon); as_of survives a dump read back; a fixture without one, as every
// fixture written before it, is still read; and an as_of that is not RFC
// 3339 is refused, naming it.
func TestFixturesCarryAsOf(t *testing.T) {
	schema := fixtureSchema(t)
	for _, tc := range []struct {
		now  time.Time
		want string
	}{
		{time.Time{}, "2026-11-01T12:00:00Z"},
		{time.Date(2027, 2, 3, 4, 5, 0, 0, time.UTC), "2027-02-03T04:05:00Z"},
		{time.Date(2027, 2, 3, 11, 5, 6, 789e6, time.FixedZone("WIB", 7*3600)), "2027-02-03T04:05:06.789Z"},
	} {
		srv := sandbox.New(sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 1, Conversations: 20, Now: tc.now}})
		fixture, err := srv.Fixture(sandbox.DefaultAPIKey)
		if err != nil {
			t.Fatal(err)
		}
		if fixture.AsOf != tc.want {
			t.Errorf("generated at %v: as_of %q, want %q", tc.now, fixture.AsOf, tc.want)
		}
		dump, _ := json.Marshal(fixture)
		if !strings.HasPrefix(string(dump), `{"as_of":"`+tc.want+`","me":`) {
			t.Errorf("as_of is not the dump's first member: %.60s", dump)
		}
		validate(t, schema, "a dump with as_of", dump)
		org, err := sandbox.ReadFixture(bytes.NewReader(dump))
		if err != nil {
			t.Fatal(err)
		}
		again, _ := sandbox.New(sandbox.Options{Organization: &org}).Fixture(sandbox.DefaultAPIKey)
		if org.AsOf != tc.want || again.AsOf != tc.want {
			t.Errorf("read back: as_of %q, served as %q, want %q", org.AsOf, again.AsOf, tc.want)
		}
	}

	doc := exampleDoc(t)
	delete(doc, "as_of")
	org, err := readDoc(t, doc)
	if err != nil {
		t.Fatalf("a fixture without as_of must still be read: %v", err)
	}
	if served, _ := sandbox.New(sandbox.Options{Organization: &org}).Fixture(sandbox.DefaultAPIKey); org.AsOf != "" || served.AsOf != "" {
		t.Errorf("a fixture without as_of got one: %q, %q", org.AsOf, served.AsOf)
	}
	if dump, _ := json.Marshal(sandbox.Fixture{}); strings.Contains(string(dump), "as_of") {
		t.Errorf("an empty as_of is written, which the schema refuses: %s", dump)
	}

	doc["as_of"] = "2026-11-27 12:00:00"
	if _, err := readDoc(t, doc); err == nil || !strings.Contains(err.Error(), `the fixture: /as_of: "2026-11-27 12:00:00" is not an RFC 3339 date-time`) {
		t.Errorf("a bad as_of: %v", err)
	}
	doc["as_of"] = 1764244800
	if _, err := readDoc(t, doc); err == nil || !strings.Contains(err.Error(), "/as_of: want string, got number") {
		t.Errorf("a numeric as_of: %v", err)
	}
}

// TestADumpOfAConversationsOnlyFixtureIsReadBack: a conversations-only
// fixture has no labels (and may have no conversations); its dump writes
// empty lists, not null, so that the sandbox reads it back.
func TestADumpOfAConversationsOnlyFixtureIsReadBack(t *testing.T) {
	for _, convs := range []string{`[]`, `[` + minimalConversation + `]`} {
		org, err := sandbox.ReadFixture(strings.NewReader(convs))
		if err != nil {
			t.Fatal(err)
		}
		fixture, err := sandbox.New(sandbox.Options{Organization: &org}).Fixture(sandbox.DefaultAPIKey)
		if err != nil {
			t.Fatal(err)
		}
		dump, _ := json.Marshal(fixture)
		if _, err := sandbox.ReadFixture(bytes.NewReader(dump)); err != nil {
			t.Errorf("%s dumped is not read back: %v\n%s", convs, err, dump)
		}
	}
}

const minimalConversation = `{"id":"cnv_A","object":"conversation","status":"open",` +
	`"contact":{"id":"ctc_01HXYZABCDEFGHJKMNPQRSTVWX","phone_number":null,"name":null},` +
	`"whatsapp_account":{"phone_number":null},"assignee":null,"unread_count":0,` +
	`"last_message_at":null,"last_inbound_at":null,"created_at":"2026-11-01T12:00:00Z","updated_at":"2026-11-01T12:00:00Z"}`

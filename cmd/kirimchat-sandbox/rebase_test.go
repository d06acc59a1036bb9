package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

// served is every conversation srv serves, drained through its HTTP API.
func served(t *testing.T, srv http.Handler, key string) []map[string]any {
	t.Helper()
	var all []map[string]any
	query := url.Values{"limit": {"100"}}
	for {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, "/v1/conversations?"+query.Encode(), nil)
		req.Header.Set("Authorization", "Bearer "+key)
		srv.ServeHTTP(rec, req)
		var page struct {
			Data       []map[string]any `json:"data"`
			HasMore    bool             `json:"has_more"`
			NextCursor string           `json:"next_cursor"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &page); rec.Code != 200 || err != nil {
			t.Fatalf("GET /conversations: %d %s", rec.Code, rec.Body)
		}
		all = append(all, page.Data...)
		if !page.HasMore {
			return all
		}
		query.Set("cursor", page.NextCursor)
	}
}

// windowAudit is what the audits guide's window checks answer at `at`: the
// conversations active in the last 24 h (last_message_after = at − 24 h),
// and the open ones whose customer has waited unanswered past 24 h
// (unread_count > 0, last_inbound_at more than 24 h before at), in the
// order served.
func windowAudit(t *testing.T, convs []map[string]any, at time.Time) (active, waiting []string) {
	t.Helper()
	since := at.Add(-24 * time.Hour)
	parse := func(v any) (time.Time, bool) {
		s, ok := v.(string)
		if !ok {
			return time.Time{}, false
		}
		ts, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return ts, true
	}
	for _, c := range convs {
		id := c["id"].(string)
		if last, ok := parse(c["last_message_at"]); ok && last.After(since) {
			active = append(active, id)
		}
		if inbound, ok := parse(c["last_inbound_at"]); ok && c["status"] == "open" && c["unread_count"].(float64) > 0 && inbound.Before(since) {
			waiting = append(waiting, id)
		}
	}
	return active, waiting
}

// TestRebaseGivesTheSameWindowAnswersOnAnyDay: a fixture recorded a week
// ago, served with -rebase, answers the window audits (active in the last
// 24 h, waiting past 24 h) as it did at its own time, in the same order;
// served without it, nothing is active any more. The clocks are the test's: no waiting.
func TestRebaseGivesTheSameWindowAnswersOnAnyDay(t *testing.T) {
	asOf := time.Date(2026, 11, 20, 9, 15, 0, 0, time.UTC)
	path := filepath.Join(t.TempDir(), "recorded.json")
	if err := run([]string{"-dump-fixture", path, "-seed", "4", "-conversations", "400", "-as-of", asOf.Format(time.RFC3339)}, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	serve := func(now time.Time, args ...string) []map[string]any {
		t.Helper()
		o, err := parseFlags(append([]string{"-fixture", path}, args...), &bytes.Buffer{})
		if err != nil {
			t.Fatal(err)
		}
		o.now = func() time.Time { return now }
		srv, _, err := newServer(o)
		if err != nil {
			t.Fatal(err)
		}
		return served(t, srv, o.apiKey)
	}

	thenActive, thenWaiting := windowAudit(t, serve(asOf), asOf)
	if len(thenActive) < 3 || len(thenWaiting) < 3 {
		t.Fatalf("the fixture is too thin to prove anything: %d active, %d waiting at its as_of", len(thenActive), len(thenWaiting))
	}
	for _, later := range []time.Duration{0, 7 * 24 * time.Hour, 7*24*time.Hour + 3*time.Hour + 17*time.Minute + 12*time.Second + 500*time.Millisecond, 400 * 24 * time.Hour} {
		now := asOf.Add(later)
		active, waiting := windowAudit(t, serve(now, "-rebase"), now)
		if !slices.Equal(active, thenActive) || !slices.Equal(waiting, thenWaiting) {
			t.Errorf("%s later, with -rebase: %d active and %d waiting, want %d and %d as at its as_of",
				later, len(active), len(waiting), len(thenActive), len(thenWaiting))
		}
	}
	weekLater := asOf.Add(7 * 24 * time.Hour)
	if active, _ := windowAudit(t, serve(weekLater), weekLater); len(active) != 0 {
		t.Errorf("a week later, without -rebase: %d active: the fixture should have gone stale", len(active))
	}
}

// TestRebaseKeepsEveryTimestampsForm: served with -rebase, every
// documented timestamp of every record is its fixture value moved by the
// same whole number of seconds, written as the fixture wrote it (fraction
// digits, offset); nulls stay null; undocumented fields, time-like or not,
// are untouched; and the dump of a rebased organization says the new
// as_of.
func TestRebaseKeepsEveryTimestampsForm(t *testing.T) {
	raw, err := os.ReadFile("../../examples/sandbox/organization.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	doc["as_of"] = "2026-11-27T12:00:00Z"
	first := doc["conversations"].([]any)[0].(map[string]any)
	first["last_message_at"] = "2026-11-26T23:37:39.120000+07:00"
	first["last_inbound_at"] = nil
	first["created_at"] = "2026-11-20t10:08:35.5z"
	first["seen_at"] = "2026-11-26T12:37:39Z" // undocumented: not shifted
	label := doc["labels"].([]any)[0].(map[string]any)
	label["updated_at"] = "2026-10-31T22:59:05.296-05:00"
	edited, _ := json.Marshal(doc)
	path := filepath.Join(t.TempDir(), "fixture.json")
	if err := os.WriteFile(path, edited, 0o600); err != nil {
		t.Fatal(err)
	}

	now := time.Date(2026, 12, 4, 12, 0, 0, 999e6, time.UTC) // a week and 0.999 s later
	o, err := parseFlags([]string{"-fixture", path, "-rebase"}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	o.now = func() time.Time { return now }
	srv, _, shifted, err := buildServer(o)
	if err != nil {
		t.Fatal(err)
	}
	if want := "-rebase: every timestamp shifted by 168h0m0s, from as_of 2026-11-27T12:00:00Z to 2026-12-04T12:00:00Z"; shifted != want {
		t.Errorf("said %q, want %q", shifted, want)
	}
	fixture, err := srv.Fixture(o.apiKey)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]map[string]any{}
	for _, list := range []string{"conversations", "contacts", "labels"} {
		for _, r := range doc[list].([]any) {
			byID[r.(map[string]any)["id"].(string)] = r.(map[string]any)
		}
	}
	shifted7d := map[string]string{
		"2026-11-26T23:37:39.120000+07:00": "2026-12-03T23:37:39.120000+07:00",
		"2026-11-20t10:08:35.5z":           "2026-11-27t10:08:35.5z",
		"2026-10-31T22:59:05.296-05:00":    "2026-11-07T22:59:05.296-05:00",
		"2026-11-27T09:03:32.805Z":         "2026-12-04T09:03:32.805Z",
	}
	check := func(list string, records any, fields ...string) {
		t.Helper()
		b, _ := json.Marshal(records)
		var got []map[string]any
		_ = json.Unmarshal(b, &got)
		if len(got) != len(doc[list].([]any)) {
			t.Fatalf("%s: %d records, want %d", list, len(got), len(doc[list].([]any)))
		}
		for _, r := range got {
			want := byID[r["id"].(string)]
			for name, value := range want {
				if !slices.Contains(fields, name) {
					if a, b := mustJSON(t, r[name]), mustJSON(t, value); a != b {
						t.Errorf("%s %s: %s changed: %s, was %s", list, r["id"], name, a, b)
					}
					continue
				}
				if value == nil {
					if r[name] != nil {
						t.Errorf("%s %s: %s was null, is %v", list, r["id"], name, r[name])
					}
					continue
				}
				was, _ := time.Parse(time.RFC3339Nano, strings.ToUpper(value.(string)))
				is, err := time.Parse(time.RFC3339Nano, strings.ToUpper(r[name].(string)))
				if err != nil || is.Sub(was) != 7*24*time.Hour || len(r[name].(string)) != len(value.(string)) ||
					r[name].(string)[19:] != value.(string)[19:] {
					t.Errorf("%s %s: %s %s became %s, want it a week later, written alike", list, r["id"], name, value, r[name])
				}
				if w := shifted7d[value.(string)]; w != "" && r[name] != w {
					t.Errorf("%s %s: %s %s became %s, want %s", list, r["id"], name, value, r[name], w)
				}
			}
		}
	}
	times := []string{"created_at", "updated_at"}
	check("conversations", fixture.Conversations, append(times, "last_message_at", "last_inbound_at")...)
	check("contacts", fixture.Contacts, times...)
	check("labels", fixture.Labels, times...)
	if fixture.AsOf != "2026-12-04T12:00:00Z" {
		t.Errorf("the rebased organization's as_of is %s", fixture.AsOf)
	}
	if me, _ := json.Marshal(doc["me"]); mustJSON(t, fixture.Me) != mustJSON(t, json.RawMessage(me)) {
		t.Errorf("/me changed: %s", fixture.Me)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var generic any
	_ = json.Unmarshal(b, &generic)
	b, _ = json.Marshal(generic)
	return string(b)
}

// TestRebaseRefusesAFixtureWithoutAsOf: at start, naming the file, and
// saying how to give it one; -as-of gives it one.
func TestRebaseRefusesAFixtureWithoutAsOf(t *testing.T) {
	dir := t.TempDir()
	whole := filepath.Join(dir, "whole.json")
	raw, err := os.ReadFile("../../examples/sandbox/organization.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	_ = json.Unmarshal(raw, &doc)
	delete(doc, "as_of")
	b, _ := json.Marshal(doc)
	only := filepath.Join(dir, "conversations.json")
	if err := os.WriteFile(whole, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(only, []byte(`[`+conversation("cnv_A", "open")+`]`), 0o600); err != nil {
		t.Fatal(err)
	}
	for file, how := range map[string]string{whole: `add "as_of": `, only: "a conversations-only fixture cannot hold an as_of"} {
		err := run([]string{"-fixture", file, "-rebase", "-listen", "127.0.0.1:0"}, &bytes.Buffer{}, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), "-rebase: "+file+" has no as_of, so nothing says how far to shift its timestamps") ||
			!strings.Contains(err.Error(), how) {
			t.Errorf("%s: %v", file, err)
		}
		o, err := parseFlags([]string{"-fixture", file, "-rebase", "-as-of", "2026-11-27T12:00:00Z"}, &bytes.Buffer{})
		if err != nil {
			t.Fatal(err)
		}
		o.now = func() time.Time { return time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC) }
		if srv, _, err := newServer(o); err != nil {
			t.Errorf("%s with -as-of: %v", file, err)
		} else if f, _ := srv.Fixture(o.apiKey); f.AsOf != "2026-12-04T12:00:00Z" {
			t.Errorf("%s with -as-of: served as of %s", file, f.AsOf)
		}
	}
}

// TestRebaseTheGeneratedOrganization: with -as-of and -rebase, the
// generated organization stands at the same distance from now whatever the
// day: two runs a month apart serve the same records, every timestamp a
// month later.
func TestRebaseTheGeneratedOrganization(t *testing.T) {
	at := func(now time.Time) sandbox.Fixture {
		t.Helper()
		o, err := parseFlags([]string{"-conversations", "50", "-as-of", "2026-11-01T12:00:00Z", "-rebase"}, &bytes.Buffer{})
		if err != nil {
			t.Fatal(err)
		}
		o.now = func() time.Time { return now }
		srv, _, err := newServer(o)
		if err != nil {
			t.Fatal(err)
		}
		f, err := srv.Fixture(o.apiKey)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	now := time.Date(2027, 5, 5, 5, 5, 5, 0, time.UTC)
	a, b := at(now), at(now.AddDate(0, 1, 0))
	if a.AsOf != "2027-05-05T05:05:05Z" || b.AsOf != "2027-06-05T05:05:05Z" || len(a.Conversations) != 50 {
		t.Fatalf("as_of %s and %s, %d conversations", a.AsOf, b.AsOf, len(a.Conversations))
	}
	for i := range a.Conversations {
		x, y := a.Conversations[i], b.Conversations[i]
		was, _ := time.Parse(time.RFC3339Nano, x.CreatedAt)
		is, _ := time.Parse(time.RFC3339Nano, y.CreatedAt)
		if x.ID != y.ID || is.Sub(was) != 31*24*time.Hour {
			t.Fatalf("conversation %d: %s at %s, then %s at %s", i, x.ID, x.CreatedAt, y.ID, y.CreatedAt)
		}
	}
}

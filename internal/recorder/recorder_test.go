package recorder_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/kirimchat"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/recorder"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

func startHTTP(t testing.TB, s *sandbox.Server) string {
	t.Helper()
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return srv.URL + "/v1"
}

var recordedAt = time.Date(2026, 12, 1, 9, 30, 15, 500_000_000, time.UTC)

func record(t *testing.T, url string, key []byte, progress *bytes.Buffer) *recorder.Recording {
	t.Helper()
	opts := recorder.Options{
		Config: kirimchat.Config{BaseURL: url, APIKey: sourceKey},
		Key:    key, Now: func() time.Time { return recordedAt },
	}
	if progress != nil {
		opts.Progress, opts.ProgressEvery = progress, time.Nanosecond
	}
	rec, err := recorder.Record(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// read is everything the provider's client reads of an organization: each
// record and the JSON it came as, in the API's order.
type read struct {
	me            kirimchat.RawRecord[kirimchat.Me]
	conversations []kirimchat.RawRecord[kirimchat.Conversation]
	contacts      []kirimchat.RawRecord[kirimchat.Contact]
	labels        []kirimchat.RawRecord[kirimchat.Label]
}

func readAll(t *testing.T, url, key string) read {
	t.Helper()
	c, err := kirimchat.New(kirimchat.Config{BaseURL: url, APIKey: key, PageSize: 37})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var r read
	if r.me, err = c.GetMeRaw(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListConversations(ctx, kirimchat.ListConversationsOptions{EachRawPage: func(rs []kirimchat.RawRecord[kirimchat.Conversation]) error {
		r.conversations = append(r.conversations, rs...)
		return nil
	}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListContacts(ctx, kirimchat.ListContactsOptions{EachRawPage: func(rs []kirimchat.RawRecord[kirimchat.Contact]) error {
		r.contacts = append(r.contacts, rs...)
		return nil
	}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListLabels(ctx, kirimchat.ListLabelsOptions{EachRawPage: func(rs []kirimchat.RawRecord[kirimchat.Label]) error {
		r.labels = append(r.labels, rs...)
		return nil
	}}); err != nil {
		t.Fatal(err)
	}
	return r
}

func decode(t *testing.T, raw []byte) map[string]any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

// personal is where a record holds personal data: the member's path.
var personal = map[string][][]string{
	"conversation": {{"contact", "name"}, {"contact", "phone_number"}, {"assignee", "name"}, {"assignee", "email"}},
	"contact":      {{"name"}, {"phone_number"}, {"email"}},
}

// withoutPersonal is m with each personal value that is not null replaced
// by a mark, and a contact's metadata by its shape (every string "", every
// number 0): what a recording must keep exactly.
func withoutPersonal(m map[string]any, record string) map[string]any {
	for _, path := range personal[record] {
		obj := m
		for _, step := range path[:len(path)-1] {
			obj, _ = obj[step].(map[string]any)
		}
		if obj != nil && obj[path[len(path)-1]] != nil {
			obj[path[len(path)-1]] = "<personal>"
		}
	}
	if record == "contact" {
		m["metadata"] = shape(m["metadata"])
	}
	return m
}

func shape(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, x := range v {
			out[k] = shape(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = shape(x)
		}
		return out
	case string:
		return ""
	case json.Number:
		return json.Number("0")
	}
	return v
}

// TestARecordingServedBackReadsAsTheOrganizationDid is the round trip:
// an organization recorded from one sandbox and served from another reads,
// with the provider's client, as the original did — the same records in
// the same order with the same ids, statuses, counts, timestamps and nulls,
// every undocumented member kept — except for its personal data, of which
// nothing is left in the file, and which is replaced the same way wherever
// it stands.
func TestARecordingServedBackReadsAsTheOrganizationDid(t *testing.T) {
	source := organization(t, 230)
	_, sourceURL := serve(t, source, sandbox.Options{APIKeys: []string{sourceKey}})
	var progress bytes.Buffer
	rec := record(t, sourceURL, []byte("a key of this test"), &progress)
	path := filepath.Join(t.TempDir(), "recorded.json")
	if err := recorder.WriteFile(path, rec.JSON); err != nil {
		t.Fatal(err)
	}
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(file, rec.JSON) {
		t.Fatal("the file is not the recording")
	}
	// The sandbox's own validation, as -fixture loads it.
	if _, err := sandbox.ReadFixture(bytes.NewReader(file)); err != nil {
		t.Fatalf("the recording is not a fixture the sandbox reads: %v", err)
	}
	_, recordedURL := serve(t, file, sandbox.Options{})

	was, now := readAll(t, sourceURL, sourceKey), readAll(t, recordedURL, sandbox.DefaultAPIKey)
	if len(was.conversations) != 230 || len(now.conversations) != 230 || len(was.contacts) != len(now.contacts) ||
		len(was.labels) != 2 || len(now.labels) != 2 {
		t.Fatalf("read %d/%d conversations, %d/%d contacts, %d/%d labels", len(was.conversations), len(now.conversations),
			len(was.contacts), len(now.contacts), len(was.labels), len(now.labels))
	}

	// Everything but the personal data, exactly: every member, documented
	// or not, at every depth, in the same order of records.
	for i := range was.conversations {
		w, n := was.conversations[i], now.conversations[i]
		if !reflect.DeepEqual(withoutPersonal(decode(t, w.JSON), "conversation"), withoutPersonal(decode(t, n.JSON), "conversation")) {
			t.Fatalf("conversation %d differs beyond its personal data:\n%s\n%s", i, w.JSON, n.JSON)
		}
		if w.Record.ID != n.Record.ID || w.Record.Status != n.Record.Status || w.Record.UnreadCount != n.Record.UnreadCount ||
			!reflect.DeepEqual(w.Record.LastMessageAt, n.Record.LastMessageAt) || !reflect.DeepEqual(w.Record.WhatsAppAccount, n.Record.WhatsAppAccount) {
			t.Fatalf("conversation %d: %+v, recorded %+v", i, w.Record, n.Record)
		}
	}
	for i := range was.contacts {
		w, n := was.contacts[i], now.contacts[i]
		if !reflect.DeepEqual(withoutPersonal(decode(t, w.JSON), "contact"), withoutPersonal(decode(t, n.JSON), "contact")) {
			t.Fatalf("contact %d differs beyond its personal data:\n%s\n%s", i, w.JSON, n.JSON)
		}
	}
	for i := range was.labels {
		if !reflect.DeepEqual(decode(t, was.labels[i].JSON), decode(t, now.labels[i].JSON)) {
			t.Fatalf("label %d: %s, recorded %s", i, was.labels[i].JSON, now.labels[i].JSON)
		}
	}
	wasMe, nowMe := decode(t, was.me.JSON), decode(t, now.me.JSON)
	wantKey := map[string]any{"id": "key_0000000000000000000000BOX0", "object": "api_key", "label": "Sandbox key", "last4": "box0", "scopes": []any{"read"}}
	if !reflect.DeepEqual(nowMe["api_key"], wantKey) {
		t.Errorf("me's api_key %v, want the sandbox key's (and its undocumented members) %v", nowMe["api_key"], wantKey)
	}
	delete(wasMe, "api_key")
	delete(nowMe, "api_key")
	if !reflect.DeepEqual(wasMe, nowMe) {
		t.Errorf("me: %s, recorded %s", was.me.JSON, now.me.JSON)
	}
	if rec.Fixture.AsOf != "2026-12-01T09:30:15Z" || !bytes.Contains(file, []byte(`"as_of": "2026-12-01T09:30:15Z"`)) {
		t.Errorf("as_of %q, want when it was recorded", rec.Fixture.AsOf)
	}

	// Nothing personal is left, nor the key that recorded it, nor its last4.
	for _, v := range personalValues(t, source) {
		escaped, _ := json.Marshal(v)
		if bytes.Contains(file, []byte(v)) || bytes.Contains(file, escaped[1:len(escaped)-1]) {
			t.Errorf("the recording holds the personal value %q", v)
		}
	}
	for _, v := range []string{sourceKey, "SOURCEsource", sourceKey[len(sourceKey)-4:], "Laptop of Budi", "key_0000000000000000000000REAL"} {
		if bytes.Contains(file, []byte(v)) {
			t.Errorf("the recording holds %q of the key that recorded it", v)
		}
	}

	// One value, one pseudonym, wherever it stands; two values, two.
	mapping := map[string]map[string]string{}
	pseudonymOf := func(kind string, was, now *string) {
		if (was == nil) != (now == nil) {
			t.Fatalf("%s: %v became %v: a null must stay null", kind, was, now)
		}
		if was == nil {
			return
		}
		if mapping[kind] == nil {
			mapping[kind] = map[string]string{}
		}
		if got, seen := mapping[kind][*was]; seen && got != *now {
			t.Errorf("%s %q became both %q and %q", kind, *was, got, *now)
		}
		mapping[kind][*was] = *now
	}
	for i := range was.conversations {
		w, n := was.conversations[i].Record, now.conversations[i].Record
		if w.Contact != nil {
			pseudonymOf("name", w.Contact.Name, n.Contact.Name)
			pseudonymOf("phone", w.Contact.PhoneNumber, n.Contact.PhoneNumber)
		}
		if w.Assignee != nil {
			pseudonymOf("agent name", w.Assignee.Name, n.Assignee.Name)
			pseudonymOf("agent email", w.Assignee.Email, n.Assignee.Email)
		}
	}
	for i := range was.contacts {
		w, n := was.contacts[i].Record, now.contacts[i].Record
		pseudonymOf("name", w.Name, n.Name)
		pseudonymOf("phone", w.PhoneNumber, n.PhoneNumber)
		pseudonymOf("email", w.Email, n.Email)
	}
	forms := map[string]*regexp.Regexp{
		"name": regexp.MustCompile(`^Customer [0-9A-Z]{8}$`), "agent name": regexp.MustCompile(`^Agent [0-9A-Z]{8}$`),
		"email": regexp.MustCompile(`^customer-[0-9a-z]{8}@example\.com$`), "agent email": regexp.MustCompile(`^agent-[0-9a-z]{8}@example\.net$`),
	}
	for kind, m := range mapping {
		seen := map[string]string{}
		for original, pseudonym := range m {
			if other, twice := seen[pseudonym]; twice {
				t.Errorf("%s %q and %q share the pseudonym %q", kind, original, other, pseudonym)
			}
			seen[pseudonym] = original
			if kind == "phone" {
				checkPhone(t, original, pseudonym)
			} else if !forms[kind].MatchString(pseudonym) {
				t.Errorf("%s %q became %q", kind, original, pseudonym)
			}
		}
	}
	if len(mapping["name"]) < 50 || len(mapping["phone"]) < 50 || len(mapping["agent name"]) != 2 {
		t.Errorf("too few values compared: %d names, %d phones, %d agents", len(mapping["name"]), len(mapping["phone"]), len(mapping["agent name"]))
	}
	// The same customer the same in a conversation and in the contacts.
	byID := map[string]kirimchat.Contact{}
	for _, c := range now.contacts {
		byID[c.Record.ID] = c.Record
	}
	for _, cv := range now.conversations {
		if c := cv.Record.Contact; c != nil {
			contact := byID[c.ID]
			if !reflect.DeepEqual(c.Name, contact.Name) || !reflect.DeepEqual(c.PhoneNumber, contact.PhoneNumber) {
				t.Errorf("conversation %s names its contact %v %v, the contacts %v %v", cv.Record.ID, c.Name, c.PhoneNumber, contact.Name, contact.PhoneNumber)
			}
		}
	}
	// A phone number two contacts share stays shared: a lookup by it finds both.
	if now.contacts[len(now.contacts)-2].Record.PhoneNumber == nil {
		t.Log("(the shared number is checked through the mapping above)")
	}

	// What it says: every page, and what it kept unscrubbed.
	wantUnscrubbed := map[string]int{"conversation.priority": 58, "conversation.sla": 58, "conversation.contact.crm": 21,
		"conversation.whatsapp_account.display_name": 33, "conversation.assignee.team": 57, "contact.loyalty": 26,
		"contact.whatsapp_account.verified": 16, "label.archived": 1, "me.region": 1, "me.organization.plan": 1,
		"me.api_key.scopes": 1, "me.rate_limits.burst": 1}
	if !reflect.DeepEqual(rec.Unscrubbed, wantUnscrubbed) {
		t.Errorf("unscrubbed %v, want %v", rec.Unscrubbed, wantUnscrubbed)
	}
	for _, line := range []string{"record: me: PT Toko Kita (org_00000000000000000000000007), tier free, 600 reads a minute",
		"record: conversations: 2 pages, 200 records so far", "record: conversations: 230 in 3 pages", "record: contacts: 78 in 1 page",
		"record: labels: 2 in 1 page"} {
		if !strings.Contains(progress.String(), line) {
			t.Errorf("progress lacks %q:\n%s", line, progress.String())
		}
	}
	if rec.Requests != 6 || rec.RateLimited != 0 || rec.Pages["conversations"] != 3 {
		t.Errorf("%d requests, %d 429s, pages %v", rec.Requests, rec.RateLimited, rec.Pages)
	}
}

// checkPhone holds a phone number's pseudonym to its form: E.164, the same
// country calling code and length, and a 0 after the code.
func checkPhone(t *testing.T, original, pseudonym string) {
	t.Helper()
	codes := map[string]string{"+62": "62", "+65": "65", "+1": "1", "+44": "44", "+353": "353", "+7": "7"}
	for prefix, code := range codes {
		if strings.HasPrefix(original, prefix) {
			if !strings.HasPrefix(pseudonym, "+"+code+"0") || len(pseudonym) != len(original) || !kirimchat.PhonePattern.MatchString(pseudonym) {
				t.Errorf("phone %q became %q: want +%s, a 0, and digits to the same length", original, pseudonym, code)
			}
			return
		}
	}
	t.Errorf("phone %q of no country the test knows", original)
}

// personalValues are every personal value of a fixture: customers' and
// agents' names, phone numbers and emails, and every value in a contact's
// metadata (texts and numbers).
func personalValues(t *testing.T, fixture []byte) []string {
	t.Helper()
	f := decode(t, fixture)
	var out []string
	str := func(v any) {
		if s, ok := v.(string); ok && s != "" {
			out = append(out, s)
		}
	}
	var metadata func(any)
	metadata = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for _, x := range v {
				metadata(x)
			}
		case []any:
			for _, x := range v {
				metadata(x)
			}
		case json.Number:
			out = append(out, v.String())
		default:
			str(v)
		}
	}
	for _, c := range f["conversations"].([]any) {
		cv := c.(map[string]any)
		if contact, ok := cv["contact"].(map[string]any); ok {
			str(contact["name"])
			str(contact["phone_number"])
		}
		if agent, ok := cv["assignee"].(map[string]any); ok {
			str(agent["name"])
			str(agent["email"])
		}
	}
	numbers := 0
	for _, c := range f["contacts"].([]any) {
		contact := c.(map[string]any)
		str(contact["name"])
		str(contact["phone_number"])
		str(contact["email"])
		before := len(out)
		metadata(contact["metadata"])
		numbers += len(out) - before
	}
	if len(out) < 500 || numbers < 300 {
		t.Fatalf("only %d personal values (%d of metadata) to look for", len(out), numbers)
	}
	return out
}

// TestTheSameKeyGivesTheSameRecording: pseudonyms come from the key and the
// values; the same organization recorded twice with one key is the same
// file, and with another key has other pseudonyms and nothing else changed.
func TestTheSameKeyGivesTheSameRecording(t *testing.T) {
	_, url := serve(t, organization(t, 40), sandbox.Options{APIKeys: []string{sourceKey}})
	a, b := record(t, url, []byte("k1"), nil), record(t, url, []byte("k1"), nil)
	if !bytes.Equal(a.JSON, b.JSON) {
		t.Fatal("two recordings with one key differ")
	}
	c := record(t, url, []byte("k2"), nil)
	if bytes.Equal(a.JSON, c.JSON) || *a.Fixture.Contacts[0].Name == *c.Fixture.Contacts[0].Name {
		t.Fatal("another key gave the same pseudonyms")
	}
	random1, random2 := record(t, url, nil, nil), record(t, url, nil, nil)
	if bytes.Equal(random1.JSON, random2.JSON) {
		t.Fatal("two recordings without a key share their pseudonyms: the key must be random")
	}
	for i := range a.Fixture.Conversations {
		x, y := a.Fixture.Conversations[i], c.Fixture.Conversations[i]
		if x.ID != y.ID || x.UpdatedAt != y.UpdatedAt || (x.Contact == nil) != (y.Contact == nil) {
			t.Fatalf("conversation %d: %s, %s", i, x.ID, y.ID)
		}
	}
}

// TestARecordingFailsWhole: an answer the client refuses (a contract
// error) ends the recording with the client's message, and so does one the
// key appears in.
func TestARecordingFailsWhole(t *testing.T) {
	s, url := serve(t, organization(t, 40), sandbox.Options{APIKeys: []string{sourceKey}})
	s.AddFault(sandbox.Fault{Path: "/contacts", MalformedJSON: true})
	_, err := recorder.Record(context.Background(), recorder.Options{Config: kirimchat.Config{BaseURL: url, APIKey: sourceKey}})
	var ce *kirimchat.ContractError
	if err == nil || !strings.Contains(err.Error(), "reading GET /contacts (after 0 pages, 0 records): GET /contacts answered HTTP 200 with a body that breaks the API's contract") ||
		!errors.As(err, &ce) {
		t.Fatalf("got %v", err)
	}
	_, err = recorder.Record(context.Background(), recorder.Options{Config: kirimchat.Config{BaseURL: "http://example.com/v1", APIKey: sourceKey}})
	if err == nil || !strings.Contains(err.Error(), "plain http to a host that is not loopback") {
		t.Fatalf("plain http elsewhere than loopback: %v", err)
	}
}

// TestWriteFileLeavesNothingHalfWritten: a write that fails leaves the
// file as it was and no temporary file.
func TestWriteFileLeavesNothingHalfWritten(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "org.json")
	if err := os.WriteFile(path, []byte("before"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := recorder.WriteFile(filepath.Join(dir, "missing", "org.json"), []byte("x")); err == nil {
		t.Fatal("a file in a missing directory was written")
	}
	if err := os.Mkdir(filepath.Join(dir, "taken.json"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := recorder.WriteFile(filepath.Join(dir, "taken.json"), []byte("x")); err == nil {
		t.Fatal("a directory was written over")
	}
	if err := recorder.CheckWritable(filepath.Join(dir, "taken.json")); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Fatalf("CheckWritable of a directory: %v", err)
	}
	if err := recorder.WriteFile(path, []byte("after")); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if got, _ := os.ReadFile(path); string(got) != "after" || len(entries) != 2 {
		t.Fatalf("%q, %d entries", got, len(entries))
	}
}

// TestARecordingKeepsWithinTheBucket: a recording that needs more requests
// than the organization's bucket holds is paced as the provider is (the
// X-RateLimit-* headers), and meets no 429; one that meets 429s anyway
// waits them out as the provider does, and completes.
func TestARecordingKeepsWithinTheBucket(t *testing.T) {
	s, url := serve(t, organization(t, 184), sandbox.Options{APIKeys: []string{sourceKey}, ReadsPerMinute: 120})
	began := time.Now()
	rec, err := recorder.Record(context.Background(), recorder.Options{Config: kirimchat.Config{BaseURL: url, APIKey: sourceKey, PageSize: 2}})
	if err != nil {
		t.Fatal(err)
	}
	requests := s.Requests()
	tooMany := 0
	for _, r := range requests {
		if r.Status == 429 {
			tooMany++
		}
	}
	if len(requests) <= 120 || rec.Requests != len(requests) || tooMany != 0 || rec.RateLimited != 0 {
		t.Fatalf("%d requests (%d counted) against a bucket of 120: %d answered 429", len(requests), rec.Requests, tooMany)
	}
	t.Logf("%d requests against a bucket of 120 a minute in %s, no 429", len(requests), time.Since(began).Round(time.Millisecond))

	s, url = serve(t, organization(t, 40), sandbox.Options{APIKeys: []string{sourceKey}})
	s.AddFault(sandbox.Fault{Path: "/conversations", Status: 429, RetryAfter: 1, Times: 2})
	rec, err = recorder.Record(context.Background(), recorder.Options{Config: kirimchat.Config{BaseURL: url, APIKey: sourceKey}})
	if err != nil || rec.RateLimited != 2 || len(rec.Fixture.Conversations) != 40 {
		t.Fatalf("after two 429s: %v (%+v)", err, rec)
	}
}

// TestARecordingTheSandboxCannotServeIsNotWritten: a value the client
// keeps (a label color the docs do not list) that the sandbox's fixture
// schema does not take fails the recording, saying so, rather than
// writing a file -fixture refuses.
func TestARecordingTheSandboxCannotServeIsNotWritten(t *testing.T) {
	org, err := sandbox.ReadFixture(bytes.NewReader(organization(t, 10)))
	if err != nil {
		t.Fatal(err)
	}
	org.Labels[0].Color = "indigo"
	url := startHTTP(t, sandbox.New(sandbox.Options{APIKeys: []string{sourceKey}, Organization: &org}))
	_, err = recorder.Record(context.Background(), recorder.Options{Config: kirimchat.Config{BaseURL: url, APIKey: sourceKey}})
	if err == nil || !strings.Contains(err.Error(), "the recording is not a fixture the sandbox can serve") ||
		!strings.Contains(err.Error(), `labels[0] (lbl_00000000000000000000000001): /color: "indigo" is not one of`) {
		t.Fatalf("got %v", err)
	}
}

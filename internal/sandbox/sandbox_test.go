package sandbox_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

// These tests speak plain HTTP, not through the provider's client, so that a
// bug shared by both cannot hide.

type listBody struct {
	Data       []map[string]any `json:"data"`
	HasMore    bool             `json:"has_more"`
	NextCursor *string          `json:"next_cursor"`
	RequestID  string           `json:"request_id"`
}

type errorBody struct {
	Error struct {
		Type, Code, Message, Param string
		RequestID                  string `json:"request_id"`
	} `json:"error"`
}

func start(t testing.TB, opts sandbox.Options) (*sandbox.Server, string) {
	t.Helper()
	s := sandbox.New(opts)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv.URL + "/v1"
}

func get(t testing.TB, rawURL, key string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, rawURL, nil)
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

func wantError(t testing.TB, resp *http.Response, body []byte, status int, typ, code, param string) {
	t.Helper()
	var e errorBody
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("not an error envelope: %s", body)
	}
	if resp.StatusCode != status || e.Error.Type != typ || e.Error.Code != code || e.Error.Param != param || e.Error.Message == "" {
		t.Errorf("got %d %+v, want %d %s/%s param %q", resp.StatusCode, e.Error, status, typ, code, param)
	}
	if e.Error.RequestID == "" || e.Error.RequestID != resp.Header.Get("X-Request-Id") {
		t.Errorf("request_id %q must equal X-Request-Id %q", e.Error.RequestID, resp.Header.Get("X-Request-Id"))
	}
}

func drainAll(t testing.TB, base, query string) ([]map[string]any, []string) {
	t.Helper()
	var items []map[string]any
	var cursors []string
	cursor := ""
	for range 1000 {
		q, _ := url.ParseQuery(query)
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		resp, body := get(t, base+"/conversations?"+q.Encode(), sandbox.DefaultAPIKey)
		if resp.StatusCode != 200 {
			t.Fatalf("status %d: %s", resp.StatusCode, body)
		}
		var page listBody
		if err := json.Unmarshal(body, &page); err != nil {
			t.Fatal(err)
		}
		items = append(items, page.Data...)
		if !page.HasMore {
			if page.NextCursor != nil {
				t.Fatalf("next_cursor must be null when has_more is false")
			}
			return items, cursors
		}
		cursor = *page.NextCursor
		cursors = append(cursors, cursor)
	}
	t.Fatal("no end of pages")
	return nil, nil
}

func TestAuthentication(t *testing.T) {
	_, base := start(t, sandbox.Options{APIKeys: []string{"good"}, ExpiredKeys: []string{"old"}})
	for key, code := range map[string]string{"": "missing_api_key", "bad": "invalid_api_key", "old": "expired_api_key"} {
		resp, body := get(t, base+"/conversations", key)
		wantError(t, resp, body, 401, "authentication_error", code, "")
		if resp.Header.Get("X-RateLimit-Limit") == "" {
			t.Errorf("a 4xx must carry X-RateLimit-* headers")
		}
	}
	if resp, _ := get(t, base+"/conversations", "good"); resp.StatusCode != 200 {
		t.Errorf("a valid key must pass, got %d", resp.StatusCode)
	}
	if resp, _ := get(t, base+"/health", ""); resp.StatusCode != 200 {
		t.Errorf("/health needs no key, got %d", resp.StatusCode)
	}
}

func TestValidation(t *testing.T) {
	_, base := start(t, sandbox.Options{})
	for query, want := range map[string][2]string{
		"limit=0":       {"invalid_limit", "limit"},
		"limit=101":     {"invalid_limit", "limit"},
		"limit=ten":     {"invalid_limit", "limit"},
		"status=closed": {"invalid_field_value", "status"},
		"status=":       {"invalid_field_value", "status"},
		"contact_id=cnv_01HXYZABCDEFGHJKMNPQRSTVWX": {"invalid_field_value", "contact_id"},
		"contact_id=ctc_01HXYZ":                     {"invalid_field_value", "contact_id"},
		"cursor=not-a-cursor":                       {"invalid_cursor", "cursor"},
	} {
		resp, body := get(t, base+"/conversations?"+query, sandbox.DefaultAPIKey)
		wantError(t, resp, body, 400, "invalid_request_error", want[0], want[1])
	}
}

func TestDrainIsOrderedNewestActiveFirstNullsLastWithoutGapsOrRepeats(t *testing.T) {
	s, base := start(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 7, Conversations: 237}})
	items, _ := drainAll(t, base, "limit=10")
	if len(items) != 237 {
		t.Fatalf("drained %d, want 237", len(items))
	}
	seen := map[string]bool{}
	var prev *time.Time
	nulls := false
	for i, it := range items {
		id := it["id"].(string)
		if seen[id] {
			t.Fatalf("%s served twice", id)
		}
		seen[id] = true
		raw, isString := it["last_message_at"].(string)
		if !isString {
			nulls = true
			continue
		}
		if nulls {
			t.Fatalf("item %d has a last_message_at after a null one: NULLS LAST broken", i)
		}
		at, err := time.Parse(time.RFC3339Nano, raw)
		if err != nil {
			t.Fatal(err)
		}
		if prev != nil && at.After(*prev) {
			t.Fatalf("item %d is newer than the one before it", i)
		}
		prev = &at
	}
	if !nulls {
		t.Error("the generated data should include a null last_message_at")
	}
	want := s.Conversations()
	for i := range want {
		if want[i].ID != items[i]["id"] {
			t.Fatalf("item %d: %v, want %s", i, items[i]["id"], want[i].ID)
		}
	}
}

func TestCursorsAreOpaqueBase64ThatNeedsURLEncoding(t *testing.T) {
	_, base := start(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 3, Conversations: 120}})
	_, cursors := drainAll(t, base, "limit=5")
	special := 0
	for _, c := range cursors {
		if !strings.HasSuffix(c, "=") {
			t.Errorf("cursor %q should end in base64 padding", c)
		}
		if strings.ContainsAny(c, "+/") {
			special++
		}
	}
	if special == 0 {
		t.Error("no cursor held + or /")
	}
	// Sent without percent-encoding, "+" becomes a space and the cursor breaks.
	for _, c := range cursors {
		if strings.Contains(c, "+") {
			resp, body := get(t, base+"/conversations?limit=5&cursor="+c, sandbox.DefaultAPIKey)
			wantError(t, resp, body, 400, "invalid_request_error", "invalid_cursor", "cursor")
			return
		}
	}
}

func TestCursorsAreTamperEvidentAndBoundToTheirFilters(t *testing.T) {
	_, base := start(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 3, Conversations: 60}})
	_, cursors := drainAll(t, base, "limit=5&status=open")
	c := cursors[0]
	tampered := []byte(c)
	tampered[3] ^= 0x01
	for name, query := range map[string]string{
		"tampered":      "status=open&cursor=" + url.QueryEscape(string(tampered)),
		"other status":  "status=resolved&cursor=" + url.QueryEscape(c),
		"no filter":     "cursor=" + url.QueryEscape(c),
		"added contact": "status=open&contact_id=ctc_01HXYZABCDEFGHJKMNPQRSTVWX&cursor=" + url.QueryEscape(c),
	} {
		resp, body := get(t, base+"/conversations?"+query, sandbox.DefaultAPIKey)
		t.Run(name, func(t *testing.T) { wantError(t, resp, body, 400, "invalid_request_error", "invalid_cursor", "cursor") })
	}
	if resp, _ := get(t, base+"/conversations?limit=50&status=open&cursor="+url.QueryEscape(c), sandbox.DefaultAPIKey); resp.StatusCode != 200 {
		t.Errorf("a cursor may be reused with another limit, got %d", resp.StatusCode)
	}
}

func TestFiltersSelectExactlyTheMatchingConversations(t *testing.T) {
	s, base := start(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 11, Conversations: 150, Contacts: 10}})
	all := s.Conversations()
	contact := all[0].Contact.ID
	for _, tc := range []struct {
		query string
		match func(sandbox.Conversation) bool
	}{
		{"status=open", func(c sandbox.Conversation) bool { return c.Status == "open" }},
		{"status=pending", func(c sandbox.Conversation) bool { return c.Status == "pending" }},
		{"contact_id=" + contact, func(c sandbox.Conversation) bool { return c.Contact != nil && c.Contact.ID == contact }},
		{"contact_id=" + strings.ToLower(contact), func(c sandbox.Conversation) bool { return c.Contact != nil && c.Contact.ID == contact }},
		{"status=resolved&contact_id=" + contact, func(c sandbox.Conversation) bool {
			return c.Status == "resolved" && c.Contact != nil && c.Contact.ID == contact
		}},
	} {
		var want []string
		for _, c := range all {
			if tc.match(c) {
				want = append(want, c.ID)
			}
		}
		items, _ := drainAll(t, base, "limit=7&"+tc.query)
		var got []string
		for _, it := range items {
			got = append(got, it["id"].(string))
		}
		if len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("%s: got %d ids, want %d", tc.query, len(got), len(want))
		}
	}
	if items, _ := drainAll(t, base, "contact_id=ctc_00000000000000000000000000"); len(items) != 0 {
		t.Errorf("an unknown contact must give an empty list")
	}
	// The contract's data is an array, never null, even when empty.
	for _, path := range []string{"/conversations?status=open&contact_id=ctc_00000000000000000000000000", "/contacts?phone=%2B10000000000"} {
		if _, body := get(t, base+path, sandbox.DefaultAPIKey); !strings.Contains(string(body), `"data":[]`) {
			t.Errorf("%s: an empty page must hold \"data\":[], got %s", path, body)
		}
	}
}

func TestDefaultLimitIs25(t *testing.T) {
	_, base := start(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 1, Conversations: 30}})
	_, body := get(t, base+"/conversations", sandbox.DefaultAPIKey)
	var page listBody
	_ = json.Unmarshal(body, &page)
	if len(page.Data) != 25 || !page.HasMore {
		t.Errorf("got %d items has_more=%v", len(page.Data), page.HasMore)
	}
}

var requestIDPattern = regexp.MustCompile(`^req_[0-9A-HJKMNP-TV-Z]{26}$`)

func TestHeadersAndRateLimit(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	s, base := start(t, sandbox.Options{ReadsPerMinute: 3, Now: func() time.Time { return now }})
	for i := range 3 {
		resp, body := get(t, base+"/conversations?limit=1", sandbox.DefaultAPIKey)
		if resp.StatusCode != 200 {
			t.Fatalf("request %d: %d", i, resp.StatusCode)
		}
		var page listBody
		_ = json.Unmarshal(body, &page)
		if !requestIDPattern.MatchString(resp.Header.Get("X-Request-Id")) || page.RequestID != resp.Header.Get("X-Request-Id") {
			t.Errorf("bad request id %q / %q", resp.Header.Get("X-Request-Id"), page.RequestID)
		}
		if resp.Header.Get("X-RateLimit-Limit") != "3" || resp.Header.Get("X-RateLimit-Remaining") != strconv.Itoa(2-i) {
			t.Errorf("request %d: limit %s remaining %s", i, resp.Header.Get("X-RateLimit-Limit"), resp.Header.Get("X-RateLimit-Remaining"))
		}
		reset, _ := strconv.ParseInt(resp.Header.Get("X-RateLimit-Reset"), 10, 64)
		if reset <= now.Unix() || reset > now.Add(time.Minute).Unix()+1 {
			t.Errorf("reset %d not within the next minute", reset)
		}
	}
	resp, body := get(t, base+"/conversations?limit=1", sandbox.DefaultAPIKey)
	wantError(t, resp, body, 429, "rate_limit_error", "rate_limit_exceeded", "")
	if resp.Header.Get("Retry-After") != "20" {
		t.Errorf("Retry-After %q, want 20 (one token at 3/min)", resp.Header.Get("Retry-After"))
	}
	now = now.Add(20 * time.Second)
	if resp, _ := get(t, base+"/conversations?limit=1", sandbox.DefaultAPIKey); resp.StatusCode != 200 {
		t.Errorf("after the wait, got %d", resp.StatusCode)
	}
	if n := len(s.Requests()); n != 5 {
		t.Errorf("recorded %d requests, want 5", n)
	}
}

func TestFaults(t *testing.T) {
	s, base := start(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 5, Conversations: 30}})
	key := sandbox.DefaultAPIKey

	s.AddFault(sandbox.Fault{Status: 429, RetryAfter: 7, Skip: 1, Times: 2})
	if resp, _ := get(t, base+"/conversations", key); resp.StatusCode != 200 {
		t.Fatalf("the skipped request must pass, got %d", resp.StatusCode)
	}
	for range 2 {
		resp, body := get(t, base+"/conversations", key)
		wantError(t, resp, body, 429, "rate_limit_error", "rate_limit_exceeded", "")
		if resp.Header.Get("Retry-After") != "7" {
			t.Errorf("Retry-After %q", resp.Header.Get("Retry-After"))
		}
	}
	if resp, _ := get(t, base+"/conversations", key); resp.StatusCode != 200 {
		t.Fatalf("the fault is spent, got %d", resp.StatusCode)
	}

	s.AddFault(sandbox.Fault{Status: 502, HTML: true})
	resp, body := get(t, base+"/conversations", key)
	if resp.StatusCode != 502 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || !strings.Contains(string(body), "<html>") || resp.Header.Get("X-Request-Id") == "" {
		t.Errorf("want an HTML 502 with a request id, got %d %q", resp.StatusCode, body)
	}

	s.AddFault(sandbox.Fault{Status: 500})
	resp, body = get(t, base+"/conversations", key)
	wantError(t, resp, body, 500, "api_error", "internal_error", "")

	s.AddFault(sandbox.Fault{Delay: 150 * time.Millisecond})
	began := time.Now()
	if resp, _ := get(t, base+"/conversations", key); resp.StatusCode != 200 || time.Since(began) < 150*time.Millisecond {
		t.Errorf("delay fault: %d after %s", resp.StatusCode, time.Since(began))
	}

	_, body = get(t, base+"/conversations?limit=5", key)
	var first listBody
	_ = json.Unmarshal(body, &first)
	s.AddFault(sandbox.Fault{RepeatCursor: true})
	_, body = get(t, base+"/conversations?limit=5&cursor="+url.QueryEscape(*first.NextCursor), key)
	var repeated listBody
	_ = json.Unmarshal(body, &repeated)
	if !repeated.HasMore || repeated.NextCursor == nil || *repeated.NextCursor != *first.NextCursor {
		t.Errorf("repeat-cursor fault: has_more=%v next=%v", repeated.HasMore, repeated.NextCursor)
	}

	s.AddFault(sandbox.Fault{DropNextCursor: true})
	_, body = get(t, base+"/conversations?limit=100", key)
	var dropped listBody
	_ = json.Unmarshal(body, &dropped)
	if !dropped.HasMore || dropped.NextCursor != nil {
		t.Errorf("drop-cursor fault: has_more=%v next=%v", dropped.HasMore, dropped.NextCursor)
	}

	s.AddFault(sandbox.Fault{Status: 401, EchoAuthorization: true})
	_, body = get(t, base+"/conversations", key)
	if !strings.Contains(string(body), key) {
		t.Errorf("echo fault must repeat the key: %s", body)
	}
}

func TestGeneratorIsDeterministicAndVaried(t *testing.T) {
	a := sandbox.Generate(sandbox.GenerateOptions{Seed: 42, Conversations: 500, EdgeCases: true})
	b := sandbox.Generate(sandbox.GenerateOptions{Seed: 42, Conversations: 500, EdgeCases: true})
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed must give the same data")
	}
	if c := sandbox.Generate(sandbox.GenerateOptions{Seed: 43, Conversations: 500}); c[0].ID == a[0].ID {
		t.Error("another seed must give other data")
	}
	count := map[string]int{}
	ids := map[string]bool{}
	for _, c := range a {
		if ids[c.ID] {
			t.Fatalf("duplicate id %s", c.ID)
		}
		ids[c.ID] = true
		if c.Assignee == nil {
			count["unassigned"]++
		}
		if c.Contact.Name == nil {
			count["null name"]++
		} else if !isASCII(*c.Contact.Name) {
			count["non-ASCII name"]++
		}
		if c.Contact.PhoneNumber == nil {
			count["null phone"]++
		}
		if c.LastMessageAt == nil {
			count["null last_message_at"]++
		} else if strings.Contains(*c.LastMessageAt, ".") {
			count["milliseconds"]++
		}
		if c.UnreadCount > 1<<32 {
			count["huge unread"]++
		}
		if len(c.Extra) > 0 {
			count["extra fields"]++
		}
		if c.Status == "open" && c.Assignee == nil {
			count["open unassigned"]++
		}
		for _, s := range []string{c.CreatedAt, c.UpdatedAt} {
			if _, err := time.Parse(time.RFC3339Nano, s); err != nil || !strings.HasSuffix(s, "Z") {
				t.Errorf("timestamp %q is not RFC 3339 UTC", s)
			}
		}
	}
	for _, k := range []string{"unassigned", "null name", "non-ASCII name", "null phone", "null last_message_at", "milliseconds", "huge unread", "extra fields", "open unassigned"} {
		if count[k] == 0 {
			t.Errorf("no %s in 500 generated conversations", k)
		}
	}
}

func isASCII(s string) bool {
	for _, r := range s {
		if r >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func TestUndocumentedFieldsAreServedAndSurviveAFixtureRoundTrip(t *testing.T) {
	convs := sandbox.Generate(sandbox.GenerateOptions{Seed: 9, Conversations: 50})
	fixture, err := json.Marshal(convs)
	if err != nil {
		t.Fatal(err)
	}
	var back []sandbox.Conversation
	if err := json.Unmarshal(fixture, &back); err != nil {
		t.Fatal(err)
	}
	again, _ := json.Marshal(back)
	if string(again) != string(fixture) {
		t.Fatal("a fixture must round-trip byte for byte")
	}
	_, base := start(t, sandbox.Options{Conversations: back})
	items, _ := drainAll(t, base, "limit=100")
	extras := 0
	for _, it := range items {
		if _, ok := it["channel"]; ok {
			extras++
		}
	}
	if extras == 0 {
		t.Error("undocumented fields must reach the wire")
	}
}

func TestParseFault(t *testing.T) {
	for spec, want := range map[string]sandbox.Fault{
		"status=429,retry_after=2,skip=3,times=5": {Status: 429, RetryAfter: 2, Skip: 3, Times: 5},
		"status=503,html,times=forever":           {Status: 503, HTML: true, Times: sandbox.Forever},
		"delay=2s,path=/conversations":            {Delay: 2 * time.Second, Path: "/conversations"},
		"repeat_cursor,skip=1":                    {RepeatCursor: true, Skip: 1},
		"drop_cursor":                             {DropNextCursor: true},
		"status=401, echo_authorization":          {Status: 401, EchoAuthorization: true},
		"reset,times=2":                           {ResetConnection: true, Times: 2},
		"cut_body":                                {CutBody: true},
		"malformed_json":                          {MalformedJSON: true},
		"insert_at_head=3,times=forever":          {InsertAtHead: 3, Times: sandbox.Forever},
	} {
		got, err := sandbox.ParseFault(spec)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%q: got %+v, %v; want %+v", spec, got, err, want)
		}
	}
	for _, spec := range []string{"", "status=200", "status=abc", "html", "html=1", "retry_after", "flavor=red", "delay=soon", "skip=2"} {
		if _, err := sandbox.ParseFault(spec); err == nil {
			t.Errorf("%q: want an error", spec)
		}
	}
}

// fullConversation is a conversation with every documented field, and one
// the contract does not document.
const fullConversation = `{"id":"cnv_1","object":"conversation","status":"open",` +
	`"contact":{"id":"ctc_01HXYZABCDEFGHJKMNPQRSTVWX","phone_number":null,"name":null},` +
	`"whatsapp_account":{"phone_number":null},"assignee":null,"unread_count":0,` +
	`"last_message_at":null,"last_inbound_at":null,"created_at":"2026-11-01T12:00:00Z","updated_at":"2026-11-01T12:00:00Z","brand_new":1}`

func TestReadFixtureTakesAnArrayOrAPage(t *testing.T) {
	for _, text := range []string{`[` + fullConversation + `]`, `{"data":[` + fullConversation + `],"has_more":false}`} {
		org, err := sandbox.ReadFixture(strings.NewReader(text))
		convs := org.Conversations
		if err != nil || len(convs) != 1 || convs[0].ID != "cnv_1" || string(convs[0].Extra["brand_new"]) != "1" || len(org.Contacts) != 1 {
			t.Errorf("%s: got %+v, %v", text, convs, err)
		}
	}
	for _, text := range []string{`{"nope":1}`, `[{"status":"open"}]`, `not json`, `{"me":{},"conversations":[],"contacts":[],"labels":[]}`,
		`{"me":{"organization":{"id":"org_1"}},"conversations":[]}`, `[` + strings.Replace(fullConversation, `"status":"open",`, "", 1) + `]`} {
		if _, err := sandbox.ReadFixture(strings.NewReader(text)); err == nil {
			t.Errorf("%s: want an error", text)
		}
	}
}

func TestConnectionFaults(t *testing.T) {
	s, base := start(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 5, Conversations: 30}})
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	do := func() (*http.Response, []byte, error) {
		req, _ := http.NewRequest(http.MethodGet, base+"/conversations?limit=10", nil)
		req.Header.Set("Authorization", "Bearer "+sandbox.DefaultAPIKey)
		resp, err := client.Do(req)
		if err != nil {
			return nil, nil, err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		return resp, body, err
	}

	s.AddFault(sandbox.Fault{ResetConnection: true})
	if _, _, err := do(); err == nil {
		t.Error("reset: want a transport error")
	}

	s.AddFault(sandbox.Fault{CutBody: true})
	if resp, _, err := do(); err == nil || resp.StatusCode != 200 {
		t.Errorf("cut body: want a 200 whose body read fails, got %v", err)
	}

	s.AddFault(sandbox.Fault{MalformedJSON: true})
	resp, body, err := do()
	if err != nil || resp.StatusCode != 200 || json.Valid(body) || len(body) == 0 {
		t.Errorf("malformed JSON: want a complete 200 with invalid JSON, got %v %q", err, body)
	}

	if _, body, err := do(); err != nil || !json.Valid(body) {
		t.Errorf("after the faults, a normal answer: %v", err)
	}
}

func TestInsertsAtTheHeadDuplicateRowsOnlyWithOffsetCursors(t *testing.T) {
	for _, offset := range []bool{false, true} {
		s, base := start(t, sandbox.Options{OffsetCursors: offset, Generated: sandbox.GenerateOptions{Seed: 6, Conversations: 50}})
		s.AddFault(sandbox.Fault{InsertAtHead: 3, Skip: 1, Times: sandbox.Forever})
		items, _ := drainAll(t, base, "limit=10")
		seen := map[string]int{}
		dups := 0
		for _, it := range items {
			seen[it["id"].(string)]++
			if seen[it["id"].(string)] == 2 {
				dups++
			}
		}
		if len(s.Conversations()) <= 50 {
			t.Fatal("the fault inserted nothing")
		}
		if offset && dups == 0 {
			t.Error("offset cursors: inserts at the head should shift pages and repeat rows")
		}
		if !offset && dups != 0 {
			t.Errorf("keyset cursors: %d rows repeated", dups)
		}
	}
}

func FuzzCursorDecoding(f *testing.F) {
	// The fuzzer sends thousands of requests: a bucket that never runs dry.
	_, base := start(f, sandbox.Options{ReadsPerMinute: 1 << 30, Generated: sandbox.GenerateOptions{Seed: 3, Conversations: 12}})
	_, cursors := drainAll(f, base, "limit=5")
	for _, c := range append(cursors, "", "====", "AAAA", "not base64!", strings.Repeat("A", 4096)) {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, cursor string) {
		resp, body := get(t, base+"/conversations?limit=5&cursor="+url.QueryEscape(cursor), sandbox.DefaultAPIKey)
		switch resp.StatusCode {
		case 200:
			var page listBody
			if err := json.Unmarshal(body, &page); err != nil {
				t.Fatalf("a 200 that is not a page: %s", body)
			}
			if !slices.Contains(cursors, cursor) {
				t.Fatalf("a cursor the sandbox never issued was accepted: %q", cursor)
			}
		case 400:
			wantError(t, resp, body, 400, "invalid_request_error", "invalid_cursor", "cursor")
		default:
			t.Fatalf("status %d for cursor %q", resp.StatusCode, cursor)
		}
	})
}

func TestLatencyHoldsEveryAnswerBack(t *testing.T) {
	_, base := start(t, sandbox.Options{Latency: 60 * time.Millisecond, LatencyJitter: 20 * time.Millisecond})
	for _, path := range []string{"/conversations?limit=1", "/me", "/health"} {
		began := time.Now()
		resp, body := get(t, base+path, sandbox.DefaultAPIKey)
		if took := time.Since(began); resp.StatusCode != 200 || took < 40*time.Millisecond {
			t.Errorf("%s: %d after %s, want 200 after at least 40ms: %s", path, resp.StatusCode, took, body)
		}
	}
}

func TestParseLatency(t *testing.T) {
	for spec, want := range map[string]sandbox.Latency{
		"150ms":             {Base: 150 * time.Millisecond},
		"150ms,jitter=30ms": {Base: 150 * time.Millisecond, Jitter: 30 * time.Millisecond},
		"0s":                {},
	} {
		if got, err := sandbox.ParseLatency(spec); err != nil || got != want {
			t.Errorf("%q: got %+v, %v", spec, got, err)
		}
	}
	for _, spec := range []string{"", "fast", "-1s", "150ms,jitter=1s", "150ms,30ms", "150ms,jitter=x"} {
		if _, err := sandbox.ParseLatency(spec); err == nil {
			t.Errorf("%q: want an error", spec)
		}
	}
}

// TestTheDemoOrganizationLooksLikeARealTeams: without EdgeCases, no stuck
// unread counters and no names a support team in Indonesia would not see,
// with the same ids, phone numbers and timestamps as with them.
func TestTheDemoOrganizationLooksLikeARealTeams(t *testing.T) {
	demo := sandbox.Generate(sandbox.GenerateOptions{Seed: 42, Conversations: 500})
	edge := sandbox.Generate(sandbox.GenerateOptions{Seed: 42, Conversations: 500, EdgeCases: true})
	differ := 0
	for i, c := range demo {
		if c.UnreadCount > 1000 {
			t.Errorf("%s: %d unread", c.ID, c.UnreadCount)
		}
		if c.Contact.Name != nil && !isASCII(*c.Contact.Name) {
			t.Errorf("%s: name %q", c.ID, *c.Contact.Name)
		}
		e := edge[i]
		if c.ID != e.ID || c.Contact.ID != e.Contact.ID || !reflect.DeepEqual(c.Contact.PhoneNumber, e.Contact.PhoneNumber) ||
			c.CreatedAt != e.CreatedAt || !reflect.DeepEqual(c.LastMessageAt, e.LastMessageAt) {
			t.Fatalf("conversation %d differs beyond names and counts: %+v / %+v", i, c, e)
		}
		if !reflect.DeepEqual(c.Contact.Name, e.Contact.Name) || c.UnreadCount != e.UnreadCount {
			differ++
		}
	}
	if differ == 0 {
		t.Fatal("EdgeCases changed nothing")
	}
}

package kirimchat

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/acctest"
)

// pageJSON is a list page holding rows (JSON texts).
func pageJSON(hasMore bool, next string, rows ...string) string {
	cursor := "null"
	if next != "" {
		cursor = `"` + next + `"`
	}
	more := "false"
	if hasMore {
		more = "true"
	}
	return `{"data":[` + strings.Join(rows, ",") + `],"has_more":` + more + `,"next_cursor":` + cursor + `}`
}

// refusedWith lists conversations from one scripted answer and expects a
// ContractError naming where and what.
func refusedWith(t *testing.T, body string, opts ListConversationsOptions, where, problem string) {
	t.Helper()
	c, s, _ := newScripted(t, Config{}, raw(200, "application/json", body, "X-Request-Id", "req_strict"))
	got, err := c.ListConversations(context.Background(), opts)
	var ce *ContractError
	if !errors.As(err, &ce) {
		t.Fatalf("%s: want a ContractError, got %v (%d items)", body, err, len(got.Items))
	}
	if ce.Where != where || !strings.Contains(ce.Problem, problem) || ce.Status != 200 || ce.RequestID != "req_strict" {
		t.Errorf("%.80s…: got %q %q (status %d, request id %q), want %q %q", body, ce.Where, ce.Problem, ce.Status, ce.RequestID, where, problem)
	}
	if len(s.requests()) != 1 {
		t.Errorf("a refused answer must not be retried: %d requests", len(s.requests()))
	}
}

func TestAnAnswerThatIsNotTheEnvelopeIsAnError(t *testing.T) {
	row := conversationJSON("cnv_1", nil)
	for body, want := range map[string][2]string{
		`{}`:   {"/data", "is missing"},
		`null`: {"", "is null, not an object"},
		`[]`:   {"", "is an array, not an object"},
		`{"data":null,"has_more":false,"next_cursor":null}`: {"/data", "is null, not an array"},
		`{"data":{},"has_more":false,"next_cursor":null}`:   {"/data", "is an object, not an array"},
		`{"data":[],"next_cursor":null}`:                    {"/has_more", "is missing"},
		`{"data":[],"has_more":false}`:                      {"/next_cursor", "is missing"},
		`{"data":[],"has_more":"no","next_cursor":null}`:    {"/has_more", "is a string, not a boolean"},
		`{"data":[],"has_more":false,"next_cursor":3}`:      {"/next_cursor", "is a number, not a string"},
		pageJSON(false, "", row) + `{}`:                     {"", "holds more than one JSON value"},
		`{"data":[` + row + `],"has_more":false`:            {"", "is not valid JSON"},
		`<html>ok</html>`:                                   {"", "is not valid JSON"},
	} {
		refusedWith(t, body, ListConversationsOptions{}, want[0], want[1])
	}

	// A 2xx that carries the error envelope is that error, whatever its status says.
	c, _, _ := newScripted(t, Config{}, raw(200, "application/json",
		`{"error":{"type":"api_error","code":"internal_error","message":"Oops.","request_id":"req_in_body"}}`, "X-Request-Id", "req_in_body"))
	_, err := c.ListConversations(context.Background(), ListConversationsOptions{})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 200 || apiErr.Code != "internal_error" || apiErr.RequestID != "req_in_body" ||
		!strings.Contains(apiErr.Message, "carries an error envelope despite its status") {
		t.Fatalf("want the envelope's error, got %v", err)
	}

	// On page 2 too: nothing of page 1 is kept.
	c, s, _ := newScripted(t, Config{PageSize: 1}, raw(200, "application/json", pageJSON(true, "c1", row)), raw(200, "application/json", `{}`))
	got, err := c.ListConversations(context.Background(), ListConversationsOptions{})
	if !errors.As(err, new(*ContractError)) || len(s.requests()) != 2 {
		t.Fatalf("a bad page 2 must fail the read: %v, %d requests, %d items", err, len(s.requests()), len(got.Items))
	}
}

// TestValuesAreCheckedBeyondTheirType: a value of the documented type can
// still be wrong (TestEveryDocumentedFieldIsRequiredWithItsType checks the
// types themselves).
func TestValuesAreCheckedBeyondTheirType(t *testing.T) {
	for field, tc := range map[string]struct {
		value   any
		problem string
	}{
		"status":           {value: []int{}, problem: "is an array, not a string"},
		"object":           {value: "contact", problem: `is "contact", not "conversation"`},
		"unread_count":     {value: 1.5, problem: "is 1.5, not an integer"},
		"created_at":       {value: "yesterday", problem: `is "yesterday", not an RFC 3339 date-time`},
		"last_message_at":  {value: "2026-13-01T00:00:00Z", problem: "not an RFC 3339 date-time"},
		"contact":          {value: map[string]any{"id": "ctc_1", "name": nil}, problem: "is missing"},
		"whatsapp_account": {value: "+62", problem: "is a string, not an object"},
		"assignee":         {value: map[string]any{"id": "", "name": nil, "email": nil}, problem: `is "", not an id of the form usr_ followed by letters and digits`},
	} {
		where := "/data/0/" + field
		if field == "contact" {
			where += "/phone_number"
		}
		if field == "assignee" {
			where += "/id"
		}
		refusedWith(t, pageJSON(false, "", conversationJSON("cnv_1", map[string]any{field: tc.value})), ListConversationsOptions{},
			where, tc.problem)
	}
	// Unknown fields are ignored, at any depth.
	c, _, _ := newScripted(t, Config{}, raw(200, "application/json",
		pageJSON(false, "", conversationJSON("cnv_1", map[string]any{"labels": []string{"vip"}, "contact": map[string]any{"id": "ctc_1", "phone_number": nil, "name": nil, "tier": "gold"}}))))
	if got, err := c.ListConversations(context.Background(), ListConversationsOptions{}); err != nil || len(got.Items) != 1 {
		t.Fatalf("unknown fields must be ignored: %v", err)
	}
}

func TestDuplicateNamesAnywhereAreAnError(t *testing.T) {
	row := conversationJSON("cnv_1", nil)
	for body, where := range map[string]string{
		`{"data":[` + row + `],"has_more":false,"next_cursor":null,"data":[]}`:                                                                     "/data",
		`{"data":[` + strings.Replace(row, `"status":"open"`, `"status":"open","status":"resolved"`, 1) + `],"has_more":false,"next_cursor":null}`: "/data/0/status",
		`{"data":[` + strings.Replace(row, `"id":"cnv_1"`, `"id":"cnv_1","extra":{"a":1,"a":2}`, 1) + `],"has_more":false,"next_cursor":null}`:     "/data/0/extra/a",
	} {
		refusedWith(t, body, ListConversationsOptions{}, where, "duplicate object member name")
	}
}

func TestRowsMustAnswerTheRequest(t *testing.T) {
	refusedWith(t, pageJSON(false, "", conversationJSON("cnv_1", map[string]any{"status": "pending"})), ListConversationsOptions{Status: "open"},
		"/data/0", `has status "pending", but the request asked for status=open`)
	refusedWith(t, pageJSON(false, "", conversationJSON("cnv_1", nil)), ListConversationsOptions{ContactID: "ctc_2"},
		"/data/0", "has contact "+acctest.ContactID+", but the request asked for contact_id=ctc_2")
	// Contact ids are case-insensitive.
	c, _, _ := newScripted(t, Config{}, raw(200, "application/json", pageJSON(false, "", conversationJSON("cnv_1", map[string]any{
		"contact": map[string]any{"id": "ctc_ABC", "phone_number": nil, "name": nil}}))))
	if _, err := c.ListConversations(context.Background(), ListConversationsOptions{ContactID: "ctc_abc"}); err != nil {
		t.Fatal(err)
	}

	contact := `{"id":"ctc_1","object":"contact","phone_number":"+6281111111111","name":null,"email":null,"metadata":null,` +
		`"whatsapp_account":{"phone_number":null},"created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}`
	c, _, _ = newScripted(t, Config{}, raw(200, "application/json", `{"data":[`+contact+`],"has_more":false,"next_cursor":null}`, "X-Request-Id", "req_p"))
	_, err := c.ListContacts(context.Background(), ListContactsOptions{Phone: "+6282222222222"})
	if ce := new(ContractError); !errors.As(err, &ce) || !strings.Contains(ce.Problem, "has phone number +6281111111111, but the request asked for phone=+6282222222222") {
		t.Fatalf("got %v", err)
	}

	c, _, _ = newScripted(t, Config{}, raw(200, "application/json", `{"data":`+contact+`}`, "X-Request-Id", "req_g"))
	got, err := c.GetContact(context.Background(), "ctc_2")
	if ce := new(ContractError); !errors.As(err, &ce) || ce.Where != "/data/id" || !strings.Contains(ce.Problem, "another contact than the ctc_2 asked for") || got.ID != "" {
		t.Fatalf("got %+v, %v", got, err)
	}

	for body, where := range map[string]string{`{}`: "/data", `{"data":{}}`: "/data/organization", `{"data":null}`: "/data"} {
		c, _, _ = newScripted(t, Config{}, raw(200, "application/json", body))
		if me, err := c.GetMe(context.Background()); !errors.As(err, new(*ContractError)) || !strings.Contains(err.Error(), where) || me.Organization.ID != "" {
			t.Errorf("/me %s: got %+v, %v", body, me, err)
		}
	}
}

func TestUnrecognizedValuesAreKeptAndCounted(t *testing.T) {
	c, _, _ := newScripted(t, Config{}, raw(200, "application/json", pageJSON(false, "",
		conversationJSON("cnv_1", map[string]any{"status": "snoozed"}), conversationJSON("cnv_2", map[string]any{"status": "snoozed"}),
		conversationJSON("cnv_3", nil))))
	got, err := c.ListConversations(context.Background(), ListConversationsOptions{})
	if err != nil || len(got.Items) != 3 || got.Items[0].Status != "snoozed" {
		t.Fatalf("got %v, %v", got.Items, err)
	}
	if values := got.UnrecognizedValues(); len(values) != 1 || values[0] != `conversation status "snoozed"` || got.Unrecognized[values[0]] != 2 {
		t.Fatalf("got %v", got.Unrecognized)
	}
}

func TestEndlessEmptyPagesEndTheDrain(t *testing.T) {
	var n atomic.Int64
	c, s, _ := newScripted(t, Config{}, func(w http.ResponseWriter, r *http.Request) {
		raw(200, "application/json", pageJSON(true, "c"+string(rune('a'+n.Add(1)))), "X-Request-Id", "req_empty")(w, r)
	})
	_, err := c.ListConversations(context.Background(), ListConversationsOptions{})
	var pe *PaginationError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "4 pages in a row brought no new row while has_more stayed true") ||
		pe.RequestID != "req_empty" || len(s.requests()) != 4 {
		t.Fatalf("got %v after %d requests", err, len(s.requests()))
	}
}

func TestRedirectsAreNeverFollowed(t *testing.T) {
	var elsewhere atomic.Int64
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		if strings.Contains(r.Header.Get("Authorization"), testKey) {
			t.Error("the key reached the redirect's target")
		}
	}))
	defer other.Close()
	for _, status := range []int{301, 302, 303, 307, 308} {
		c, s, _ := newScripted(t, Config{}, raw(status, "text/plain", "moved",
			"Location", other.URL+"/v1/conversations?key="+testKey, "X-Request-Id", "req_moved"))
		_, err := c.ListConversations(context.Background(), ListConversationsOptions{})
		var re *RedirectError
		if !errors.As(err, &re) || re.Status != status || re.Target != other.URL || re.RequestID != "req_moved" {
			t.Fatalf("%d: got %v", status, err)
		}
		if strings.Contains(err.Error(), testKey) || strings.Contains(err.Error(), "/v1/conversations?") {
			t.Errorf("%d: the redirect's path or query reached the message: %v", status, err)
		}
		if len(s.requests()) != 1 {
			t.Errorf("%d: %d requests, want 1 (a redirect is not retried)", status, len(s.requests()))
		}
	}
	if elsewhere.Load() != 0 {
		t.Fatalf("the redirect was followed %d times", elsewhere.Load())
	}

	// An https API redirected to plain http on the same host: still not followed.
	tlsAPI := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://"+r.Host+"/v1/conversations", http.StatusFound)
	}))
	defer tlsAPI.Close()
	c, err := New(Config{APIKey: testKey, BaseURL: tlsAPI.URL + "/v1", HTTPClient: tlsAPI.Client()})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ListConversations(context.Background(), ListConversationsOptions{})
	var re *RedirectError
	if !errors.As(err, &re) || !strings.HasPrefix(re.Target, "http://127.0.0.1:") {
		t.Fatalf("got %v", err)
	}
}

func at(ts string) map[string]any { return map[string]any{"last_message_at": ts} }

func TestLastMessageAfterStopsAtTheFirstConversationOutsideTheWindow(t *testing.T) {
	after := mustTimestamp(t, "2026-11-20T00:00:00Z")
	c, s, _ := newScripted(t, Config{PageSize: 2},
		raw(200, "application/json", pageJSON(true, "c2", conversationJSON("cnv_1", at("2026-11-25T00:00:00Z")), conversationJSON("cnv_2", at("2026-11-22T00:00:00.5Z")))),
		raw(200, "application/json", pageJSON(true, "c3", conversationJSON("cnv_3", at("2026-11-20T00:00:00.001Z")), conversationJSON("cnv_4", at("2026-11-20T00:00:00Z")))),
		raw(200, "application/json", pageJSON(false, "", conversationJSON("cnv_5", at("2026-11-01T00:00:00Z")))))
	got, err := c.ListConversations(context.Background(), ListConversationsOptions{LastMessageAfter: after})
	if err != nil || strings.Join(ids(got.Items), ",") != "cnv_1,cnv_2,cnv_3" || got.Truncated || len(s.requests()) != 2 {
		t.Fatalf("got %v truncated=%v after %d requests: %v", ids(got.Items), got.Truncated, len(s.requests()), err)
	}

	// Conversations without messages come last, and are never in the window.
	c, s, _ = newScripted(t, Config{},
		raw(200, "application/json", pageJSON(true, "c2", conversationJSON("cnv_1", at("2026-11-25T00:00:00Z")),
			conversationJSON("cnv_2", map[string]any{"last_message_at": json.RawMessage("null")}))))
	got, err = c.ListConversations(context.Background(), ListConversationsOptions{LastMessageAfter: after})
	if err != nil || len(got.Items) != 1 || len(s.requests()) != 1 {
		t.Fatalf("got %v after %d requests: %v", ids(got.Items), len(s.requests()), err)
	}

	// The window relies on the order: a row out of it is an error, not a gap.
	refusedWith(t, pageJSON(false, "", conversationJSON("cnv_1", at("2026-11-21T00:00:00Z")), conversationJSON("cnv_2", at("2026-11-25T00:00:00Z"))),
		ListConversationsOptions{LastMessageAfter: after}, "/data/1", "later than the 2026-11-21T00:00:00Z of conversation cnv_1 before it")
}

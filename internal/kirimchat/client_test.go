package kirimchat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/acctest"
)

const testKey = "kdv_live_AAAAbbbbCCCCddddEEEEffff"

// script answers the n-th request with the n-th step; the last step repeats.
type script struct {
	t     *testing.T
	mu    sync.Mutex
	steps []http.HandlerFunc
	seen  []*http.Request
}

func (s *script) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	n := len(s.seen)
	s.seen = append(s.seen, r.Clone(context.Background()))
	step := s.steps[min(n, len(s.steps)-1)]
	s.mu.Unlock()
	step(w, r)
}

func (s *script) requests() []*http.Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*http.Request(nil), s.seen...)
}

// waits records the waits the client decided on, without sleeping them.
type waits struct {
	mu sync.Mutex
	d  []time.Duration
}

func (w *waits) record(d time.Duration) time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.d = append(w.d, d)
	return 0
}

func newScripted(t *testing.T, cfg Config, steps ...http.HandlerFunc) (*Client, *script, *waits) {
	t.Helper()
	s := &script{t: t, steps: steps}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	cfg.BaseURL = srv.URL + "/v1"
	if cfg.APIKey == "" {
		cfg.APIKey = testKey
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	w := &waits{}
	c.sleepFor = w.record
	return c, s, w
}

// conversationJSON is a conversation with every documented field, as the
// API sends it, with changes applied (a nil value removes the field).
var conversationJSON = acctest.ConversationJSON

func page(ids []string, next string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		data := make([]json.RawMessage, len(ids))
		for i, id := range ids {
			data[i] = json.RawMessage(conversationJSON(id, nil))
		}
		var cursor any
		if next != "" {
			cursor = next
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "req_page")
		_ = json.NewEncoder(w).Encode(map[string]any{"data": data, "has_more": next != "", "next_cursor": cursor, "request_id": "req_page"})
	}
}

func raw(status int, contentType, body string, headers ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
}

func envelope(status int, typ, code, message, requestID string, headers ...string) http.HandlerFunc {
	body, _ := json.Marshal(map[string]any{"error": map[string]any{"type": typ, "code": code, "message": message, "request_id": requestID}})
	return raw(status, "application/json", string(body), append(headers, "X-Request-Id", requestID)...)
}

func ids(cs []Conversation) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

func TestListDrainsEveryPageAndSendsCursorFiltersAndHeaders(t *testing.T) {
	cursor1, cursor2 := "a+b/c==", "x/y+z="
	c, s, _ := newScripted(t, Config{PageSize: 2, UserAgent: "test-agent/1"},
		page([]string{"cnv_1", "cnv_2"}, cursor1),
		page([]string{"cnv_3", "cnv_4"}, cursor2),
		page([]string{"cnv_5"}, ""),
	)
	got, err := c.ListConversations(context.Background(), ListConversationsOptions{Status: "open", ContactID: acctest.ContactID})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(ids(got.Items), ",") != "cnv_1,cnv_2,cnv_3,cnv_4,cnv_5" || got.Pages != 3 || got.Truncated {
		t.Fatalf("unexpected result: %v pages=%d truncated=%v", ids(got.Items), got.Pages, got.Truncated)
	}
	reqs := s.requests()
	wantCursors := []string{"", cursor1, cursor2}
	for i, r := range reqs {
		q := r.URL.Query()
		if r.URL.Path != "/v1/conversations" || q.Get("status") != "open" || q.Get("contact_id") != acctest.ContactID || q.Get("limit") != "2" {
			t.Errorf("request %d: unexpected URL %s", i, r.URL)
		}
		if q.Get("cursor") != wantCursors[i] {
			t.Errorf("request %d: cursor %q, want %q", i, q.Get("cursor"), wantCursors[i])
		}
		if r.Header.Get("Authorization") != "Bearer "+testKey || r.Header.Get("User-Agent") != "test-agent/1" {
			t.Errorf("request %d: headers %v", i, r.Header)
		}
	}
	if !strings.Contains(reqs[1].URL.RawQuery, "cursor="+url.QueryEscape(cursor1)) {
		t.Errorf("cursor not percent-encoded: %s", reqs[1].URL.RawQuery)
	}
}

func TestEmptyFiltersAreNotSent(t *testing.T) {
	c, s, _ := newScripted(t, Config{}, page(nil, ""))
	got, err := c.ListConversations(context.Background(), ListConversationsOptions{})
	if err != nil || len(got.Items) != 0 {
		t.Fatalf("got %v, %v", got, err)
	}
	if q := s.requests()[0].URL.Query(); q.Has("status") || q.Has("contact_id") || q.Get("limit") != "100" {
		t.Errorf("unexpected query %v", q)
	}
}

func TestRepeatedCursorEndsTheDrain(t *testing.T) {
	c, s, _ := newScripted(t, Config{},
		page([]string{"cnv_1"}, "same"),
		page([]string{"cnv_2"}, "same"),
		page([]string{"cnv_3"}, "other"),
	)
	_, err := c.ListConversations(context.Background(), ListConversationsOptions{})
	var pe *PaginationError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "repeats a cursor") {
		t.Fatalf("want a repeated-cursor PaginationError, got %v", err)
	}
	if n := len(s.requests()); n != 2 {
		t.Errorf("sent %d requests, want 2", n)
	}
}

func TestHasMoreWithoutCursorEndsTheDrain(t *testing.T) {
	c, _, _ := newScripted(t, Config{},
		raw(200, "application/json", `{"data":[`+conversationJSON("cnv_1", nil)+`],"has_more":true,"next_cursor":null,"request_id":"req_x"}`, "X-Request-Id", "req_x"))
	_, err := c.ListConversations(context.Background(), ListConversationsOptions{})
	var pe *PaginationError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "next_cursor is empty") || !strings.Contains(err.Error(), "req_x") {
		t.Fatalf("want a missing-cursor PaginationError, got %v", err)
	}
}

func TestAbsurdPageCountEndsTheDrain(t *testing.T) {
	n := 0
	c, s, _ := newScripted(t, Config{MaxPages: 5}, func(w http.ResponseWriter, r *http.Request) {
		n++
		page([]string{fmt.Sprintf("cnv_%d", n)}, fmt.Sprintf("c%d", n))(w, r)
	})
	_, err := c.ListConversations(context.Background(), ListConversationsOptions{})
	var pe *PaginationError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "more than 5 pages") {
		t.Fatalf("want a page-count PaginationError, got %v", err)
	}
	if len(s.requests()) != 5 {
		t.Errorf("sent %d requests, want 5", len(s.requests()))
	}
}

func TestDuplicatesAcrossPagesAreDroppedFirstWins(t *testing.T) {
	c, _, _ := newScripted(t, Config{},
		page([]string{"cnv_1", "cnv_2"}, "c1"),
		page([]string{"cnv_2", "cnv_3", "cnv_1"}, ""),
	)
	got, err := c.ListConversations(context.Background(), ListConversationsOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(ids(got.Items), ",") != "cnv_1,cnv_2,cnv_3" || got.DuplicatesDropped != 2 {
		t.Fatalf("got %v with %d duplicates dropped", ids(got.Items), got.DuplicatesDropped)
	}
}

func TestAnItemWithoutIDIsAnError(t *testing.T) {
	c, _, _ := newScripted(t, Config{}, raw(200, "application/json", `{"data":[{"id":null}],"has_more":false,"next_cursor":null}`))
	if _, err := c.ListConversations(context.Background(), ListConversationsOptions{}); err == nil || !strings.Contains(err.Error(), "/data/0/id is null, not a string") {
		t.Fatalf("want an error about a missing id, got %v", err)
	}
}

func TestContextIsHonouredBetweenPages(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	c, s, _ := newScripted(t, Config{},
		func(w http.ResponseWriter, r *http.Request) { cancel(); page([]string{"cnv_1"}, "c1")(w, r) },
		page([]string{"cnv_2"}, ""),
	)
	_, err := c.ListConversations(ctx, ListConversationsOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("want context.Canceled, got %v", err)
	}
	if len(s.requests()) != 1 {
		t.Errorf("sent %d requests after cancellation, want 1", len(s.requests()))
	}
}

func TestMaxResultsAsksForNoMoreRowsThanNeededAndReportsTruncation(t *testing.T) {
	c, s, _ := newScripted(t, Config{PageSize: 3},
		page([]string{"cnv_1", "cnv_2", "cnv_3"}, "c1"),
		page([]string{"cnv_4", "cnv_5"}, "c2"),
	)
	got, err := c.ListConversations(context.Background(), ListConversationsOptions{MaxResults: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Items) != 5 || !got.Truncated {
		t.Fatalf("got %v truncated=%v, want 5 items truncated", ids(got.Items), got.Truncated)
	}
	reqs := s.requests()
	if len(reqs) != 2 || reqs[0].URL.Query().Get("limit") != "3" || reqs[1].URL.Query().Get("limit") != "2" {
		t.Fatalf("unexpected requests: %d, limits %v", len(reqs), reqs)
	}
}

func TestMaxResultsAtTheExactEndIsNotTruncated(t *testing.T) {
	c, _, _ := newScripted(t, Config{PageSize: 3},
		page([]string{"cnv_1", "cnv_2", "cnv_3"}, "c1"),
		page([]string{"cnv_4"}, ""),
	)
	got, err := c.ListConversations(context.Background(), ListConversationsOptions{MaxResults: 4})
	if err != nil || len(got.Items) != 4 || got.Truncated {
		t.Fatalf("got %v truncated=%v err=%v", ids(got.Items), got.Truncated, err)
	}
}

func TestAPageWithMoreRowsThanAskedForIsAnError(t *testing.T) {
	c, _, _ := newScripted(t, Config{PageSize: 3}, page([]string{"cnv_1", "cnv_2", "cnv_3"}, ""))
	got, err := c.ListConversations(context.Background(), ListConversationsOptions{MaxResults: 2})
	var ce *ContractError
	if !errors.As(err, &ce) || ce.Where != "/data" || ce.Problem != "holds more than the 2 rows asked for" || len(got.Items) != 0 {
		t.Fatalf("got %v, %v", ids(got.Items), err)
	}
}

func TestNullableFieldsUnknownFieldsAndTimestampsDecodeFaithfully(t *testing.T) {
	body := `{"data":[
	 {"id":"cnv_1","object":"conversation","status":"open","contact":null,"whatsapp_account":null,"assignee":null,
	  "unread_count":9007199254740993,"last_message_at":null,"last_inbound_at":"2026-03-04T05:06:07.120Z",
	  "created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00.000Z","brand_new_field":{"x":[1,2]}},
	 {"id":"cnv_2","object":"conversation","status":"open","contact":{"id":"ctc_1","phone_number":null,"name":"José 王"},"whatsapp_account":{"phone_number":null},
	  "assignee":{"id":"usr_1","name":null,"email":null},"unread_count":0,"last_message_at":null,"last_inbound_at":null,"created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}
	],"has_more":false,"next_cursor":null,"request_id":"req_1","extra":true}`
	c, _, _ := newScripted(t, Config{}, raw(200, "application/json", body))
	got, err := c.ListConversations(context.Background(), ListConversationsOptions{})
	if err != nil {
		t.Fatal(err)
	}
	a, b := got.Items[0], got.Items[1]
	if a.Contact != nil || a.Assignee != nil || a.WhatsAppAccount != nil || a.LastMessageAt != nil {
		t.Errorf("nulls not kept: %+v", a)
	}
	if a.UnreadCount != 9007199254740993 || *a.LastInboundAt != "2026-03-04T05:06:07.120Z" || a.UpdatedAt != "2026-01-01T00:00:00.000Z" {
		t.Errorf("values not faithful: %+v", a)
	}
	if *b.Contact.Name != "José 王" || b.Contact.PhoneNumber != nil || b.Assignee.ID != "usr_1" || b.Assignee.Email != nil {
		t.Errorf("nested values not faithful: %+v %+v", b.Contact, b.Assignee)
	}
}

func TestMalformedJSONOnSuccessIsAContractError(t *testing.T) {
	for _, body := range []string{`{"data":[{"id":"cnv_1"`, `<html>ok</html>`, `{"data":[{"id":"cnv_1","unread_count":1e400}]}`, `{"data":[{"id":"cnv_1","unread_count":99999999999999999999}]}`} {
		c, s, _ := newScripted(t, Config{}, raw(200, "application/json", body, "X-Request-Id", "req_bad"))
		_, err := c.ListConversations(context.Background(), ListConversationsOptions{})
		var de *ContractError
		if !errors.As(err, &de) || de.RequestID != "req_bad" {
			t.Errorf("body %q: want ContractError with request id, got %v", body, err)
		}
		if len(s.requests()) != 1 {
			t.Errorf("body %q: a decode error must not be retried", body)
		}
	}
}

func TestAPIErrorsCarryTheEnvelopeAndAreNotRetried(t *testing.T) {
	for _, tc := range []struct {
		status          int
		typ, code, want string
	}{
		{400, "invalid_request_error", "invalid_cursor", "invalid_cursor"},
		{401, "authentication_error", "expired_api_key", "expired_api_key"},
		{403, "permission_error", "plan_limit", "plan_limit"},
		{404, "not_found", "resource_not_found", "resource_not_found"},
	} {
		c, s, _ := newScripted(t, Config{}, envelope(tc.status, tc.typ, tc.code, "nope", "req_42"), page(nil, ""))
		_, err := c.ListConversations(context.Background(), ListConversationsOptions{})
		var apiErr *APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("%d: want APIError, got %v", tc.status, err)
		}
		if apiErr.StatusCode != tc.status || apiErr.Code != tc.want || apiErr.Type != tc.typ || apiErr.RequestID != "req_42" || apiErr.Message != "nope" {
			t.Errorf("%d: unexpected %+v", tc.status, apiErr)
		}
		if n := len(s.requests()); n != 1 {
			t.Errorf("%d: sent %d requests, want exactly 1", tc.status, n)
		}
	}
}

func TestNonJSONErrorBodyTakesTheRequestIDFromTheHeader(t *testing.T) {
	c, s, _ := newScripted(t, Config{MaxRetries: 2},
		raw(502, "text/html", "<html><body>Bad Gateway</body></html>", "X-Request-Id", "req_proxy"))
	_, err := c.ListConversations(context.Background(), ListConversationsOptions{})
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("want APIError, got %v", err)
	}
	if apiErr.StatusCode != 502 || apiErr.RequestID != "req_proxy" || !strings.Contains(apiErr.Message, "text/html") || apiErr.Attempts != 3 {
		t.Errorf("unexpected %+v", apiErr)
	}
	if len(s.requests()) != 3 {
		t.Errorf("sent %d requests, want 3 (1 + 2 retries)", len(s.requests()))
	}
}

func TestRateLimitedRequestWaitsRetryAfterThenSucceeds(t *testing.T) {
	c, s, w := newScripted(t, Config{},
		envelope(429, "rate_limit_error", "rate_limit_exceeded", "slow down", "req_1", "Retry-After", "2"),
		envelope(429, "rate_limit_error", "rate_limit_exceeded", "slow down", "req_2", "Retry-After", "1"),
		page([]string{"cnv_1"}, ""),
	)
	got, err := c.ListConversations(context.Background(), ListConversationsOptions{})
	if err != nil || len(got.Items) != 1 {
		t.Fatalf("got %v, %v", got, err)
	}
	if len(s.requests()) != 3 || len(w.d) != 2 {
		t.Fatalf("requests %d, waits %v", len(s.requests()), w.d)
	}
	if w.d[0] < 2*time.Second || w.d[0] > 3*time.Second || w.d[1] < time.Second || w.d[1] > 1500*time.Millisecond {
		t.Errorf("waits %v outside Retry-After × [1, 1.5]", w.d)
	}
}

func TestRetryAfterBeyondTheCapFailsWithoutWaiting(t *testing.T) {
	c, s, w := newScripted(t, Config{MaxRetryWait: 30 * time.Second},
		envelope(429, "rate_limit_error", "rate_limit_exceeded", "slow down", "req_9", "Retry-After", "120"))
	_, err := c.ListConversations(context.Background(), ListConversationsOptions{})
	var tooLong *RetryWaitTooLongError
	if !errors.As(err, &tooLong) || tooLong.Asked != 120*time.Second || tooLong.RequestID != "req_9" {
		t.Fatalf("want RetryWaitTooLongError, got %v", err)
	}
	if !strings.Contains(err.Error(), "2m0s") || !strings.Contains(err.Error(), "30s") {
		t.Errorf("message must give the wait asked and the cap: %v", err)
	}
	if len(s.requests()) != 1 || len(w.d) != 0 {
		t.Errorf("requests %d, waits %v: want 1 request and no wait", len(s.requests()), w.d)
	}
}

func TestServerErrorsAreRetriedUntilTheBudgetRunsOut(t *testing.T) {
	c, s, w := newScripted(t, Config{MaxRetries: 4},
		envelope(500, "api_error", "internal_error", "boom", "req_500"))
	_, err := c.ListConversations(context.Background(), ListConversationsOptions{})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "internal_error" || apiErr.RequestID != "req_500" || apiErr.Attempts != 5 {
		t.Fatalf("want APIError after 5 attempts, got %v", err)
	}
	if len(s.requests()) != 5 || len(w.d) != 4 {
		t.Errorf("requests %d, waits %v", len(s.requests()), w.d)
	}
	for i := 1; i < len(w.d); i++ {
		if w.d[i] < w.d[i-1]/2 {
			t.Errorf("backoff shrank: %v", w.d)
		}
	}
}

func TestZeroRetriesMeansOneAttempt(t *testing.T) {
	c, s, _ := newScripted(t, Config{MaxRetries: NoRetries}, envelope(503, "api_error", "unavailable", "x", "req_1"), page(nil, ""))
	if _, err := c.ListConversations(context.Background(), ListConversationsOptions{}); err == nil {
		t.Fatal("want an error")
	}
	if len(s.requests()) != 1 {
		t.Errorf("sent %d requests, want 1", len(s.requests()))
	}
}

func TestProxyErrorsAndDroppedConnectionsAreRetried(t *testing.T) {
	hangUp := func(w http.ResponseWriter, _ *http.Request) {
		conn, _, _ := w.(http.Hijacker).Hijack()
		_ = conn.Close()
	}
	midBody := func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Length", "500")
		w.WriteHeader(200)
		_, _ = w.Write([]byte(`{"data":[{"id":"cnv_1"`))
		w.(http.Flusher).Flush()
		conn, _, _ := w.(http.Hijacker).Hijack()
		_ = conn.Close()
	}
	c, s, w := newScripted(t, Config{MaxRetries: 5},
		raw(503, "text/html", "<h1>503</h1>"),
		raw(502, "text/html", "<h1>502</h1>"),
		raw(504, "text/html", "<h1>504</h1>"),
		hangUp,
		midBody,
		page([]string{"cnv_1", "cnv_2"}, ""),
	)
	got, err := c.ListConversations(context.Background(), ListConversationsOptions{})
	if err != nil || len(got.Items) != 2 {
		t.Fatalf("got %v, %v", got, err)
	}
	// Go's transport may itself resend a GET whose reused connection was
	// closed before any answer, so the hang-up costs a wait or not.
	if len(s.requests()) != 6 || len(w.d) < 4 {
		t.Errorf("requests %d, waits %v", len(s.requests()), w.d)
	}
}

func TestPerRequestTimeoutIsRetriedThenNamed(t *testing.T) {
	c, s, _ := newScripted(t, Config{MaxRetries: 1, RequestTimeout: 50 * time.Millisecond},
		func(_ http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(2 * time.Second):
			}
		})
	_, err := c.ListConversations(context.Background(), ListConversationsOptions{})
	var reqErr *RequestError
	if !errors.As(err, &reqErr) || !reqErr.TimedOut() || reqErr.Attempts != 2 {
		t.Fatalf("want a timed-out RequestError after 2 attempts, got %v", err)
	}
	if !strings.Contains(err.Error(), "per-request timeout of 50ms") {
		t.Errorf("message must name the timeout: %v", err)
	}
	if len(s.requests()) != 2 {
		t.Errorf("sent %d requests, want 2", len(s.requests()))
	}
}

func TestOversizedBodyIsRefused(t *testing.T) {
	huge := `{"data":[],"pad":"` + strings.Repeat("x", maxBodyBytes) + `"}`
	c, s, _ := newScripted(t, Config{}, raw(200, "application/json", huge))
	_, err := c.ListConversations(context.Background(), ListConversationsOptions{})
	if !errors.Is(err, ErrBodyTooLarge) {
		t.Fatalf("want ErrBodyTooLarge, got %v", err)
	}
	if len(s.requests()) != 1 {
		t.Errorf("an oversized body must not be retried")
	}
}

func TestTheKeyNeverAppearsInErrors(t *testing.T) {
	echo := func(status int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			auth := r.Header.Get("Authorization")
			envelope(status, "authentication_error", "invalid_api_key "+auth, "key "+auth+" is wrong", "req_"+auth)(w, r)
		}
	}
	for _, status := range []int{401, 500} {
		c, _, _ := newScripted(t, Config{MaxRetries: 1}, echo(status))
		_, err := c.ListConversations(context.Background(), ListConversationsOptions{})
		if err == nil {
			t.Fatal("want an error")
		}
		if strings.Contains(err.Error(), testKey) || strings.Contains(fmt.Sprintf("%+v %#v", err, err), testKey) {
			t.Errorf("%d: key leaked: %v", status, err)
		}
		if !strings.Contains(err.Error(), "[REDACTED]") {
			t.Errorf("%d: want a redaction marker: %v", status, err)
		}
	}
}

func TestEachAttemptIsReportedToTheLogHook(t *testing.T) {
	var mu sync.Mutex
	var logs []RequestLog
	hook := func(_ context.Context, l RequestLog) {
		mu.Lock()
		defer mu.Unlock()
		logs = append(logs, l)
	}
	c, _, _ := newScripted(t, Config{LogRequest: hook},
		envelope(503, "api_error", "unavailable", "x", "req_a"),
		page([]string{"cnv_1"}, "c1"),
		page([]string{"cnv_2"}, ""),
	)
	if _, err := c.ListConversations(context.Background(), ListConversationsOptions{Status: "open"}); err != nil {
		t.Fatal(err)
	}
	want := []struct {
		attempt, status int
		requestID       string
	}{{1, 503, "req_a"}, {2, 200, "req_page"}, {1, 200, "req_page"}}
	if len(logs) != len(want) {
		t.Fatalf("got %d log entries, want %d", len(logs), len(want))
	}
	for i, w := range want {
		l := logs[i]
		if l.Attempt != w.attempt || l.Status != w.status || l.RequestID != w.requestID || l.Method != "GET" || l.Path != "/v1/conversations" || !strings.Contains(l.Query, "status=open") {
			t.Errorf("entry %d: %+v", i, l)
		}
	}
}

func TestParseBaseURL(t *testing.T) {
	for raw, want := range map[string]string{
		"https://api-kckit.kirim.chat/v1":  "https://api-kckit.kirim.chat/v1",
		"https://api-kckit.kirim.chat/v1/": "https://api-kckit.kirim.chat/v1",
		"http://127.0.0.1:8080/v1/":        "http://127.0.0.1:8080/v1",
		"http://localhost:1234":            "http://localhost:1234",
		"http://[::1]:9/v1":                "http://[::1]:9/v1",
		" https://example.com/v1 ":         "https://example.com/v1",
	} {
		u, err := ParseBaseURL(raw)
		if err != nil || u.String() != want {
			t.Errorf("%q: got %v, %v; want %s", raw, u, err, want)
		}
	}
	for raw, wantMsg := range map[string]string{
		"api-kckit.kirim.chat/v1":     "absolute",
		"http://api-kckit.kirim.chat": "loopback",
		"http://10.0.0.1/v1":          "loopback",
		"ftp://example.com":           "https",
		"https://u:p@example.com":     "user information",
		"https://example.com/v1?x=1":  "query",
		"://":                         "parse",
		"":                            "absolute",
	} {
		if _, err := ParseBaseURL(raw); err == nil || !strings.Contains(err.Error(), wantMsg) {
			t.Errorf("%q: got %v, want an error mentioning %q", raw, err, wantMsg)
		}
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	for name, cfg := range map[string]Config{
		"no key":         {},
		"blank key":      {APIKey: "  "},
		"page size 0":    {APIKey: "k", PageSize: -1},
		"page size 101":  {APIKey: "k", PageSize: 101},
		"negative retry": {APIKey: "k", MaxRetries: -2},
		"plain http":     {APIKey: "k", BaseURL: "http://example.com"},
	} {
		if _, err := New(cfg); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
}

func TestContextIsHonouredDuringARetryWait(t *testing.T) {
	c, s, _ := newScripted(t, Config{},
		envelope(429, "rate_limit_error", "rate_limit_exceeded", "slow down", "req_1", "Retry-After", "20"),
		page([]string{"cnv_1"}, ""),
	)
	c.sleepFor = func(d time.Duration) time.Duration { return d } // really wait
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	began := time.Now()
	_, err := c.ListConversations(ctx, ListConversationsOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("want context.Canceled, got %v", err)
	}
	if waited := time.Since(began); waited > 2*time.Second {
		t.Errorf("cancellation took %s; it must interrupt the wait", waited)
	}
	if len(s.requests()) != 1 {
		t.Errorf("sent %d requests, want 1", len(s.requests()))
	}
}

func TestEachPageStreamsNewItemsWithoutCollectingThem(t *testing.T) {
	c, s, _ := newScripted(t, Config{PageSize: 2},
		page([]string{"cnv_1", "cnv_2"}, "c1"),
		page([]string{"cnv_2", "cnv_3"}, "c2"),
		page([]string{"cnv_4"}, ""),
	)
	var pages [][]string
	got, err := c.ListConversations(context.Background(), ListConversationsOptions{EachPage: func(items []Conversation) error {
		pages = append(pages, ids(items))
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(pages) != "[[cnv_1 cnv_2] [cnv_3] [cnv_4]]" || got.Items != nil || got.Count != 4 || got.DuplicatesDropped != 1 {
		t.Fatalf("pages %v, result %+v", pages, got)
	}
	if len(s.requests()) != 3 {
		t.Errorf("sent %d requests", len(s.requests()))
	}
}

func TestEachPageErrorStopsTheDrain(t *testing.T) {
	c, s, _ := newScripted(t, Config{}, page([]string{"cnv_1"}, "c1"), page([]string{"cnv_2"}, ""))
	stop := errors.New("stop")
	_, err := c.ListConversations(context.Background(), ListConversationsOptions{EachPage: func([]Conversation) error { return stop }})
	if !errors.Is(err, stop) || len(s.requests()) != 1 {
		t.Fatalf("want the callback's error after one request, got %v after %d", err, len(s.requests()))
	}
}

// TestWaitingForTheThrottleIsNotTheRequestsTime: a pace of 120 a minute
// holds the second page back half a second, five times the per-request
// timeout; that wait is the throttle's, and the read succeeds.
func TestWaitingForTheThrottleIsNotTheRequestsTime(t *testing.T) {
	var logs []RequestLog
	c, _, _ := newScripted(t, Config{RequestTimeout: 100 * time.Millisecond, RequestsPerMinute: 120, MaxRetries: NoRetries,
		LogRequest: func(_ context.Context, l RequestLog) { logs = append(logs, l) }},
		page([]string{"cnv_1"}, "c1"), page([]string{"cnv_2"}, ""))
	got, err := c.ListConversations(context.Background(), ListConversationsOptions{})
	if err != nil || len(got.Items) != 2 {
		t.Fatalf("a throttle wait longer than the timeout must not fail the read: %v", err)
	}
	if len(logs) != 2 || logs[1].Throttled < 300*time.Millisecond || logs[1].Duration > 100*time.Millisecond {
		t.Fatalf("want the second attempt throttled, not timed: %+v", logs)
	}
}

// TestABodyCutShortIsLoggedAsAFailedAttempt: the log hook hears of an
// attempt once its body is read, and a body cut off mid-read is a failure
// there, not a 200 that went well.
func TestABodyCutShortIsLoggedAsAFailedAttempt(t *testing.T) {
	var logs []RequestLog
	c, _, _ := newScripted(t, Config{MaxRetries: 1, LogRequest: func(_ context.Context, l RequestLog) { logs = append(logs, l) }},
		func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Length", "1000")
			w.WriteHeader(200)
			_, _ = w.Write([]byte(`{"data":[`))
		},
		page([]string{"cnv_1"}, ""))
	if _, err := c.ListConversations(context.Background(), ListConversationsOptions{}); err != nil {
		t.Fatal(err)
	}
	if len(logs) != 2 || logs[0].Status != 200 || logs[0].Err == nil || logs[1].Err != nil {
		t.Fatalf("want a failed first attempt and a good second, got %+v", logs)
	}
}

// TestOnlyTheAPIsOwnNotFoundIsNotFound: a 404 page from a proxy, or the
// API's route_not_found for a wrong base URL, is no answer about a contact.
func TestOnlyTheAPIsOwnNotFoundIsNotFound(t *testing.T) {
	for name, tc := range map[string]struct {
		answer   http.HandlerFunc
		notFound bool
	}{
		"the API's":  {envelope(404, "not_found", "resource_not_found", "No such contact.", "req_nf"), true},
		"a proxy's":  {raw(404, "text/html", "<h1>Not Found</h1>"), false},
		"wrong path": {envelope(404, "not_found", "route_not_found", "Unknown path.", "req_rt"), false},
	} {
		c, _, _ := newScripted(t, Config{}, tc.answer)
		_, err := c.GetContact(context.Background(), "ctc_1")
		if err == nil || IsNotFound(err) != tc.notFound {
			t.Errorf("%s: IsNotFound(%v) = %v, want %v", name, err, IsNotFound(err), tc.notFound)
		}
	}
}

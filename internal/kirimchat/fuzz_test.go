package kirimchat

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

// The seed corpora below run with every `go test`; `go test -fuzz=Fuzz… ` runs
// a target for as long as asked, and a crasher it finds lands in testdata/fuzz
// where it stays as a regression case.

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func cannedAnswer(status int, body []byte) *http.Response {
	return &http.Response{StatusCode: status, Header: http.Header{"X-Request-Id": {"req_fuzz"}},
		Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body))}
}

// inMemoryClient answers every request with respond, without a network.
func inMemoryClient(t testing.TB, respond func(*http.Request) *http.Response) *Client {
	c, err := New(Config{APIKey: testKey, BaseURL: "https://api.invalid/v1", MaxRetries: NoRetries, MaxPages: 50,
		HTTPClient: &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) { return respond(r), nil })}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func FuzzDecodeListPage(f *testing.F) {
	for _, seed := range []string{
		`{"data":[{"id":"cnv_1","object":"conversation","status":"open","contact":null,"assignee":{"id":"usr_1","name":null,"email":null},"unread_count":3,"last_message_at":"2026-01-01T00:00:00.123Z","created_at":"x","updated_at":"y"}],"has_more":false,"next_cursor":null,"request_id":"req_1"}`,
		`{"data":[{"id":"cnv_1"},{"id":"cnv_1"}],"has_more":false}`,
		`{"data":[{"id":"cnv_1"}],"has_more":true,"next_cursor":null}`,
		`{"data":null,"has_more":false}`,
		`{"data":[{"id":"cnv_1","unread_count":1e999}]}`,
		`{"data":[{"id":"cnv_1","unread_count":-9223372036854775809}]}`,
		`{"data":[{"id":"cnv_1","contact":{"name":"\xff\xfe"}}]}`,
		`{"data":[{"id":"cnv_1","extra":` + strings.Repeat("[", 11000) + strings.Repeat("]", 11000) + `}]}`,
		`{"data":[{"id":"cnv_1"`,
		`[]`, `null`, ``, `"text"`, `{"data":{}}`, `{"data":[1,2,3]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		c := inMemoryClient(t, func(r *http.Request) *http.Response {
			if r.URL.Query().Get("cursor") != "" {
				return cannedAnswer(200, []byte(`{"data":[],"has_more":false,"next_cursor":null}`))
			}
			return cannedAnswer(200, body)
		})
		result, err := c.ListConversations(context.Background(), ListConversationsOptions{})
		if err != nil {
			if err.Error() == "" || strings.Contains(err.Error(), testKey) {
				t.Fatalf("unclear or leaking error: %q", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, cv := range result.Items {
			if cv.ID == "" || seen[cv.ID] {
				t.Fatalf("an empty or repeated id came through: %q", cv.ID)
			}
			seen[cv.ID] = true
			for _, s := range []*string{&cv.ID, &cv.Status, cv.LastMessageAt, cv.LastInboundAt} {
				if s != nil && !utf8.ValidString(*s) {
					t.Fatalf("invalid UTF-8 came through: %q", *s)
				}
			}
		}
	})
}

func FuzzErrorEnvelope(f *testing.F) {
	for _, seed := range []struct {
		status int
		body   string
	}{
		{401, `{"error":{"type":"authentication_error","code":"invalid_api_key","message":"bad","request_id":"req_1"}}`},
		{400, `{"error":{"type":"invalid_request_error","code":"invalid_cursor","param":"cursor","message":"m","request_id":"req_2"}}`},
		{429, `{"error":null}`},
		{500, `<html><body>oops</body></html>`},
		{502, ``},
		{403, `{"error":{"message":"key ` + testKey + ` is not allowed"}}`},
		{404, `{"error":{"code":123,"message":["not","a","string"]}}`},
		{599, `{"error":{"message":"` + strings.Repeat("x", 1<<16) + `"}}`},
	} {
		f.Add(seed.status, []byte(seed.body))
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 400 || status > 599 {
			return
		}
		c := inMemoryClient(t, func(*http.Request) *http.Response { return cannedAnswer(status, body) })
		_, err := c.ListConversations(context.Background(), ListConversationsOptions{})
		var apiErr *APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("status %d: want an APIError, got %v", status, err)
		}
		if apiErr.StatusCode != status || apiErr.RequestID == "" || apiErr.Message == "" && apiErr.Code == "" {
			t.Fatalf("status %d: the error says nothing: %+v", status, apiErr)
		}
		if strings.Contains(err.Error(), testKey) {
			t.Fatalf("the key leaked: %v", err)
		}
	})
}

func FuzzCursorIsSentBackVerbatim(f *testing.F) {
	for _, seed := range []string{"abc", "a+b/c==", "x y", "%2B%2F%3D", "&limit=1&cursor=evil", "é\u0000\u2028", "\xff", "#frag?q"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, cursor string) {
		encoded, _ := json.Marshal(cursor)
		var received string // what a JSON decoder makes of it: invalid UTF-8 becomes U+FFFD
		_ = json.Unmarshal(encoded, &received)
		var sent []string
		c := inMemoryClient(t, func(r *http.Request) *http.Response {
			q := r.URL.Query()
			if q.Has("cursor") {
				sent = append(sent, q.Get("cursor"))
				if len(q["cursor"]) != 1 || len(q["limit"]) != 1 {
					t.Fatalf("the cursor smuggled parameters in: %s", r.URL.RawQuery)
				}
				return cannedAnswer(200, []byte(`{"data":[`+conversationJSON("cnv_2", nil)+`],"has_more":false,"next_cursor":null}`))
			}
			return cannedAnswer(200, []byte(`{"data":[`+conversationJSON("cnv_1", nil)+`],"has_more":true,"next_cursor":`+string(encoded)+`}`))
		})
		_, err := c.ListConversations(context.Background(), ListConversationsOptions{})
		if received == "" {
			if err == nil {
				t.Fatal("an empty next_cursor with has_more must be an error")
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(sent) != 1 || sent[0] != received {
			t.Fatalf("sent %q, want %q", sent, received)
		}
	})
}

func FuzzParseBaseURL(f *testing.F) {
	for _, seed := range []string{DefaultBaseURL, "http://127.0.0.1:8080/v1/", "http://localhost", "http://[::1]:1/", "http://10.0.0.1",
		"https://user:pw@host", "https://host/v1?x", "ftp://x", "", "://", "http://127.0.0.1.evil.com", "http://localhost.evil.com", "HTTPS://HOST/V1"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		u, err := ParseBaseURL(raw)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		switch {
		case u.Scheme != "https" && (u.Scheme != "http" || !isLoopback(u.Hostname())):
			t.Fatalf("accepted %q: plain http to a host that is not loopback", raw)
		case u.User != nil || u.RawQuery != "" || u.Host == "":
			t.Fatalf("accepted %q with credentials, a query or no host", raw)
		case strings.HasSuffix(u.Path, "/"):
			t.Fatalf("kept a trailing slash: %q", u.Path)
		}
	})
}

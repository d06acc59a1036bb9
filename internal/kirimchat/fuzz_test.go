package kirimchat

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/acctest"
)

// contractRecords are the contract's records, the fuzz oracles' field lists.
func contractRecords(tb testing.TB) map[string][]acctest.ContractField {
	tb.Helper()
	contract, err := acctest.ContractRecords()
	if err != nil {
		tb.Fatal(err)
	}
	return contract
}

// The seed corpora below run with every `go test`; `go test -fuzz=Fuzz… ` runs
// a target for as long as asked, and a crasher it finds lands in testdata/fuzz
// where it stays as a regression case.

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func cannedAnswer(status int, body []byte) *http.Response {
	return &http.Response{StatusCode: status, Header: http.Header{"X-Request-Id": {"req_fuzz"}, "Content-Type": {"application/json"}},
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
	full := conversationJSON("cnv_1", nil)
	for _, seed := range []string{
		pageJSON(false, "", full, conversationJSON("cnv_2", map[string]any{"assignee": map[string]any{"id": "usr_1", "name": nil, "email": "a@b.c"}})),
		pageJSON(true, "c2", full),
		pageJSON(false, "", full, full),
		pageJSON(false, "", conversationJSON("cnv_1", map[string]any{"status": nil})),
		pageJSON(false, "", conversationJSON("cnv_1", map[string]any{"unread_count": json.RawMessage("1e999")})),
		pageJSON(false, "", conversationJSON("cnv_1", map[string]any{"contact": map[string]any{"id": "ctc_1", "phone_number": nil, "name": "\xff\xfe"}})),
		`{"data":[` + full + `],"has_more":false,"next_cursor":null,"data":[]}`,
		`{"data":[` + strings.Replace(full, `"id":"cnv_1"`, `"id":"cnv_1","extra":`+strings.Repeat("[", 11000)+strings.Repeat("]", 11000), 1) + `],"has_more":false,"next_cursor":null}`,
		`{"data":[{"id":"cnv_1"}],"has_more":false,"next_cursor":null}`,
		`{"data":[` + full,
		`[]`, `null`, ``, `"text"`, `{"data":{}}`, `{"data":[1,2,3]}`, `{}`,
		`{"error":{"code":"x"}}`,
	} {
		f.Add([]byte(seed))
	}
	contract := contractRecords(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		c := inMemoryClient(t, func(r *http.Request) *http.Response {
			if r.URL.Query().Get("cursor") != "" {
				return cannedAnswer(200, []byte(pageJSON(false, "")))
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
		// An accepted page is the contract's, as encoding/json reads it too.
		var page struct {
			Data       []jsontext.Value `json:"data"`
			HasMore    *bool            `json:"has_more"`
			NextCursor json.RawMessage  `json:"next_cursor"`
		}
		if json.Unmarshal(body, &page) != nil || page.HasMore == nil || page.NextCursor == nil || len(page.Data) > DefaultPageSize {
			t.Fatalf("accepted a body that is not a list page: %s", body)
		}
		seen := map[string]bool{}
		for i, row := range page.Data {
			holdsTheContractsFields(t, body, row, contract["conversation"], fmt.Sprintf("data[%d]", i))
			var members map[string]json.RawMessage
			if err := json.Unmarshal(row, &members); err != nil {
				t.Fatal(err)
			}
			var id string
			if json.Unmarshal(members["id"], &id) != nil || id == "" {
				t.Fatalf("accepted row %d with id %s", i, members["id"])
			}
			seen[id] = true
		}
		if len(result.Items) != len(seen) {
			t.Fatalf("%d items for %d distinct ids", len(result.Items), len(seen))
		}
		for _, cv := range result.Items {
			for _, s := range []*string{&cv.ID, &cv.Status, cv.LastMessageAt, cv.LastInboundAt} {
				if s != nil && !utf8.ValidString(*s) {
					t.Fatalf("invalid UTF-8 came through: %q", *s)
				}
			}
		}
	})
}

// FuzzDecodeObject reads single-object answers (GET /contacts/{id}, GET
// /me): an accepted one has every documented field, is the id asked for, and
// holds exactly what encoding/json/v2 (case-sensitive, duplicate names
// refused) reads from the same body.
func FuzzDecodeObject(f *testing.F) {
	contact := `{"id":"ctc_1","object":"contact","phone_number":null,"name":"A","email":null,"metadata":{"k":[1]},` +
		`"whatsapp_account":{"phone_number":null},"created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}`
	me := `{"organization":{"id":"org_1","object":"organization","name":"O"},"api_key":{"id":"key_1","object":"api_key","label":"L","last4":"abcd"},` +
		`"rate_limits":{"tier":"free","write_per_minute":60,"read_per_minute":600}}`
	for _, seed := range []string{`{"data":` + contact + `}`, `{"data":` + me + `}`, `{"data":{}}`, `{"data":null}`, `{}`,
		`{"data":` + strings.Replace(contact, `"ctc_1"`, `"ctc_2"`, 1) + `}`, `{"data":` + contact + `,"data":{}}`,
		`{"data":` + strings.Replace(contact, `{"k":[1]}`, `"text"`, 1) + `}`,
		`{"data":` + strings.Replace(me, `"tier":"free"`, `"tier":null`, 1) + `}`,
		`{"data":` + strings.Replace(me, `"read_per_minute":600`, `"read_per_minute":6e2`, 1) + `}`,
		`{"data":` + strings.Replace(me, `"label":"L"`, `"label":"L","Label":"M"`, 1) + `}`,
		`{"data":` + strings.Replace(me, `"api_key":{`, `"api_key":{"extra":{"id":"key_2"},`, 1) + `}`} {
		f.Add([]byte(seed))
	}
	contract := contractRecords(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		c := inMemoryClient(t, func(*http.Request) *http.Response { return cannedAnswer(200, body) })
		if got, err := c.GetContact(context.Background(), "ctc_1"); err == nil {
			if got.ID != "ctc_1" {
				t.Fatalf("accepted %s as contact %q", body, got.ID)
			}
			if m := bytes.TrimSpace(got.Metadata); len(m) > 0 && m[0] != '{' && string(m) != "null" {
				t.Fatalf("accepted metadata %s", m)
			}
			if got.Metadata == nil {
				got.Metadata = json.RawMessage("null") // what encoding/json/v2 reads null into a RawMessage as
			}
			holdsWhatTheStandardReads(t, body, got, contract["contact"])
		} else if strings.Contains(err.Error(), testKey) {
			t.Fatal("the key leaked")
		}
		if got, err := c.GetMe(context.Background()); err == nil {
			holdsWhatTheStandardReads(t, body, got, contract["me"])
		} else if strings.Contains(err.Error(), testKey) {
			t.Fatal("the key leaked")
		}
	})
}

// holdsWhatTheStandardReads fails unless body's data has every field the
// contract documents, null only where it allows null, at every depth, and
// got equals what encoding/json/v2 reads from the same body.
func holdsWhatTheStandardReads[T any](t *testing.T, body []byte, got T, fields []acctest.ContractField) {
	t.Helper()
	var members struct {
		Data jsontext.Value `json:"data"`
	}
	var standard struct {
		Data T `json:"data"`
	}
	if err := jsonv2.Unmarshal(body, &members); err != nil {
		t.Fatalf("accepted %s, which encoding/json/v2 refuses: %v", body, err)
	}
	if err := jsonv2.Unmarshal(body, &standard); err != nil {
		t.Fatalf("accepted %s, which encoding/json/v2 cannot read as %T: %v", body, got, err)
	}
	holdsTheContractsFields(t, body, members.Data, fields, "data")
	if !reflect.DeepEqual(got, standard.Data) {
		t.Fatalf("accepted %s as %+v; encoding/json/v2 reads %+v", body, got, standard.Data)
	}
}

// holdsTheContractsFields fails unless the object value has every field of
// fields, null only where the contract allows it, nested objects included.
func holdsTheContractsFields(t *testing.T, body []byte, value jsontext.Value, fields []acctest.ContractField, where string) {
	t.Helper()
	var members map[string]jsontext.Value
	if err := jsonv2.Unmarshal(value, &members); err != nil || members == nil {
		t.Fatalf("accepted %s with %s = %s", body, where, value)
	}
	for _, f := range fields {
		v, ok := members[f.Name]
		switch {
		case !ok:
			t.Fatalf("accepted %s without %s.%s", body, where, f.Name)
		case string(v) == "null" && !f.Nullable():
			t.Fatalf("accepted %s with a null %s.%s", body, where, f.Name)
		case string(v) != "null" && f.Fields != nil:
			holdsTheContractsFields(t, body, v, f.Fields, where+"."+f.Name)
		}
	}
}

// FuzzRedact: whatever the text, a key of the documented alphabet (URL-safe
// base64, as every key is) never survives masking; with no key, nothing
// changes.
func FuzzRedact(f *testing.F) {
	for _, seed := range [][2]string{{"Bearer " + testKey, testKey}, {"no key", testKey}, {"x", ""}, {"aaaa", "aa"},
		{"kdv_live_kdv_live_abcdefghij", "kdv_live_abcdefghij"}, {"q=a%2Bb", "a-b"}} {
		f.Add(seed[0], seed[1])
	}
	keyAlphabet := regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
	f.Fuzz(func(t *testing.T, text, key string) {
		got := Redact(text, key)
		if key == "" {
			if got != text {
				t.Fatalf("Redact with no key changed %q to %q", text, got)
			}
			return
		}
		if keyAlphabet.MatchString(key) && !strings.Contains(Redacted, key) && strings.Contains(got, key) {
			t.Fatalf("Redact(%q, %q) = %q still holds the key", text, key, got)
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

package kirimchat

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	const key = "kdv_live_AAAAbbbbCCCCddddEEEEffff"
	for text, want := range map[string]string{
		"Bearer " + key:                   "Bearer [REDACTED]",
		"secret AAAAbbbbCCCCddddEEEEffff": "secret [REDACTED]",
		"no key here":                     "no key here",
		"":                                "",
	} {
		if got := Redact(text, key); got != want {
			t.Errorf("Redact(%q) = %q, want %q", text, got, want)
		}
	}
	if got := Redact("a b c", ""); got != "a b c" {
		t.Errorf("no key: %q", got)
	}
	odd := "key with/space"
	if got := Redact("x?k="+url.QueryEscape(odd)+" y/"+url.PathEscape(odd), odd); strings.Contains(got, "space") {
		t.Errorf("escaped forms must be masked too: %q", got)
	}
}

func TestDisplayURL(t *testing.T) {
	for raw, want := range map[string]string{
		"https://api-kckit.kirim.chat/v1":           "https://api-kckit.kirim.chat/… (the rest not shown)",
		"https://api-kckit.kirim.chat":              "https://api-kckit.kirim.chat",
		"https://u:kdv_live_x@example.com/":         "https://example.com/… (the rest not shown)",
		"http://127.0.0.1:8080/kdv_live_x/v1?k=z#f": "http://127.0.0.1:8080/… (the rest not shown)",
		"::not a url": "(a URL that is not shown)",
	} {
		if got := DisplayURL(raw); got != want {
			t.Errorf("DisplayURL(%q) = %q, want %q", raw, got, want)
		}
	}
}

// TestTheKeyIsMaskedEverywhereTextCanCarryIt puts the key in every place a
// server or a setting can put text, and finds it in no error.
func TestTheKeyIsMaskedEverywhereTextCanCarryIt(t *testing.T) {
	secret := strings.TrimPrefix(testKey, "kdv_live_")
	leaks := func(what string, err error) {
		t.Helper()
		if err == nil {
			t.Errorf("%s: want an error", what)
			return
		}
		if strings.Contains(err.Error(), testKey) || strings.Contains(err.Error(), secret) {
			t.Errorf("%s: the key leaked: %v", what, err)
		}
	}
	list := func(answer http.HandlerFunc) error {
		c, _, _ := newScripted(t, Config{MaxRetries: NoRetries}, answer)
		_, err := c.ListConversations(context.Background(), ListConversationsOptions{})
		return err
	}
	leaks("an echoed message", list(envelope(401, "authentication_error", "invalid_api_key", "Bad key "+testKey, "req_1")))
	leaks("every envelope field", list(raw(400, "application/json",
		`{"error":{"type":"`+testKey+`","code":"`+secret+`","message":"m","param":"`+testKey+`","request_id":"`+testKey+`"}}`)))
	leaks("X-Request-Id", list(raw(500, "text/plain", "oops", "X-Request-Id", "req_"+testKey)))
	leaks("a 200's X-Request-Id", list(raw(200, "application/json", `{}`, "X-Request-Id", testKey)))
	leaks("an error envelope in a 200", list(raw(200, "application/json", `{"error":{"message":"`+testKey+`","request_id":"`+testKey+`"}}`)))
	leaks("a value echoed in a contract error", list(raw(200, "application/json",
		pageJSON(false, "", conversationJSON("cnv_1", map[string]any{"created_at": testKey})))))
	leaks("a record id", list(raw(200, "application/json",
		pageJSON(false, "", conversationJSON(testKey, map[string]any{"created_at": "x"})))))
	leaks("a Location header", list(raw(302, "text/plain", "", "Location", "https://"+secret+".example.com/"+testKey+"?k="+testKey)))
	leaks("a Location header's host", list(raw(302, "text/plain", "", "Location", "https://"+testKey+"@evil.example/")))

	for _, base := range []string{"https://user:" + testKey + "@api.example/v1", "https://api.example/v1?key=" + testKey,
		"http://10.0.0.1/" + testKey, "ftp://" + testKey + "/", "api.example/" + testKey} {
		_, err := ParseBaseURL(base) // at plan time, when the key may not be known yet
		if base != "ftp://"+testKey+"/" {
			leaks("the base URL "+base, err)
		}
		_, err = New(Config{APIKey: testKey, BaseURL: base})
		leaks("the client's base URL "+base, err)
	}

	closed, _ := net.Listen("tcp", "127.0.0.1:0")
	dead := "http://" + closed.Addr().String() + "/" + testKey + "/v1"
	_ = closed.Close()
	c, err := New(Config{APIKey: testKey, BaseURL: dead, MaxRetries: NoRetries})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ListConversations(context.Background(), ListConversationsOptions{})
	leaks("a transport error", err)
	if err != nil && !strings.Contains(err.Error(), "connection refused") {
		t.Errorf("the transport error must still say what happened: %v", err)
	}
}

// TestTheLogHookIsHandedMaskedText: what the server sends back and what the
// transport reports reach the log hook with the key masked.
func TestTheLogHookIsHandedMaskedText(t *testing.T) {
	var logged []string
	hook := func(_ context.Context, l RequestLog) {
		text := l.Path + "?" + l.Query + " " + l.RequestID
		if l.Err != nil {
			text += " " + l.Err.Error()
		}
		logged = append(logged, text)
	}
	c, _, _ := newScripted(t, Config{MaxRetries: NoRetries, LogRequest: hook}, raw(500, "text/plain", "x", "X-Request-Id", "req_"+testKey))
	_, _ = c.ListConversations(context.Background(), ListConversationsOptions{})

	closed, _ := net.Listen("tcp", "127.0.0.1:0")
	dead := "http://" + closed.Addr().String() + "/" + testKey + "/v1"
	_ = closed.Close()
	c, err := New(Config{APIKey: testKey, BaseURL: dead, MaxRetries: NoRetries, LogRequest: hook})
	if err != nil {
		t.Fatal(err)
	}
	_, _ = c.ListConversations(context.Background(), ListConversationsOptions{})

	if len(logged) != 2 || !strings.Contains(logged[0], "req_[REDACTED]") || !strings.Contains(logged[1], "connection refused") ||
		!strings.Contains(logged[1], "/[REDACTED]/v1/conversations") {
		t.Fatalf("unexpected log entries: %q", logged)
	}
	for _, text := range logged {
		if strings.Contains(text, testKey) || strings.Contains(text, strings.TrimPrefix(testKey, "kdv_live_")) {
			t.Fatalf("the key reached the log hook: %q", text)
		}
	}
}

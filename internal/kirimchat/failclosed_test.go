package kirimchat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestCleanMakesOutsideTextFitToShow(t *testing.T) {
	for text, want := range map[string]string{
		"plain text, kept":                            "plain text, kept",
		"\x1b[2J\x1b[HApply complete!\r\n":            `\x1b[2J\x1b[HApply complete!\x0d\x0a`,
		"tab\there, DEL\x7f, C1\u009b":                `tab\x09here, DEL\x7f, C1\u009b`,
		"bidi \u202egnp.exe and \u2066x\u2069":        `bidi \u202egnp.exe and \u2066x\u2069`,
		"not UTF-8 \xff\xfe end":                      `not UTF-8 \xff\xfe end`,
		"line\u2028separator, zero\u200bwidth":        `line\u2028separator, zero\u200bwidth`,
		"Bearer " + testKey:                           "Bearer [REDACTED]",
		"Indonesian é, 日本語, emoji 🙂 stay as they are": "Indonesian é, 日本語, emoji 🙂 stay as they are",
	} {
		if got := Clean(text, testKey); got != want {
			t.Errorf("Clean(%q) = %q, want %q", text, got, want)
		}
	}

	long := strings.Repeat("é", 2_000_000)
	got := Clean(long, testKey)
	if !strings.HasSuffix(got, fmt.Sprintf("… [cut at %d of %d bytes]", MaxTextLength, len(long))) || len(got) > MaxTextLength+64 || !utf8.ValidString(got) {
		t.Errorf("a 4 MB text became %d bytes ending %q", len(got), got[max(0, len(got)-60):])
	}
}

// TestEveryFormOfTheKeyIsMasked: a key with characters that quoting and
// escaping change is masked in every form the provider can write it.
func TestEveryFormOfTheKeyIsMasked(t *testing.T) {
	odd := "kdv_live_tab\there\"quote\\back\x01slash/+=é"
	secret := strings.TrimPrefix(odd, "kdv_live_")
	jsonHTML, _ := json.Marshal(odd)
	for _, form := range []string{odd, secret, url.QueryEscape(odd), url.PathEscape(odd), strconv.Quote(odd), strconv.QuoteToASCII(odd),
		string(jsonHTML), fmt.Sprintf("%q", secret), fmt.Sprintf("%+q", odd), escapeControls(odd), escapeControls(secret), url.QueryEscape(secret)} {
		text := "before " + form + " after"
		for name, masked := range map[string]string{"Redact": Redact(text, odd), "Clean": Clean(text, odd)} {
			if !strings.Contains(masked, Redacted) || strings.Contains(masked, "here") || strings.Contains(masked, "quote") {
				t.Errorf("%s left the key in %q: %q", name, text, masked)
			}
		}
	}
}

// FuzzClean: whatever a server writes, what Clean gives back holds no
// character a terminal acts on, no form of the key, and no more than
// MaxTextLength bytes of it.
func FuzzClean(f *testing.F) {
	for _, seed := range [][2]string{{"\x1b[31mred\r", testKey}, {"Bearer " + testKey, testKey}, {"x\u202ey", testKey},
		{"\xff", "kdv_live_a\tb\"c\\defghij"}, {strings.Repeat("a", 600), testKey}, {"kdv_live_kdv_live_abcdefghij", "kdv_live_abcdefghij"}} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, text, key string) {
		got := Clean(text, key)
		for _, r := range got {
			if r != ' ' && (r == utf8.RuneError || !unicode.IsPrint(r)) {
				t.Fatalf("Clean(%q) = %q holds %U", text, got, r)
			}
		}
		if body, _, cut := strings.Cut(got, "… [cut at "); cut && len(body) > MaxTextLength || !cut && len(got) > MaxTextLength {
			t.Fatalf("Clean(%q) is %d bytes", text, len(got))
		}
		if len(key) < 4 || strings.Contains(Redacted, key) {
			return // a key that short, or inside the marker, is found everywhere
		}
		if strings.Contains(got, key) || strings.Contains(got, escapeControls(key)) || strings.Contains(got, quotedInside(strconv.Quote(key))) {
			// The key may straddle the cut; never a whole form before it.
			if body, _, _ := strings.Cut(got, "… [cut at "); strings.Contains(body, key) || strings.Contains(body, escapeControls(key)) {
				t.Fatalf("Clean(%q, %q) = %q still holds the key", text, key, got)
			}
		}
	})
}

// TestAKeyInAnAnswerFailsTheRead: a server that echoes the key anywhere in
// an answer, read or skipped, name or value, escaped or not, is refused,
// and the message names where without showing it.
func TestAKeyInAnAnswerFailsTheRead(t *testing.T) {
	escaped := strings.ReplaceAll(testKey, "A", `\u0041`)
	for name, tc := range map[string]struct{ row, where string }{
		"status":                   {conversationJSON("cnv_1", map[string]any{"status": testKey}), "/data/0/status"},
		"the contact's name":       {conversationJSON("cnv_1", map[string]any{"contact": map[string]any{"id": "ctc_1", "phone_number": nil, "name": "x " + testKey}}), "/data/0/contact/name"},
		"the secret part alone":    {conversationJSON("cnv_1", map[string]any{"assignee": map[string]any{"id": "usr_1", "name": strings.TrimPrefix(testKey, "kdv_live_"), "email": nil}}), "/data/0/assignee/name"},
		"an undocumented field":    {conversationJSON("cnv_1", map[string]any{"note": map[string]any{"deep": []string{testKey}}}), "/data/0/note"},
		"a member's name":          {conversationJSON("cnv_1", map[string]any{testKey: 1}), "/data/0/" + testKey},
		"JSON-escaped, in a value": {strings.Replace(conversationJSON("cnv_1", map[string]any{"status": "K"}), `"K"`, `"`+escaped+`"`, 1), "/data/0/status"},
		"JSON-escaped, skipped":    {strings.Replace(conversationJSON("cnv_1", map[string]any{"extra": map[string]any{"a": "K"}}), `"K"`, `"`+escaped+`"`, 1), "/data/0/extra/a"},
	} {
		t.Run(name, func(t *testing.T) {
			c, _, _ := newScripted(t, Config{}, raw(200, "application/json", pageJSON(false, "", tc.row), "X-Request-Id", "req_echo"))
			_, err := c.ListConversations(context.Background(), ListConversationsOptions{})
			var ce *ContractError
			if !errors.As(err, &ce) || !strings.Contains(ce.Problem, "holds the API key the request was sent with") {
				t.Fatalf("want a ContractError about the key, got %v", err)
			}
			if want := Redact(tc.where, testKey); ce.Where != want {
				t.Errorf("where %q, want %q", ce.Where, want)
			}
			if strings.Contains(err.Error(), testKey) || strings.Contains(err.Error(), strings.TrimPrefix(testKey, "kdv_live_")) {
				t.Errorf("the message shows the key: %v", err)
			}
		})
	}

	// A contact's metadata is kept as JSON: the key in it, escaped, is found too.
	contact := `{"id":"ctc_1","object":"contact","phone_number":null,"name":null,"email":null,"metadata":{"k":"` + escaped + `"},` +
		`"whatsapp_account":{"phone_number":null},"created_at":"2026-11-01T10:00:00Z","updated_at":"2026-11-01T10:00:00Z"}`
	c, _, _ := newScripted(t, Config{}, raw(200, "application/json", pageJSON(false, "", contact)))
	_, err := c.ListContacts(context.Background(), ListContactsOptions{})
	var ce *ContractError
	if !errors.As(err, &ce) || ce.Where != "/data/0/metadata/k" || !strings.Contains(ce.Problem, "holds the API key") {
		t.Fatalf("metadata: got %v", err)
	}
}

func TestContradictoryAnswersAreRefused(t *testing.T) {
	row := func(id string) string { return conversationJSON(id, nil) }
	refusedWith(t, `{"data":[`+row("cnv_1")+`],"has_more":false,"next_cursor":"c2"}`, ListConversationsOptions{},
		"/next_cursor", "is a cursor while has_more is false")
	refusedWith(t, pageJSON(false, "", row("cnv_1"), row("cnv_2"), row("cnv_1")), ListConversationsOptions{},
		"/data/2", "repeats the id of /data/0: a page lists each record once")
	refusedWith(t, pageJSON(false, "", row("conv_1")), ListConversationsOptions{}, "/data/0/id", `is "conv_1", not an id of the form cnv_ followed by letters and digits`)
	refusedWith(t, pageJSON(false, "", row("cnv_")), ListConversationsOptions{}, "/data/0/id", `not an id of the form cnv_ followed by letters and digits`)
	refusedWith(t, pageJSON(false, "", conversationJSON("cnv_1", map[string]any{"contact": map[string]any{"id": "usr_1", "phone_number": nil, "name": nil}})),
		ListConversationsOptions{}, "/data/0/contact/id", `not an id of the form ctc_ followed by letters and digits`)
	refusedWith(t, pageJSON(false, "", conversationJSON("cnv_1", map[string]any{"assignee": map[string]any{"id": "ctc_1", "name": nil, "email": nil}})),
		ListConversationsOptions{}, "/data/0/assignee/id", `not an id of the form usr_ followed by letters and digits`)

	for _, tc := range []struct {
		status      int
		contentType string
		problem     string
	}{
		{206, "application/json", "comes with HTTP 206 Partial Content, not the 200 OK"},
		{203, "application/json", "comes with HTTP 203 Non-Authoritative Info"},
		{202, "application/json", "comes with HTTP 202 Accepted"},
		{200, "text/html; charset=utf-8", `comes as "text/html; charset=utf-8", not as the application/json the API sends`},
		{200, "", "comes without a Content-Type"},
		// Go's transport refuses a header with ESC or CR; what it lets through is cleaned.
		{200, "text/html\u202e", `comes as "text/html\u202e"`},
	} {
		c, s, _ := newScripted(t, Config{}, raw(tc.status, tc.contentType, pageJSON(false, "", row("cnv_1")), "X-Request-Id", "req_odd"))
		_, err := c.ListConversations(context.Background(), ListConversationsOptions{})
		var ce *ContractError
		if !errors.As(err, &ce) || !strings.Contains(ce.Problem, tc.problem) || ce.Status != tc.status || ce.RequestID != "req_odd" || len(s.requests()) != 1 {
			t.Errorf("%d %q: got %v after %d requests, want %q", tc.status, tc.contentType, err, len(s.requests()), tc.problem)
		}
	}
	// Media types the API may use are read.
	for _, contentType := range []string{"application/json; charset=utf-8", "application/JSON", "application/vnd.kirim+json"} {
		c, _, _ := newScripted(t, Config{}, raw(200, contentType, pageJSON(false, "", row("cnv_1"))))
		if got, err := c.ListConversations(context.Background(), ListConversationsOptions{}); err != nil || got.Count != 1 {
			t.Errorf("%q: %v", contentType, err)
		}
	}
	// A label and a contact are held to their prefixes too.
	c, _, _ := newScripted(t, Config{}, raw(200, "application/json", pageJSON(false, "",
		`{"id":"tag_1","object":"label","name":"VIP","color":"red","team_id":"t","created_at":"2026-11-01T10:00:00Z","updated_at":"2026-11-01T10:00:00Z"}`)))
	if _, err := c.ListLabels(context.Background(), ListLabelsOptions{}); err == nil || !strings.Contains(err.Error(), `not an id of the form lbl_ followed by letters and digits`) {
		t.Errorf("a label without lbl_: %v", err)
	}
}

func TestAWindowReadJudgesTheWholePage(t *testing.T) {
	after := mustTimestamp(t, "2026-11-20T00:00:00Z")
	window := ListConversationsOptions{LastMessageAfter: after}

	// A first row outside the window, then a newer one: the order is
	// broken, and the read fails instead of ending with nothing.
	refusedWith(t, pageJSON(true, "c2", conversationJSON("cnv_1", at("2026-11-19T00:00:00Z")), conversationJSON("cnv_2", at("2026-11-25T00:00:00Z"))),
		window, "/data/1", "later than the 2026-11-19T00:00:00Z of conversation cnv_1 before it")
	// A row with a time after one without: nulls come last.
	refusedWith(t, pageJSON(false, "", conversationJSON("cnv_1", map[string]any{"last_message_at": json.RawMessage("null")}), conversationJSON("cnv_2", at("2026-11-25T00:00:00Z"))),
		window, "/data/1", "after conversation cnv_1, which has none")
	// Lenient date-times do not move a row across the boundary.
	refusedWith(t, pageJSON(false, "", conversationJSON("cnv_1", at("2026-11-20T00:30:00+00:60"))), window,
		"/data/0/last_message_at", "the offset's minutes are past 59")

	// Offset paging while conversations arrive at the head: page 2 serves
	// again the last rows of page 1. They are dropped before the order is
	// judged, and the window's rows come back exactly.
	c, s, _ := newScripted(t, Config{PageSize: 3},
		raw(200, "application/json", pageJSON(true, "c2", conversationJSON("cnv_1", at("2026-11-25T00:00:00Z")),
			conversationJSON("cnv_2", at("2026-11-24T00:00:00Z")), conversationJSON("cnv_3", at("2026-11-23T00:00:00Z")))),
		raw(200, "application/json", pageJSON(true, "c3", conversationJSON("cnv_2", at("2026-11-24T00:00:00Z")),
			conversationJSON("cnv_3", at("2026-11-23T00:00:00Z")), conversationJSON("cnv_4", at("2026-11-22T00:00:00Z")))),
		raw(200, "application/json", pageJSON(true, "c4", conversationJSON("cnv_5", at("2026-11-21T00:00:00Z")),
			conversationJSON("cnv_6", at("2026-11-19T00:00:00Z")), conversationJSON("cnv_7", at("2026-11-18T00:00:00Z")))))
	got, err := c.ListConversations(context.Background(), window)
	if err != nil || strings.Join(ids(got.Items), ",") != "cnv_1,cnv_2,cnv_3,cnv_4,cnv_5" || got.DuplicatesDropped != 2 || len(s.requests()) != 3 || got.Truncated {
		t.Fatalf("got %v (%d dropped, truncated %v) after %d requests: %v", ids(got.Items), got.DuplicatesDropped, got.Truncated, len(s.requests()), err)
	}

	// max_results reached exactly at the window's end: one row more is
	// looked at (a page of one); it is outside, so nothing was left unread.
	c, s, _ = newScripted(t, Config{PageSize: 2},
		raw(200, "application/json", pageJSON(true, "c2", conversationJSON("cnv_1", at("2026-11-25T00:00:00Z")), conversationJSON("cnv_2", at("2026-11-24T00:00:00Z")))),
		raw(200, "application/json", pageJSON(true, "c3", conversationJSON("cnv_3", at("2026-11-01T00:00:00Z")))))
	got, err = c.ListConversations(context.Background(), ListConversationsOptions{LastMessageAfter: after, MaxResults: 2})
	if err != nil || got.Count != 2 || got.Truncated || len(s.requests()) != 2 || s.requests()[1].URL.Query().Get("limit") != "1" {
		t.Fatalf("window's end: got %v truncated=%v after %d requests: %v", ids(got.Items), got.Truncated, len(s.requests()), err)
	}
	// … and when the next row is inside the window, the list is truncated,
	// and that row is not delivered.
	c, _, _ = newScripted(t, Config{PageSize: 2},
		raw(200, "application/json", pageJSON(true, "c2", conversationJSON("cnv_1", at("2026-11-25T00:00:00Z")), conversationJSON("cnv_2", at("2026-11-24T00:00:00Z")))),
		raw(200, "application/json", pageJSON(true, "c3", conversationJSON("cnv_3", at("2026-11-23T00:00:00Z")))))
	got, err = c.ListConversations(context.Background(), ListConversationsOptions{LastMessageAfter: after, MaxResults: 2})
	if err != nil || strings.Join(ids(got.Items), ",") != "cnv_1,cnv_2" || !got.Truncated {
		t.Fatalf("inside the window: got %v truncated=%v: %v", ids(got.Items), got.Truncated, err)
	}
}

func TestUnrecognizedValuesAreCleaned(t *testing.T) {
	c, _, _ := newScripted(t, Config{}, raw(200, "application/json", pageJSON(false, "", conversationJSON("cnv_1", map[string]any{"status": "snoozed\u202e"}))))
	got, err := c.ListConversations(context.Background(), ListConversationsOptions{})
	if err != nil || strings.Join(got.UnrecognizedValues(), "|") != `conversation status "snoozed\u202e"` {
		t.Fatalf("got %q: %v", got.UnrecognizedValues(), err)
	}
	if got.Items[0].Status != "snoozed\u202e" {
		t.Errorf("the value itself must be kept as sent: %q", got.Items[0].Status)
	}
}

// The helper's attack on the first version of this round found each of these.

func TestTextFromAnAnswerIsCleanedInEveryContractError(t *testing.T) {
	// A phone number that passes the reader (no control character) but holds
	// a bidirectional override and is long: the mismatch names it cleaned.
	phone := "+62\u202e" + strings.Repeat("9", 2000)
	contact := `{"id":"ctc_1","object":"contact","phone_number":"` + phone + `","name":null,"email":null,"metadata":null,` +
		`"whatsapp_account":{"phone_number":null},"created_at":"2026-11-01T10:00:00Z","updated_at":"2026-11-01T10:00:00Z"}`
	c, _, _ := newScripted(t, Config{}, raw(200, "application/json", pageJSON(false, "", contact)))
	_, err := c.ListContacts(context.Background(), ListContactsOptions{Phone: "+6281234567890"})
	var ce *ContractError
	if !errors.As(err, &ce) || !strings.Contains(ce.Problem, `+62\u202e999`) || !strings.Contains(ce.Problem, "… [cut at") || strings.Contains(err.Error(), "\u202e") {
		t.Fatalf("got %v", err)
	}
}

func TestControlCharactersInValuesFailTheRead(t *testing.T) {
	for name, row := range map[string]string{
		"an id":             conversationJSON("cnv_1\u001b", nil),
		"a status":          conversationJSON("cnv_1", map[string]any{"status": "open\r"}),
		"a contact's name":  conversationJSON("cnv_1", map[string]any{"contact": map[string]any{"id": "ctc_1", "phone_number": nil, "name": "Siti\u009b2J"}}),
		"an id with a dash": conversationJSON("cnv_1-2", nil),
	} {
		c, _, _ := newScripted(t, Config{}, raw(200, "application/json", pageJSON(false, "", row)))
		if _, err := c.ListConversations(context.Background(), ListConversationsOptions{}); err == nil ||
			!strings.Contains(err.Error(), "control character") && !strings.Contains(err.Error(), "followed by letters and digits") {
			t.Errorf("%s: %v", name, err)
		}
	}
	// A tab and a line feed are text; so are names in any script.
	c, _, _ := newScripted(t, Config{}, raw(200, "application/json", pageJSON(false, "",
		conversationJSON("cnv_1", map[string]any{"contact": map[string]any{"id": "ctc_1", "phone_number": nil, "name": "Siti\tNur\nعائشة 🙂\u200f"}}))))
	if got, err := c.ListConversations(context.Background(), ListConversationsOptions{}); err != nil || got.Count != 1 {
		t.Errorf("plain text refused: %v", err)
	}
}

func TestAWindowReadFollowsRowsThatMoveToTheHead(t *testing.T) {
	after := mustTimestamp(t, "2026-11-20T00:00:00Z")
	// Two conversations got messages after page 1: offset paging serves one
	// of them next, newer than every row seen. It is in the window, and
	// was not read: truncated.
	c, _, _ := newScripted(t, Config{PageSize: 1},
		raw(200, "application/json", pageJSON(true, "c2", conversationJSON("cnv_A", at("2026-11-25T00:00:00Z")))),
		raw(200, "application/json", pageJSON(true, "c3", conversationJSON("cnv_Y", at("2026-11-26T00:00:00Z")))))
	got, err := c.ListConversations(context.Background(), ListConversationsOptions{LastMessageAfter: after, MaxResults: 1})
	if err != nil || !got.Truncated || strings.Join(ids(got.Items), ",") != "cnv_A" {
		t.Fatalf("got %v truncated=%v: %v", ids(got.Items), got.Truncated, err)
	}
	// Without max_results: page 2 starts with the row that moved, then
	// serves page 1's rows again; the read goes on, and keeps every row.
	c, _, _ = newScripted(t, Config{PageSize: 3},
		raw(200, "application/json", pageJSON(true, "c2", rowsAt("cnv_1", "2026-11-25T00:00:00Z", "2026-11-24T00:00:00Z", "2026-11-23T00:00:00Z")...)),
		raw(200, "application/json", pageJSON(true, "c3", conversationJSON("cnv_M", at("2026-11-27T00:00:00Z")),
			conversationJSON("cnv_12", at("2026-11-24T00:00:00Z")), conversationJSON("cnv_13", at("2026-11-23T00:00:00Z")))),
		raw(200, "application/json", pageJSON(false, "", conversationJSON("cnv_4", at("2026-11-22T00:00:00Z")), conversationJSON("cnv_5", at("2026-11-01T00:00:00Z")))))
	got, err = c.ListConversations(context.Background(), ListConversationsOptions{LastMessageAfter: after})
	if err != nil || strings.Join(ids(got.Items), ",") != "cnv_11,cnv_12,cnv_13,cnv_M,cnv_4" {
		t.Fatalf("got %v: %v", ids(got.Items), err)
	}
	// A first row later than the one before it, but not the newest seen,
	// did not move to the head: the order is broken.
	c, _, _ = newScripted(t, Config{PageSize: 2},
		raw(200, "application/json", pageJSON(true, "c2", conversationJSON("cnv_1", at("2026-11-25T00:00:00Z")), conversationJSON("cnv_2", at("2026-11-22T00:00:00Z")))),
		raw(200, "application/json", pageJSON(true, "c3", conversationJSON("cnv_3", at("2026-11-24T00:00:00Z")))))
	if _, err := c.ListConversations(context.Background(), ListConversationsOptions{LastMessageAfter: after}); err == nil ||
		!strings.Contains(err.Error(), "later than the 2026-11-22T00:00:00Z of conversation cnv_2 before it") {
		t.Fatalf("got %v", err)
	}
}

func TestAWindowInsideALeapSecond(t *testing.T) {
	c, _, _ := newScripted(t, Config{}, raw(200, "application/json", pageJSON(false, "",
		conversationJSON("cnv_1", at("2016-12-31T23:59:60.9Z")), conversationJSON("cnv_2", at("2016-12-31T23:59:60.1Z")))))
	got, err := c.ListConversations(context.Background(), ListConversationsOptions{LastMessageAfter: mustTimestamp(t, "2016-12-31T23:59:60.5Z")})
	if err != nil || strings.Join(ids(got.Items), ",") != "cnv_1" {
		t.Fatalf("got %v: %v", ids(got.Items), err)
	}
}

func TestMediaTypesThatAreNotJSON(t *testing.T) {
	for _, contentTypes := range [][]string{{"application/json", "text/html"}, {"text/html", "application/json"}, {"+json"}, {"text/+json"}, {"application/+json"}} {
		c, _, _ := newScripted(t, Config{}, func(w http.ResponseWriter, _ *http.Request) {
			w.Header()["Content-Type"] = contentTypes
			_, _ = w.Write([]byte(pageJSON(false, "", conversationJSON("cnv_1", nil))))
		})
		if _, err := c.ListConversations(context.Background(), ListConversationsOptions{}); err == nil || !strings.Contains(err.Error(), "Content-Type") && !strings.Contains(err.Error(), "not as the application/json") {
			t.Errorf("%q: %v", contentTypes, err)
		}
	}
}

func TestAnUnparseableLocationIsNotShown(t *testing.T) {
	c, _, _ := newScripted(t, Config{MaxRetries: NoRetries}, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Location", "http://[::1/secret-path?token=abc%zz")
		w.WriteHeader(302)
	})
	_, err := c.ListConversations(context.Background(), ListConversationsOptions{})
	if err == nil || strings.Contains(err.Error(), "secret-path") || !strings.Contains(err.Error(), "Location header does not parse") {
		t.Fatalf("got %v", err)
	}
}

func TestTheKeyAsAJSONPointerTokenIsMasked(t *testing.T) {
	key := "kdv_live_Sla/sh~Tilde12345678"
	if got := Clean("/x/kdv_live_Sla~1sh~0Tilde12345678/a is not valid JSON", key); strings.Contains(got, "Tilde") {
		t.Errorf("got %q", got)
	}
}

// rowsAt numbers conversations from first (cnv_11, cnv_12, … for "cnv_1").
func rowsAt(prefix string, lastMessageAt ...string) []string {
	var out []string
	for i, ts := range lastMessageAt {
		out = append(out, conversationJSON(fmt.Sprintf("%s%d", prefix, i+1), at(ts)))
	}
	return out
}

package sandbox_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

// answer is one request's outcome: a transport error, or the status and
// the whole body (err is set too when the body stopped short).
type answer struct {
	status int
	header http.Header
	body   []byte
	err    error
}

func fetch(t *testing.T, rawURL string) answer {
	t.Helper()
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, rawURL, nil)
	req.Header.Set("Authorization", "Bearer "+sandbox.DefaultAPIKey)
	resp, err := client.Do(req)
	if err != nil {
		return answer{err: err}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return answer{status: resp.StatusCode, header: resp.Header, body: body, err: err}
}

// faultRoutes are a request on every route but /health, with the fault path
// that names it.
func faultRoutes(s *sandbox.Server) map[string]string {
	return map[string]string{
		"/conversations":                  "/conversations?limit=3",
		"/contacts":                       "/contacts?limit=3",
		"/contacts/" + s.Contacts()[0].ID: "/contacts/" + s.Contacts()[0].ID,
		"/contacts/{id}":                  "/contacts/" + s.Contacts()[1].ID,
		"/labels":                         "/labels?limit=3",
		"/me":                             "/me",
	}
}

// TestEveryFaultAppliesToEveryRoute: status, html, delay, reset and
// echo_authorization change any route; cut_body and malformed_json any 200.
func TestEveryFaultAppliesToEveryRoute(t *testing.T) {
	s, base := start(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 5, Conversations: 30}})
	for path, request := range faultRoutes(s) {
		check := func(fault sandbox.Fault, ok func(answer) bool) {
			t.Helper()
			fault.Path = path
			s.AddFault(fault)
			if a := fetch(t, base+request); !ok(a) {
				t.Errorf("%s, %+v: got %d %q %v", request, fault, a.status, a.body, a.err)
			}
			if a := fetch(t, base+request); a.err != nil || a.status != 200 || !json.Valid(a.body) {
				t.Errorf("%s after %+v: the fault is spent, got %d %v", request, fault, a.status, a.err)
			}
		}
		check(sandbox.Fault{Status: 503}, func(a answer) bool { return a.status == 503 && strings.Contains(string(a.body), "service_unavailable") })
		check(sandbox.Fault{Status: 502, HTML: true}, func(a answer) bool {
			return a.status == 502 && strings.HasPrefix(a.header.Get("Content-Type"), "text/html")
		})
		check(sandbox.Fault{Status: 401, EchoAuthorization: true}, func(a answer) bool {
			return a.status == 401 && strings.Contains(string(a.body), sandbox.DefaultAPIKey)
		})
		began := time.Now()
		check(sandbox.Fault{Delay: 60 * time.Millisecond}, func(a answer) bool { return a.status == 200 && time.Since(began) >= 60*time.Millisecond })
		check(sandbox.Fault{ResetConnection: true}, func(a answer) bool { return a.err != nil && a.status == 0 })
		check(sandbox.Fault{CutBody: true}, func(a answer) bool { return a.status == 200 && a.err != nil && len(a.body) > 0 })
		check(sandbox.Fault{MalformedJSON: true}, func(a answer) bool { return a.status == 200 && a.err == nil && len(a.body) > 0 && !json.Valid(a.body) })
	}
}

// TestCursorFaultsApplyToEveryList: repeat_cursor and drop_cursor change
// pages of /conversations, /contacts and /labels alike.
func TestCursorFaultsApplyToEveryList(t *testing.T) {
	s, base := start(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 5, Conversations: 30}})
	for _, list := range []string{"/conversations", "/contacts", "/labels"} {
		var first listBody
		_, body := get(t, base+list+"?limit=2", sandbox.DefaultAPIKey)
		if err := json.Unmarshal(body, &first); err != nil || first.NextCursor == nil {
			t.Fatalf("%s: no second page: %s", list, body)
		}
		s.AddFault(sandbox.Fault{Path: list, RepeatCursor: true})
		var repeated listBody
		_, body = get(t, base+list+"?limit=2&cursor="+url.QueryEscape(*first.NextCursor), sandbox.DefaultAPIKey)
		if err := json.Unmarshal(body, &repeated); err != nil || !repeated.HasMore || repeated.NextCursor == nil || *repeated.NextCursor != *first.NextCursor {
			t.Errorf("%s repeat_cursor: %s", list, body)
		}
		s.AddFault(sandbox.Fault{Path: list, DropNextCursor: true})
		var dropped listBody
		_, body = get(t, base+list+"?limit=100", sandbox.DefaultAPIKey)
		if err := json.Unmarshal(body, &dropped); err != nil || !dropped.HasMore || dropped.NextCursor != nil || len(dropped.Data) == 0 {
			t.Errorf("%s drop_cursor: %s", list, body)
		}
	}
}

// TestAFaultIsTakenOnlyByARequestItCanChange: a request a fault cannot
// change neither uses it up nor counts against its skip.
func TestAFaultIsTakenOnlyByARequestItCanChange(t *testing.T) {
	s, base := start(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 5, Conversations: 30}})
	page := func(path string) listBody {
		t.Helper()
		var p listBody
		resp, body := get(t, base+path, sandbox.DefaultAPIKey)
		if err := json.Unmarshal(body, &p); err != nil || resp.StatusCode != 200 {
			t.Fatalf("%s: %d %s", path, resp.StatusCode, body)
		}
		return p
	}

	// A cursor fault with no path, skipping one list page: /me and a 400
	// neither skip it nor take it.
	s.AddFault(sandbox.Fault{DropNextCursor: true, Skip: 1})
	if resp, body := get(t, base+"/me", sandbox.DefaultAPIKey); resp.StatusCode != 200 || !json.Valid(body) {
		t.Fatalf("/me: %d %s", resp.StatusCode, body)
	}
	if resp, _ := get(t, base+"/labels?limit=0", sandbox.DefaultAPIKey); resp.StatusCode != 400 {
		t.Fatalf("limit=0: %d", resp.StatusCode)
	}
	if p := page("/labels?limit=2"); p.NextCursor == nil {
		t.Fatal("the first list page is skipped, not changed")
	}
	if p := page("/contacts?limit=100"); p.NextCursor != nil || !p.HasMore {
		t.Errorf("the second list page is the one dropped: has_more %v, next_cursor %v", p.HasMore, p.NextCursor)
	}
	if p := page("/contacts?limit=100"); p.HasMore {
		t.Error("the fault is spent")
	}

	// repeat_cursor waits for a request that carries a cursor.
	s.AddFault(sandbox.Fault{RepeatCursor: true})
	first := page("/conversations?limit=5")
	if first.NextCursor == nil {
		t.Fatal("a page without a cursor is not changed")
	}
	if p := page("/conversations?limit=5&cursor=" + url.QueryEscape(*first.NextCursor)); p.NextCursor == nil || *p.NextCursor != *first.NextCursor {
		t.Error("the first request with a cursor gets it back")
	}

	// insert_at_head waits for /conversations.
	before := len(s.Conversations())
	s.AddFault(sandbox.Fault{InsertAtHead: 2})
	page("/contacts")
	page("/labels")
	if n := len(s.Conversations()); n != before {
		t.Fatalf("other lists inserted %d conversations", n-before)
	}
	page("/conversations")
	if n := len(s.Conversations()); n != before+2 {
		t.Errorf("/conversations: %d inserted, want 2", n-before)
	}

	// A body fault waits for a 200: an unknown contact's 404 is not one.
	s.AddFault(sandbox.Fault{MalformedJSON: true})
	resp, body := get(t, base+"/contacts/ctc_00000000000000000000000000", sandbox.DefaultAPIKey)
	wantError(t, resp, body, 404, "not_found", "resource_not_found", "id")
	if _, body := get(t, base+"/me", sandbox.DefaultAPIKey); json.Valid(body) {
		t.Error("the next 200 takes the body fault")
	}
}

// TestHealthIsChangedOnlyByAFaultThatNamesIt: a permanent fault with no
// path leaves /health alone (scripts wait for it); one that names it
// applies.
func TestHealthIsChangedOnlyByAFaultThatNamesIt(t *testing.T) {
	s, base := start(t, sandbox.Options{})
	s.AddFault(sandbox.Fault{Status: 503, Times: sandbox.Forever})
	if a := fetch(t, base+"/health"); a.status != 200 {
		t.Errorf("/health under a fault with no path: %d", a.status)
	}
	if a := fetch(t, base+"/me"); a.status != 503 {
		t.Errorf("/me: %d, want the fault's 503", a.status)
	}
	s.ClearFaults()
	s.AddFault(sandbox.Fault{Path: "/health", CutBody: true})
	if a := fetch(t, base+"/health"); a.status != 200 || a.err == nil {
		t.Errorf("/health with cut_body: %d %v", a.status, a.err)
	}
}

// TestParseFaultRefusesAFaultThatCannotApply: each refusal says why.
func TestParseFaultRefusesAFaultThatCannotApply(t *testing.T) {
	for spec, why := range map[string]string{
		"repeat_cursor,path=/me":             "applies to lists",
		"status=503,times=0":                 "times must be 1 or more",
		"status=503,times=-1":                "times must be 1 or more",
		"drop_cursor,path=/contacts/{id}":    "applies to lists",
		"drop_cursor,path=/health":           "applies to lists",
		"insert_at_head=3,path=/contacts":    "applies to /conversations",
		"status=503,path=/nope":              "no route of the sandbox",
		"status=503,path=/conversations?x=1": "no route of the sandbox",
		"status=503,path=/v1/conversations":  "relative to /v1",
		"repeat_cursor,status=503":           "answers without one",
		"drop_cursor,reset":                  "answers without one",
		"drop_cursor,cut_body":               "no client reads its cursor",
		"repeat_cursor,drop_cursor":          "give one",
		"cut_body,malformed_json":            "give one",
		"cut_body,status=500":                "sends none",
		"status=500,reset":                   "two faults",
		"insert_at_head=3,status=503":        "serves none",
		"html":                               "give a status",
		"retry_after=2,reset":                "give a status",
		"skip=-1,reset":                      "negative",
		"insert_at_head=-2":                  "negative",
		"skip=2":                             "does nothing",
		"status=200":                         "4xx or 5xx",
	} {
		_, err := sandbox.ParseFault(spec)
		if err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("%q: got %v, want an error saying %q", spec, err, why)
		}
	}
	for _, spec := range []string{"repeat_cursor,path=/labels", "drop_cursor,path=/contacts", "insert_at_head=2,path=/conversations",
		"cut_body,path=/me", "malformed_json,path=/contacts/{id}", "reset,path=/health", "status=503,path=/contacts/ctc_01HXYZABCDEFGHJKMNPQRSTVWX",
		"delay=1s,drop_cursor", "insert_at_head=1,cut_body"} {
		if _, err := sandbox.ParseFault(spec); err != nil {
			t.Errorf("%q: %v", spec, err)
		}
	}
}

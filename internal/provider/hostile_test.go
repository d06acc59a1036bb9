package provider_test

import (
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/acctest"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/kirimchat"
)

// The hostile-server table: servers that answer what the contract says the
// API never does, each read with the real CLI. Every row asserts the exit
// status, the key parts of the message, how many requests were sent, that
// nothing of a failed read reached the state, and that the key appears in
// no output, no TRACE log and no file. docs/index.md's failure section lists the same rows.

const hostileKey = "kdv_live_HostileHostileHostile123"

// hostile serves its answers in turn, the last one for every later
// request, and counts what it is asked.
type hostile struct {
	*httptest.Server
	requests atomic.Int64
}

func serveHostile(t *testing.T, overTLS bool, answers ...http.HandlerFunc) *hostile {
	t.Helper()
	h := &hostile{}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := h.requests.Add(1)
		w.Header().Set("X-Request-Id", fmt.Sprintf("req_HOSTILE%02d", n))
		answers[min(int(n), len(answers))-1](w, r)
	})
	if overTLS {
		h.Server = httptest.NewTLSServer(handler)
	} else {
		h.Server = httptest.NewServer(handler)
	}
	t.Cleanup(h.Close)
	return h
}

// body answers 200 with a JSON body.
func body(text string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(text))
	}
}

// row is a conversation with every documented field, its id marked as the
// hostile server's, with changes applied (nil removes a field).
func row(n int, changes map[string]any) string {
	return acctest.ConversationJSON(fmt.Sprintf("cnv_HOSTILE%015d", n), changes)
}

func rows(from, to int) []string {
	var out []string
	for n := from; n <= to; n++ {
		out = append(out, row(n, nil))
	}
	return out
}

func listPage(hasMore bool, next string, rows ...string) string {
	cursor := "null"
	if next != "" {
		cursor = `"` + next + `"`
	}
	return fmt.Sprintf(`{"data":[%s],"has_more":%v,"next_cursor":%s}`, strings.Join(rows, ","), hasMore, cursor)
}

const contactJSON = `{"id":"ctc_00000000000000000000000001","object":"contact","phone_number":"+6281234567890","name":"Siti",` +
	`"email":null,"metadata":null,"whatsapp_account":{"phone_number":null},"created_at":"2026-11-01T10:00:00Z","updated_at":"2026-11-01T10:00:00Z"}`

type hostileCase struct {
	answers []http.HandlerFunc
	// config is the data source blocks; the conversations list by default.
	config string
	// base replaces the provider's base_url (the hostile server's /v1).
	base func(h *hostile) string
	// overTLS serves https, with the server's certificate trusted through
	// SSL_CERT_FILE, as a custom certificate authority would be.
	overTLS bool
	// succeeds is true for a read that must succeed (exit status 0); every
	// other must fail (exit status 1).
	succeeds bool
	want     []string // patterns in terraform's output (a space matches any run of white space)
	requests int64
	inState  []string // for a read that succeeds
	// key replaces hostileKey as the key the provider sends (and the
	// server may echo); none of its forms may appear anywhere.
	key string
}

const listAll = `data "kirimchat_conversations" "all" {}
output "n" { value = length(data.kirimchat_conversations.all.ids) }
`

func hostileCases(t *testing.T) map[string]hostileCase {
	elsewhere := serveHostile(t, false, body(listPage(false, "", rows(1, 1)...)))
	endless := 0
	return map[string]hostileCase{
		"a redirect to another port": {
			answers: []http.HandlerFunc{func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, elsewhere.URL+"/v1/conversations", http.StatusFound)
			}},
			want:     []string{`HTTP 302 Found, a redirect to ` + elsewhere.URL + `, which is never followed`, `request_id req_HOSTILE01`},
			requests: 1,
		},
		"an https API redirected to plain http": {
			answers: []http.HandlerFunc{func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, "http://"+strings.TrimPrefix(elsewhere.URL, "http://")+"/v1/conversations?k="+hostileKey, http.StatusMovedPermanently)
			}},
			overTLS:  true,
			want:     []string{`HTTP 301 Moved Permanently, a redirect to ` + elsewhere.URL + `, which is never followed`},
			requests: 1,
		},
		"a 200 of {}":   {answers: []http.HandlerFunc{body(`{}`)}, want: []string{`HTTP 200 with a body that breaks the API's contract: /data is missing`}, requests: 1},
		"a 200 of null": {answers: []http.HandlerFunc{body(`null`)}, want: []string{`the body is null, not an object`}, requests: 1},
		"a 200 whose data is null": {answers: []http.HandlerFunc{body(`{"data":null,"has_more":false,"next_cursor":null}`)},
			want: []string{`/data is null, not an array`}, requests: 1},
		"a 200 holding an error envelope": {answers: []http.HandlerFunc{body(`{"error":{"type":"api_error","code":"internal_error","message":"Try later.","request_id":"req_INBODY"}}`)},
			want: []string{`HTTP 200 with type "api_error" and code "internal_error": the answer carries an error envelope despite its status`, `Request ID: req_INBODY`}, requests: 1},
		"a page 2 of {}": {answers: []http.HandlerFunc{body(listPage(true, "c2", rows(1, 10)...)), body(`{}`)},
			want: []string{`/data is missing`, `request_id req_HOSTILE02`}, requests: 2},
		"kirimchat_me of {}": {answers: []http.HandlerFunc{body(`{}`)}, config: `data "kirimchat_me" "this" {}`,
			want: []string{`GET /me answered HTTP 200 with a body that breaks the API's contract: /data is missing`}, requests: 1},
		"kirimchat_contact by id of an empty object": {answers: []http.HandlerFunc{body(`{"data":{}}`)},
			config: `data "kirimchat_contact" "c" { id = "ctc_00000000000000000000000001" }`,
			want:   []string{`/data/id is missing`}, requests: 1},
		"a row without status": {answers: []http.HandlerFunc{body(listPage(false, "", row(1, nil), row(2, map[string]any{"status": nil})))},
			want: []string{`/data/1/status is missing \(record cnv_HOSTILE000000000000002\)`, `request_id req_HOSTILE01`}, requests: 1},
		"a row without created_at": {answers: []http.HandlerFunc{body(listPage(false, "", row(1, map[string]any{"created_at": nil})))},
			want: []string{`/data/0/created_at is missing`}, requests: 1},
		"a row without unread_count": {answers: []http.HandlerFunc{body(listPage(false, "", row(1, map[string]any{"unread_count": nil})))},
			want: []string{`/data/0/unread_count is missing`}, requests: 1},
		"unread_count null": {answers: []http.HandlerFunc{body(listPage(false, "", row(1, map[string]any{"unread_count": json.RawMessage("null")})))},
			want: []string{`/data/0/unread_count is null, not an integer`}, requests: 1},
		"more rows than the limit": {answers: []http.HandlerFunc{body(listPage(false, "", rows(1, 11)...))},
			want: []string{`/data holds more than the 10 rows asked for`}, requests: 1},
		"a duplicate key": {answers: []http.HandlerFunc{body(`{"data":[` + row(1, nil) + `],"has_more":false,"next_cursor":null,"data":[]}`)},
			want: []string{`/data is not valid JSON: duplicate object member name`}, requests: 1},
		"a row that does not match the status filter": {answers: []http.HandlerFunc{body(listPage(false, "", row(1, map[string]any{"status": "pending"})))},
			config: `data "kirimchat_conversations" "open" { status = "open" }`,
			want:   []string{`/data/0 has status "pending", but the request asked for status=open \(record cnv_HOSTILE000000000000001\)`}, requests: 1},
		"a lookup by id that returns another contact": {answers: []http.HandlerFunc{body(`{"data":` + contactJSON + `}`)},
			config: `data "kirimchat_contact" "c" { id = "ctc_00000000000000000000000002" }`,
			want:   []string{`/data/id is another contact than the ctc_00000000000000000000000002 asked for`}, requests: 1},
		"a lookup by phone that returns another phone": {answers: []http.HandlerFunc{body(listPage(false, "", contactJSON))},
			config: `data "kirimchat_contact" "c" { phone_number = "+6289999999999" }`,
			want:   []string{`has phone number \+6281234567890, but the request asked for phone=\+6289999999999`}, requests: 1},
		"endless empty pages": {answers: []http.HandlerFunc{func(w http.ResponseWriter, r *http.Request) {
			endless++
			body(listPage(true, fmt.Sprintf("c%d", endless)))(w, r)
		}}, want: []string{`stopped at page 4: 4 pages in a row brought no new row while has_more stayed true`}, requests: 4},
		"the key in a Location": {answers: []http.HandlerFunc{func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "https://"+hostileKey+"@other.example/"+hostileKey+"?key="+hostileKey, http.StatusTemporaryRedirect)
		}}, want: []string{`a redirect to https://other.example, which is never followed`}, requests: 1},
		"the key in X-Request-Id and the body's request_id": {answers: []http.HandlerFunc{func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("X-Request-Id", "req_"+hostileKey)
			w.WriteHeader(401)
			_, _ = w.Write([]byte(`{"error":{"type":"authentication_error","code":"invalid_api_key","message":"Bad key ` + hostileKey + `","request_id":"` + hostileKey + `"}}`))
		}}, want: []string{`HTTP 401`, `Bad key \[REDACTED\]`, `Request ID: \[REDACTED\]`}, requests: 1},
		"the key in the base URL's user information": {base: func(h *hostile) string {
			return strings.Replace(h.URL, "http://", "http://u:"+hostileKey+"@", 1) + "/v1"
		},
			want: []string{`must not carry user information`}, requests: 0},
		"the key in the base URL's query": {base: func(h *hostile) string { return h.URL + "/v1?key=" + hostileKey },
			want: []string{`must not have a query or fragment`}, requests: 0},
		"the key in the base URL's path, nothing listening": {base: func(*hostile) string { return closedURL(t) + "/" + hostileKey + "/v1" },
			want: []string{`GET /conversations failed after 1 attempt\(s\): dial tcp`, `connection refused`}, requests: 0},
		// Fail closed, second round (each of these was accepted, or shown
		// raw, before).
		"the key echoed into a status": {answers: []http.HandlerFunc{body(listPage(false, "", row(1, map[string]any{"status": hostileKey})))},
			want: []string{`/data/0/status holds the API key the request was sent with: a server that echoes credentials into its answers is not the Kirim.chat API \(record cnv_HOSTILE000000000000001\)`}, requests: 1},
		"the key echoed into a contact's name": {answers: []http.HandlerFunc{body(listPage(false, "", row(1, map[string]any{
			"contact": map[string]any{"id": "ctc_1", "phone_number": nil, "name": "Siti " + hostileKey}})))},
			want: []string{`/data/0/contact/name holds the API key`}, requests: 1},
		"the key echoed into a label's color": {answers: []http.HandlerFunc{body(listPage(false, "", labelJSON("lbl_1", hostileKey)))},
			config: `data "kirimchat_labels" "all" {}`, want: []string{`GET /labels answered HTTP 200 .* /data/0/color holds the API key`}, requests: 1},
		"the key JSON-escaped in a contact's metadata": {answers: []http.HandlerFunc{body(listPage(false, "", strings.Replace(contactJSON, `"metadata":null`,
			`"metadata":{"tier":"`+strings.ReplaceAll(hostileKey, "H", `\u0048`)+`"}`, 1)))},
			config: `data "kirimchat_contacts" "all" {}`, want: []string{`/data/0/metadata/tier holds the API key`}, requests: 1},
		"a key with a tab, a quote and a backslash, echoed in every form": {key: oddKey, answers: []http.HandlerFunc{func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(403)
			message, _ := json.Marshal(fmt.Sprintf("raw %s, quoted %q, ascii %+q, url %s", oddKey, oddKey, oddKey, url.QueryEscape(oddKey)))
			_, _ = w.Write([]byte(`{"error":{"type":"permission_error","code":"forbidden","message":` + string(message) + `,"request_id":"req_1"}}`))
		}}, want: []string{`HTTP 403 with type "permission_error" and code "forbidden": raw \[REDACTED\], quoted "\[REDACTED\]", ascii "\[REDACTED\]", url \[REDACTED\]`}, requests: 1},
		"terminal control sequences in every field of an error": {answers: []http.HandlerFunc{func(w http.ResponseWriter, _ *http.Request) {
			forged := "\x1b[2J\x1b[H\x1b[32mApply complete! Resources: 0 added\x1b[0m\r\n"
			envelope, _ := json.Marshal(map[string]any{"error": map[string]any{"type": "api_error" + forged, "code": "x" + forged,
				"message": "boom" + forged, "param": "p" + forged, "request_id": "req_" + forged}})
			w.WriteHeader(500)
			_, _ = w.Write(envelope)
		}}, want: []string{`HTTP 500 with type "api_error\\x1b\[2J\\x1b\[H\\x1b\[32mApply complete! Resources: 0 added\\x1b\[0m\\x0d\\x0a"`,
			`: boom\\x1b\[2J`, `Parameter: p\\x1b`, `Request ID: req_\\x1b`}, requests: 1},
		"a control sequence in X-Request-Id": {answers: []http.HandlerFunc{rawHTTP("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" +
			"X-Request-Id: req_\x1b[2J\x1b[HApply complete!\r\nContent-Length: 2\r\n\r\n{}")},
			want: []string{`GET /conversations failed after 1 attempt\(s\): net/http: HTTP/1.x transport connection broken: malformed MIME header line: "X-Request-Id: req_\\x1b\[2J\\x1b\[HApply complete!"`}, requests: 1},
		"a 2 MB error message": {answers: []http.HandlerFunc{func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(400)
			_, _ = w.Write([]byte(`{"error":{"type":"invalid_request_error","code":"invalid_field_value","message":"` + strings.Repeat("A", 2_000_000) + `","request_id":"req_1"}}`))
		}}, want: []string{`: A{512}… \[cut at 512 of 2000000 bytes\]`}, requests: 1},
		"a date-time with offset minutes past 59": {answers: []http.HandlerFunc{body(listPage(false, "", row(1, map[string]any{"last_message_at": "2026-11-20T00:30:00+00:60"})))},
			want: []string{`/data/0/last_message_at is "2026-11-20T00:30:00\+00:60", not an RFC 3339 date-time \(the offset's minutes are past 59\); write one such as 2026-11-27T09:30:00Z`}, requests: 1},
		"a date-time with offset hour 24": {answers: []http.HandlerFunc{body(listPage(false, "", row(1, map[string]any{"created_at": "2026-11-20T00:30:00+24:00"})))},
			want: []string{`/data/0/created_at is "2026-11-20T00:30:00\+24:00", not an RFC 3339 date-time \(the offset's hour is past 23\)`}, requests: 1},
		"a date-time with a comma before the fraction": {answers: []http.HandlerFunc{body(listPage(false, "", row(1, map[string]any{"updated_at": "2026-11-20T00:30:00,5Z"})))},
			want: []string{`/data/0/updated_at is "2026-11-20T00:30:00,5Z", not an RFC 3339 date-time`}, requests: 1},
		"RFC 3339's lowercase t and z and a leap second": {answers: []http.HandlerFunc{body(listPage(false, "",
			row(1, map[string]any{"last_message_at": "2016-12-31t23:59:60z", "created_at": "2016-12-31T23:59:60Z"})))},
			config: windowRead("2016-12-31T23:59:59Z"), succeeds: true, requests: 1,
			want:    []string{`ids = \[ \+ "cnv_HOSTILE000000000000001", \]`},
			inState: []string{`"last_message_at": "2016-12-31t23:59:60z"`, `"created_at": "2016-12-31T23:59:60Z"`}},
		"last_message_after with offset minutes past 59": {config: windowRead("2026-11-20T00:00:00+00:60"),
			want: []string{`Invalid date-time`, `The value "2026-11-20T00:00:00\+00:60" is not an RFC 3339 date-time \(the offset's minutes are past 59\)`}, requests: 0},
		"a window page whose first row is older than the boundary and the next newer": {answers: []http.HandlerFunc{body(listPage(true, "c2",
			row(1, map[string]any{"last_message_at": "2026-11-19T00:00:00Z"}), row(2, map[string]any{"last_message_at": "2026-11-25T00:00:00Z"})))},
			config: windowRead("2026-11-20T00:00:00Z"),
			want:   []string{`/data/1 has last_message_at 2026-11-25T00:00:00Z, later than the 2026-11-19T00:00:00Z of conversation cnv_HOSTILE000000000000001 before it`}, requests: 1},
		"a window read whose rows are served again across pages, new ones at the head": {answers: []http.HandlerFunc{
			body(listPage(true, "c2", rowsAt(1, "2026-11-25T00:00:00Z", "2026-11-24T00:00:00Z")...)),
			// two conversations arrived at the head: offset paging serves 1 and 2 again
			body(listPage(true, "c3", append(rowsAt(1, "2026-11-25T00:00:00Z", "2026-11-24T00:00:00Z"), rowsAt(3, "2026-11-23T00:00:00Z")...)...)),
			body(listPage(true, "c4", rowsAt(4, "2026-11-22T00:00:00Z", "2026-11-19T00:00:00Z")...)),
		}, config: windowRead("2026-11-20T00:00:00Z"), succeeds: true, requests: 3,
			want: []string{`ids = \[ \+ "cnv_HOSTILE000000000000001", \+ "cnv_HOSTILE000000000000002", \+ "cnv_HOSTILE000000000000003", ` +
				`\+ "cnv_HOSTILE000000000000004", \]`},
			inState: []string{`"truncated": false`}},
		"max_results reached at the window's end": {answers: []http.HandlerFunc{
			body(listPage(true, "c2", rowsAt(1, "2026-11-25T00:00:00Z", "2026-11-24T00:00:00Z")...)),
			body(listPage(true, "c3", rowsAt(3, "2026-11-01T00:00:00Z")...)),
		}, config: windowRead("2026-11-20T00:00:00Z", "max_results = 2"), succeeds: true, requests: 2,
			inState: []string{`"truncated": false`, `cnv_HOSTILE000000000000002`}},
		"has_more false with a next_cursor": {answers: []http.HandlerFunc{body(`{"data":[` + row(1, nil) + `],"has_more":false,"next_cursor":"c2"}`)},
			want: []string{`/next_cursor is a cursor while has_more is false: the contract makes it null then`}, requests: 1},
		"the same id twice on one page": {answers: []http.HandlerFunc{body(listPage(false, "", row(1, nil), row(2, nil), row(1, nil)))},
			want: []string{`/data/2 repeats the id of /data/0: a page lists each record once \(record cnv_HOSTILE000000000000001\)`}, requests: 1},
		"a conversation id without cnv_": {answers: []http.HandlerFunc{body(listPage(false, "", acctest.ConversationJSON("conv_1", nil)))},
			want: []string{`/data/0/id is "conv_1", not an id of the form cnv_ followed by letters and digits`}, requests: 1},
		"a contact id without ctc_": {answers: []http.HandlerFunc{body(listPage(false, "", strings.Replace(contactJSON, `"id":"ctc_`, `"id":"usr_`, 1)))},
			config: `data "kirimchat_contacts" "all" {}`, want: []string{`/data/0/id is "usr_00000000000000000000000001", not an id of the form ctc_ followed by letters and digits`}, requests: 1},
		"a label id without lbl_": {answers: []http.HandlerFunc{body(listPage(false, "", labelJSON("tag_1", "red")))},
			config: `data "kirimchat_labels" "all" {}`, want: []string{`/data/0/id is "tag_1", not an id of the form lbl_ followed by letters and digits`}, requests: 1},
		"HTTP 206 Partial Content": {answers: []http.HandlerFunc{func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(206)
			_, _ = w.Write([]byte(listPage(false, "", row(1, nil))))
		}}, want: []string{`answered HTTP 206 with a body that breaks the API's contract: the body comes with HTTP 206 Partial Content, not the 200 OK`}, requests: 1},
		"a captive portal's page": {answers: []http.HandlerFunc{func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write([]byte(listPage(false, "", row(1, nil))))
		}}, want: []string{`the body comes as "text/html; charset=utf-8", not as the application/json the API sends`}, requests: 1},
		"a control sequence in a conversation id": {answers: []http.HandlerFunc{body(listPage(false, "", acctest.ConversationJSON("cnv_1\x1b[2J\x1b[H", nil)))},
			want: []string{`/data/0/id holds the control character U\+001B: the API's values are text`}, requests: 1},
		"a carriage return in a contact's name": {answers: []http.HandlerFunc{body(listPage(false, "", row(1, map[string]any{
			"contact": map[string]any{"id": "ctc_1", "phone_number": nil, "name": "Siti\r\nApply complete!"}})))},
			want: []string{`/data/0/contact/name holds the control character U\+000D`}, requests: 1},
		"a new status in every row": {answers: []http.HandlerFunc{body(listPage(true, "c2", statusRows(0, 10)...)), body(listPage(false, "", statusRows(10, 12)...))},
			succeeds: true, requests: 2,
			want: []string{`conversation status "s00x+… \[cut at 512 of 625 bytes\] \(1 conversations\)`, `2 more such values`}},
		"a status the documentation does not list": {answers: []http.HandlerFunc{body(listPage(false, "", row(1, map[string]any{"status": "snoozed"}), row(2, nil)))},
			succeeds: true, want: []string{`Warning: Kirim.chat sent values its documentation does not list`, `conversation status "snoozed" \(1 conversations\)`},
			requests: 1, inState: []string{`"status": "snoozed"`, `cnv_HOSTILE000000000000002`}},
	}
}

func TestAccHostileServers(t *testing.T) {
	for name, tc := range hostileCases(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			answers := tc.answers
			if len(answers) == 0 {
				answers = []http.HandlerFunc{body(`{}`)} // for the cases that must send no request
			}
			h := serveHostile(t, tc.overTLS, answers...)
			base := h.URL + "/v1"
			if tc.base != nil {
				base = tc.base(h)
			}
			var env []string
			if tc.overTLS {
				ca := filepath.Join(t.TempDir(), "ca.pem")
				writeFile(t, ca, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: h.Certificate().Raw})))
				env = append(env, "SSL_CERT_FILE="+ca)
			}
			config := tc.config
			if config == "" {
				config = listAll
			}
			// The key comes from the environment, as the docs advise; the TRACE
			// log (terraform's and the provider's) is written beside the state,
			// where the search for the key below reads it too.
			key := hostileKey
			if tc.key != "" {
				key = tc.key
			}
			env = append(env, "KIRIMCHAT_API_KEY="+key, "TF_LOG=trace", "TF_LOG_PATH=trace.log")
			w := newWorkspace(t, fmt.Sprintf(`provider "kirimchat" {
  base_url    = %q
  page_size   = 10
  max_retries = 0
}
`, base)+config, env...)
			exit, out := w.apply()
			if wantExit := map[bool]int{true: 0, false: 1}[tc.succeeds]; exit != wantExit {
				t.Fatalf("exit status %d, want %d:\n%s", exit, wantExit, out)
			}
			for _, pattern := range tc.want {
				if !wrapped(pattern).MatchString(out) {
					t.Errorf("output lacks %q:\n%s", pattern, out)
				}
			}
			if n := h.requests.Load(); n != tc.requests {
				t.Errorf("%d requests, want %d", n, tc.requests)
			}
			files := w.files()
			if !strings.Contains(files, "[TRACE]") {
				t.Fatal("no TRACE log was written")
			}
			for _, text := range []string{out, files} {
				for _, form := range kirimchat.KeyForms(key) {
					if strings.Contains(text, form) {
						t.Fatalf("the key leaked as %q:\n%.3000s", form, text)
					}
				}
			}
			if strings.ContainsAny(out, "\x1b\r") {
				t.Errorf("terraform's output holds an ESC or CR byte:\n%q", out)
			}
			state := w.state()
			if !tc.succeeds && (strings.Contains(state, "HOSTILE0000") || strings.Contains(state, `"type": "kirimchat_`)) {
				t.Fatalf("a failed read reached the state:\n%s", state)
			}
			for _, want := range tc.inState {
				if !strings.Contains(state, want) {
					t.Errorf("the state lacks %s", want)
				}
			}
		})
	}
}

// oddKey is a key with characters that quoting and escaping change, which
// masking must find in each form the provider can write it.
const oddKey = "kdv_live_Tab\tQuote\"Back\\slash123"

func labelJSON(id, color string) string {
	return fmt.Sprintf(`{"id":%q,"object":"label","name":"VIP","color":%q,"team_id":"team_1",`+
		`"created_at":"2026-11-01T10:00:00Z","updated_at":"2026-11-01T10:00:00Z"}`, id, color)
}

// statusRows are conversations from to to, each with a long status of its own.
func statusRows(from, to int) []string {
	var out []string
	for i := from; i < to; i++ {
		out = append(out, row(i+1, map[string]any{"status": fmt.Sprintf("s%02d%s", i, strings.Repeat("x", 600))}))
	}
	return out
}

// rowsAt are conversations numbered from first on, with these last_message_at.
func rowsAt(first int, lastMessageAt ...string) []string {
	var out []string
	for i, at := range lastMessageAt {
		out = append(out, row(first+i, map[string]any{"last_message_at": at}))
	}
	return out
}

// windowRead lists the conversations after a time, with more arguments,
// and outputs their ids.
func windowRead(after string, arguments ...string) string {
	return fmt.Sprintf(`data "kirimchat_conversations" "window" {
  last_message_after = %q
  %s
}
output "ids" { value = data.kirimchat_conversations.window.ids }
`, after, strings.Join(arguments, "\n  "))
}

// rawHTTP answers with exactly these bytes, whatever net/http would allow.
func rawHTTP(response string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(err)
		}
		_, _ = conn.Write([]byte(response))
		_ = conn.Close()
	}
}

// closedURL is the base of an address where nothing listens.
func closedURL(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + l.Addr().String()
	_ = l.Close()
	return url
}

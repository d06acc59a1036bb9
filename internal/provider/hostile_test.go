package provider_test

import (
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/acctest"
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
			env = append(env, "KIRIMCHAT_API_KEY="+hostileKey, "TF_LOG=trace", "TF_LOG_PATH=trace.log")
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
				if strings.Contains(text, hostileKey) || strings.Contains(text, strings.TrimPrefix(hostileKey, "kdv_live_")) {
					t.Fatalf("the key leaked:\n%s", text)
				}
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

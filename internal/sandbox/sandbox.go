// Package sandbox is a faithful fake of the Kirim.chat API, written from the
// API contract (CONTRACT.md beside this file, which says where each rule is
// implemented and tested), for tests, demos and users' own CI.
// It is an http.Handler serving the API under /v1.
package sandbox

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Options configures a Server. Zero values take sensible defaults.
type Options struct {
	// APIKeys are accepted; ExpiredKeys answer 401 expired_api_key.
	APIKeys     []string
	ExpiredKeys []string
	// Organization to serve whole, as ReadFixture reads it. When nil,
	// Conversations are served, with contacts derived from them; when those
	// are nil too, GenerateOrganization(Generated).
	Organization  *Organization
	Conversations []Conversation
	Generated     GenerateOptions
	// ReadsPerMinute sizes the read token bucket (default 600, the free tier).
	ReadsPerMinute int
	// CursorSecret signs cursors (default: a fixed test secret).
	CursorSecret string
	// Now is the sandbox clock (default time.Now).
	Now func() time.Time
	// Latency holds every answer back this long, give or take up to
	// LatencyJitter, as a link to a distant API would: the round trip users
	// far from the API pay on every page.
	Latency, LatencyJitter time.Duration
	// OffsetCursors makes cursors hold a row offset, as many APIs' do, instead
	// of the last row's sort key: rows inserted at the head during a drain
	// then shift the pages, and rows are served twice.
	OffsetCursors bool
}

// DefaultAPIKey is accepted when Options.APIKeys is empty.
const DefaultAPIKey = "kdv_live_sandboxSANDBOXsandbox0"

// Request is what the sandbox recorded of one request.
type Request struct {
	Method    string
	Path      string // relative to /v1
	Query     url.Values
	RawQuery  string
	UserAgent string
	Status    int
	RequestID string
}

// Server is the fake API.
type Server struct {
	keys, expired map[string]bool
	cursors       cursorCodec
	now           func() time.Time
	offsetCursors bool
	inserted      int
	latency       Latency

	org Organization // contacts and labels newest first; conversations are in sorted

	mu       sync.Mutex
	sorted   []Conversation // by last_message_at desc NULLS LAST, then id desc
	filtered map[string][]Conversation
	faults   []*activeFault
	requests []Request
	bucket   bucket
	rng      *rand.Rand
}

// New builds a Server.
func New(opts Options) *Server {
	s := &Server{
		keys:          set(opts.APIKeys),
		expired:       set(opts.ExpiredKeys),
		cursors:       cursorCodec{secret: []byte(opts.CursorSecret)},
		now:           opts.Now,
		offsetCursors: opts.OffsetCursors,
		latency:       Latency{Base: opts.Latency, Jitter: opts.LatencyJitter},
		bucket:        bucket{perMinute: opts.ReadsPerMinute},
		rng:           rand.New(rand.NewPCG(1, 2)),
	}
	if len(s.keys) == 0 {
		s.keys = set([]string{DefaultAPIKey})
	}
	if len(s.cursors.secret) == 0 {
		s.cursors.secret = []byte("sandbox-cursor-secret")
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.bucket.perMinute <= 0 {
		s.bucket.perMinute = 600
	}
	switch {
	case opts.Organization != nil:
		s.org = *opts.Organization
		s.SetConversations(s.org.Conversations)
	case opts.Conversations != nil:
		s.org = Organization{ID: "org_00000000000000000000000000", Name: "Sandbox fixture", Tier: "free",
			Contacts: contactsFromConversations(opts.Conversations)}
		s.SetConversations(opts.Conversations)
	default:
		s.org = GenerateOrganization(opts.Generated)
		s.SetConversations(s.org.Conversations)
	}
	s.org.Conversations = nil // the live list is s.sorted
	return s
}

func set(xs []string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

// SetConversations replaces the data served.
func (s *Server) SetConversations(convs []Conversation) {
	sorted := slices.Clone(convs)
	slices.SortStableFunc(sorted, func(a, b Conversation) int { return compareKeys(sortKeyOf(a), sortKeyOf(b)) })
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sorted = sorted
	s.filtered = map[string][]Conversation{}
}

// Insert adds conversations while clients may be paging, as live traffic does.
func (s *Server) Insert(convs ...Conversation) {
	s.mu.Lock()
	all := append(slices.Clone(s.sorted), convs...)
	s.mu.Unlock()
	s.SetConversations(all)
}

// Conversations returns the data in the API's order.
func (s *Server) Conversations() []Conversation {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.sorted)
}

// Requests returns what the sandbox has received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// sortKey orders conversations newest-active first, NULLS LAST, then by id.
type sortKey struct {
	hasTime bool
	at      time.Time
	raw     string
	id      string
}

func sortKeyOf(c Conversation) sortKey {
	k := sortKey{id: c.ID}
	if c.LastMessageAt != nil {
		if t, err := time.Parse(time.RFC3339Nano, *c.LastMessageAt); err == nil {
			k.hasTime, k.at, k.raw = true, t, *c.LastMessageAt
		}
	}
	return k
}

func compareKeys(a, b sortKey) int {
	switch {
	case a.hasTime && !b.hasTime:
		return -1
	case !a.hasTime && b.hasTime:
		return 1
	case a.hasTime && !a.at.Equal(b.at):
		return b.at.Compare(a.at) // newest first
	}
	return strings.Compare(b.id, a.id)
}

var (
	contactIDPattern = regexp.MustCompile(`(?i)^ctc_[0-9A-HJKMNP-TV-Z]{26}$`)
	statuses         = []string{"open", "resolved", "pending"}
)

// apiError is the documented error envelope.
type apiError struct {
	status     int
	Type       string `json:"type"`
	Code       string `json:"code"`
	Message    string `json:"message"`
	Param      string `json:"param,omitempty"`
	RequestID  string `json:"request_id"`
	retryAfter int
	html       bool
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.latency.wait(r) {
		return // the client gave up during the simulated distance
	}
	requestID := s.newRequestID()
	w.Header().Set("X-Request-Id", requestID)
	path, ok := strings.CutPrefix(r.URL.Path, "/v1")
	if !ok {
		s.finish(w, r, path, &apiError{status: 404, Type: "not_found", Code: "route_not_found", Message: "Unknown path; the API lives under /v1."}, nil)
		return
	}
	if path == "/health" {
		s.finish(w, r, path, nil, map[string]any{"status": "ok"})
		return
	}
	if errResp := s.authenticate(r); errResp != nil {
		setRateLimitHeaders(w, s.bucketState(false))
		s.finish(w, r, path, errResp, nil)
		return
	}
	if r.Method != http.MethodGet {
		s.finish(w, r, path, &apiError{status: 405, Type: "invalid_request_error", Code: "method_not_allowed", Message: r.Method + " is not supported here."}, nil)
		return
	}
	limit := s.bucketState(true)
	setRateLimitHeaders(w, limit)
	if !limit.allowed {
		secs := int(math.Ceil(limit.retryAfter.Seconds()))
		s.finish(w, r, path, &apiError{status: 429, Type: "rate_limit_error", Code: "rate_limit_exceeded", Message: "Too many requests; retry after the number of seconds in Retry-After.", retryAfter: secs}, nil)
		return
	}

	fault := s.takeFault(path)
	if fault != nil && fault.Delay > 0 {
		select {
		case <-time.After(fault.Delay):
		case <-r.Context().Done():
			s.record(r, path, 0, requestID) // the client gave up first
			return
		}
	}
	if fault != nil && fault.Status != 0 {
		s.finish(w, r, path, faultError(fault, r), nil)
		return
	}
	if fault != nil && fault.ResetConnection {
		s.hangUp(w, r, path, nil)
		return
	}
	if fault != nil && fault.InsertAtHead > 0 {
		s.insertAtHead(fault.InsertAtHead)
	}

	switch {
	case path == "/contacts":
		body, errResp := s.listContacts(r.URL.Query())
		s.finish(w, r, path, errResp, body)
	case strings.HasPrefix(path, "/contacts/"):
		body, errResp := s.getContact(strings.TrimPrefix(path, "/contacts/"))
		s.finish(w, r, path, errResp, body)
	case path == "/labels":
		body, errResp := s.listLabels(r.URL.Query())
		s.finish(w, r, path, errResp, body)
	case path == "/me":
		s.finish(w, r, path, nil, s.me(r))
	case path == "/conversations":
		body, errResp := s.listConversations(r.URL.Query(), fault)
		switch {
		case errResp == nil && fault != nil && fault.CutBody:
			s.hangUp(w, r, path, body)
		case errResp == nil && fault != nil && fault.MalformedJSON:
			s.writeMalformed(w, r, path, body)
		default:
			s.finish(w, r, path, errResp, body)
		}
	default:
		s.finish(w, r, path, &apiError{status: 404, Type: "not_found", Code: "route_not_found", Message: "Unknown path " + path + "."}, nil)
	}
}

func faultError(f *Fault, r *http.Request) *apiError {
	e := &apiError{status: f.Status, Type: "api_error", Code: "internal_error", Message: "Something went wrong on our side.", retryAfter: f.RetryAfter, html: f.HTML}
	switch {
	case f.Status == 429:
		e.Type, e.Code, e.Message = "rate_limit_error", "rate_limit_exceeded", "Too many requests."
	case f.Status == 401:
		e.Type, e.Code, e.Message = "authentication_error", "invalid_api_key", "The API key is not valid."
	case f.Status == 403:
		e.Type, e.Code, e.Message = "permission_error", "plan_limit_exceeded", "Your plan does not allow this."
	case f.Status == 503:
		e.Code, e.Message = "service_unavailable", "The service is temporarily unavailable."
	case f.Status < 500:
		e.Type, e.Code, e.Message = "invalid_request_error", "invalid_field_value", "The request is invalid."
	}
	if f.EchoAuthorization {
		e.Message += " Received: " + r.Header.Get("Authorization")
	}
	return e
}

func (s *Server) authenticate(r *http.Request) *apiError {
	e := &apiError{status: 401, Type: "authentication_error"}
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	switch {
	case !ok || token == "":
		e.Code, e.Message = "missing_api_key", "Send the API key as Authorization: Bearer <key>."
	case s.expired[token]:
		e.Code, e.Message = "expired_api_key", "The API key has expired. Create a new one in the dashboard."
	case !s.keys[token]:
		e.Code, e.Message = "invalid_api_key", "The API key is not valid."
	default:
		return nil
	}
	return e
}

// bucketState reports the read bucket, taking a token from it when asked.
func (s *Server) bucketState(take bool) bucketState {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.bucket.take(s.now(), take)
}

func setRateLimitHeaders(w http.ResponseWriter, st bucketState) {
	w.Header().Set("X-RateLimit-Limit", strconv.Itoa(st.limit))
	w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(st.remaining))
	w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(st.reset, 10))
}

// listConversations answers GET /conversations.
func (s *Server) listConversations(q url.Values, fault *Fault) (any, *apiError) {
	limit, errResp := parseLimit(q)
	if errResp != nil {
		return nil, errResp
	}
	status, contactID := q.Get("status"), q.Get("contact_id")
	if q.Has("status") && !slices.Contains(statuses, status) {
		return nil, invalid("invalid_field_value", "status", "status must be one of open, resolved, pending.")
	}
	if q.Has("contact_id") && !contactIDPattern.MatchString(contactID) {
		return nil, invalid("invalid_field_value", "contact_id", "contact_id must be a contact id (ctc_ followed by 26 characters).")
	}
	filters := url.Values{}
	if q.Has("status") {
		filters.Set("status", status)
	}
	if q.Has("contact_id") {
		filters.Set("contact_id", "ctc_"+strings.ToUpper(contactID[4:]))
	}
	filterKey := "/conversations?" + filters.Encode()

	matching := s.matchingConversations(filterKey, func(c *Conversation) bool {
		return (status == "" || c.Status == status) && (contactID == "" || c.Contact != nil && strings.EqualFold(c.Contact.ID, contactID))
	})

	start := 0
	if pos, ok, errResp := s.cursorFrom(q, filterKey); errResp != nil {
		return nil, errResp
	} else if ok {
		start = min(positionAfter(matching, pos), len(matching))
	}
	end := min(start+limit, len(matching))
	page, hasMore := matching[start:end], end < len(matching)
	if page == nil {
		page = []Conversation{} // the contract's data is an array, never null
	}

	var next any
	if hasMore {
		last := sortKeyOf(page[len(page)-1])
		pos := cursorPosition{Filters: filterKey, LastMessageAt: last.raw, ID: last.id}
		if s.offsetCursors {
			pos.Offset = end
		}
		next = s.cursors.encode(pos)
	}
	if fault != nil && fault.RepeatCursor && q.Has("cursor") {
		next, hasMore = q.Get("cursor"), true
	}
	if fault != nil && fault.DropNextCursor {
		next, hasMore = nil, true
	}
	return map[string]any{"object": "list", "data": page, "has_more": hasMore, "next_cursor": next}, nil
}

// positionAfter is the index in all (sorted, filtered) where the page after
// the cursor starts.
func positionAfter(all []Conversation, pos cursorPosition) int {
	if pos.Offset > 0 {
		return pos.Offset
	}
	after := sortKey{id: pos.ID}
	if pos.LastMessageAt != "" {
		after.at, _ = time.Parse(time.RFC3339Nano, pos.LastMessageAt)
		after.hasTime = true
	}
	i, found := slices.BinarySearchFunc(all, after, func(c Conversation, k sortKey) int { return compareKeys(sortKeyOf(c), k) })
	if found {
		i++
	}
	return i
}

// matchingConversations is the sorted list narrowed by a filter, computed
// once per filter set and data version: draining N rows then costs O(N), not
// O(N²).
func (s *Server) matchingConversations(filterKey string, keep func(*Conversation) bool) []Conversation {
	s.mu.Lock()
	defer s.mu.Unlock()
	if filterKey == "/conversations?" {
		return s.sorted
	}
	if cached, ok := s.filtered[filterKey]; ok {
		return cached
	}
	var matching []Conversation
	for i := range s.sorted {
		if keep(&s.sorted[i]) {
			matching = append(matching, s.sorted[i])
		}
	}
	s.filtered[filterKey] = matching
	return matching
}

// parseLimit reads the documented limit parameter: 1–100, default 25.
func parseLimit(q url.Values) (int, *apiError) {
	if !q.Has("limit") {
		return 25, nil
	}
	n, err := strconv.Atoi(q.Get("limit"))
	if err != nil || n < 1 || n > 100 {
		return 0, invalid("invalid_limit", "limit", "limit must be an integer between 1 and 100.")
	}
	return n, nil
}

// cursorFrom decodes the request's cursor, which must have been issued for
// the same endpoint and filters.
func (s *Server) cursorFrom(q url.Values, filterKey string) (cursorPosition, bool, *apiError) {
	if !q.Has("cursor") {
		return cursorPosition{}, false, nil
	}
	pos, err := s.cursors.decode(q.Get("cursor"))
	if err != nil {
		return pos, false, invalid("invalid_cursor", "cursor", "The cursor is malformed or has been tampered with.")
	}
	if pos.Filters != filterKey {
		return pos, false, invalid("invalid_cursor", "cursor", "The cursor was issued for other filters; start again without it.")
	}
	return pos, true, nil
}

func invalid(code, param, message string) *apiError {
	return &apiError{status: 400, Type: "invalid_request_error", Code: code, Param: param, Message: message}
}

// finish writes either the error envelope or body, and records the request.
func (s *Server) finish(w http.ResponseWriter, r *http.Request, path string, e *apiError, body any) {
	requestID := w.Header().Get("X-Request-Id")
	status := http.StatusOK
	switch {
	case e != nil && e.html:
		status = e.status
		if e.retryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(e.retryAfter))
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		_, _ = fmt.Fprintf(w, "<html><head><title>%d %s</title></head><body><center><h1>%d %s</h1></center><hr><center>nginx</center></body></html>\n",
			status, http.StatusText(status), status, http.StatusText(status))
	case e != nil:
		status = e.status
		e.RequestID = requestID
		if e.retryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(e.retryAfter))
		}
		writeJSON(w, status, map[string]any{"error": e})
	default:
		if m, ok := body.(map[string]any); ok {
			m["request_id"] = requestID
		}
		writeJSON(w, status, body)
	}
	s.record(r, path, status, requestID)
}

// record remembers a request for Requests; status 0 means no answer was sent.
func (s *Server) record(r *http.Request, path string, status int, requestID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, Request{
		Method: r.Method, Path: path, Query: r.URL.Query(), RawQuery: r.URL.RawQuery,
		UserAgent: r.UserAgent(), Status: status, RequestID: requestID,
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (s *Server) newRequestID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var b [26]byte
	for i := range b {
		b[i] = crockford[s.rng.IntN(len(crockford))]
	}
	return "req_" + string(b[:])
}

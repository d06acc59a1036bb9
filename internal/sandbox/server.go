// Package sandbox is a faithful fake of the Kirim.chat API, written from the
// API contract (CONTRACT.md beside this file, which says where each rule is
// implemented and tested), for tests, demos and users' own CI.
// It is an http.Handler serving the API under /v1.
//
// The code is organized by resource: server.go (routing, authentication,
// the answer and the request log), conversations.go, contacts.go,
// labels.go, me.go, pages.go (what every list shares), fixtures.go (reading
// and validating fixtures) and faults.go (every fault, applied in one
// place).
package sandbox

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"net/url"
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

// Requests returns what the sandbox has received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// route is one endpoint of the sandbox. Faults are applied to routes (see
// faults.go): Fault.Path names one by its path or its pattern.
type route struct {
	pattern string // "/conversations", "/contacts/{id}"
	// list marks a paged list, whose pages cursor faults change.
	list bool
	// open marks a route that needs no key (/health); only a fault that
	// names it applies to it.
	open  bool
	serve func(s *Server, r *http.Request, path string) (body any, e *apiError)
}

var routes = []route{
	{pattern: "/health", open: true, serve: func(*Server, *http.Request, string) (any, *apiError) {
		return map[string]any{"status": "ok"}, nil
	}},
	{pattern: "/conversations", list: true, serve: func(s *Server, r *http.Request, _ string) (any, *apiError) {
		return s.listConversations(r.URL.Query())
	}},
	{pattern: "/contacts", list: true, serve: func(s *Server, r *http.Request, _ string) (any, *apiError) {
		return s.listContacts(r.URL.Query())
	}},
	{pattern: "/contacts/{id}", serve: func(s *Server, _ *http.Request, path string) (any, *apiError) {
		return s.getContact(strings.TrimPrefix(path, "/contacts/"))
	}},
	{pattern: "/labels", list: true, serve: func(s *Server, r *http.Request, _ string) (any, *apiError) {
		return s.listLabels(r.URL.Query())
	}},
	{pattern: "/me", serve: func(s *Server, r *http.Request, _ string) (any, *apiError) {
		return s.me(r), nil
	}},
}

// routeFor is the route that serves path (relative to /v1), or nil.
func routeFor(path string) *route {
	for i := range routes {
		rt := &routes[i]
		if prefix, ok := strings.CutSuffix(rt.pattern, "{id}"); ok {
			if strings.HasPrefix(path, prefix) {
				return rt
			}
		} else if path == rt.pattern {
			return rt
		}
	}
	return nil
}

// routeNames lists the routes, for messages.
func routeNames() string {
	names := make([]string, len(routes))
	for i, rt := range routes {
		names[i] = rt.pattern
	}
	return strings.Join(names, ", ")
}

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
	rt := routeFor(path)
	if rt != nil && rt.open {
		s.answer(w, r, rt, path)
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
	if rt == nil {
		s.finish(w, r, path, &apiError{status: 404, Type: "not_found", Code: "route_not_found", Message: "Unknown path " + path + "."}, nil)
		return
	}
	s.answer(w, r, rt, path)
}

// answer serves a request its route answers, through the first fault that
// applies to it, if any (faults.go).
func (s *Server) answer(w http.ResponseWriter, r *http.Request, rt *route, path string) {
	body, errResp := rt.serve(s, r, path)
	fault := s.takeFault(rt, path, r, errResp == nil)
	if fault == nil {
		s.finish(w, r, path, errResp, body)
		return
	}
	s.applyFault(w, r, rt, path, fault, body, errResp)
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
		writeJSON(w, status, withRequestID(body, requestID))
	}
	s.record(r, path, status, requestID)
}

// withRequestID is a 200's body with the request id the contract puts in it.
func withRequestID(body any, requestID string) any {
	if m, ok := body.(map[string]any); ok {
		m["request_id"] = requestID
	}
	return body
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

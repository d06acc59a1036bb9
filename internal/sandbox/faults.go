package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Fault changes how the sandbox answers some requests, to exercise a
// client's error handling. Faults are consulted in the order they were added;
// the first one that still applies to a request is used. A fault applies only
// to a request it can change: a cursor fault to a list page, a body fault to
// a 200, insert_at_head to GET /conversations; a request it cannot change
// neither skips it nor uses it up.
type Fault struct {
	// Path limits the fault to one route, relative to /v1: "/conversations",
	// "/contacts/ctc_…" or "/contacts/{id}" for every contact. "" is every
	// route but /health, which only a fault that names it changes.
	Path string
	// Skip lets this many matching requests through untouched first.
	Skip int
	// Times is how many requests the fault affects (0 = one, Forever = all).
	Times int

	// Status answers with this error status instead of the data: 429 (with
	// RetryAfter), 500, 502, 503, 504, …
	Status int
	// RetryAfter, in seconds, is sent as Retry-After when set.
	RetryAfter int
	// HTML answers Status with a proxy's HTML page instead of the JSON envelope.
	HTML bool
	// EchoAuthorization repeats the request's Authorization header in the
	// error message, as a careless server might.
	EchoAuthorization bool

	// Delay holds the answer back this long (or until the client gives up).
	Delay time.Duration

	// RepeatCursor answers a list page normally but sends back, as
	// next_cursor, the cursor the request carried, which would make a naive
	// client loop forever. It applies only to requests that carry a cursor.
	RepeatCursor bool
	// DropNextCursor answers a list page with has_more: true and
	// next_cursor: null.
	DropNextCursor bool

	// ResetConnection closes the connection without answering.
	ResetConnection bool
	// CutBody sends a 200 whose body stops halfway, then closes the connection.
	CutBody bool
	// MalformedJSON answers 200 with a complete HTTP body that is broken JSON.
	MalformedJSON bool
	// InsertAtHead adds this many new conversations, newer than any other,
	// just before a page of /conversations is served: live traffic during a
	// drain.
	InsertAtHead int
}

// Forever, as Fault.Times, makes a fault permanent.
const Forever = -1

type activeFault struct {
	Fault
	skipped, applied int
}

// AddFault schedules a fault.
func (s *Server) AddFault(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &activeFault{Fault: f})
}

// ClearFaults removes every scheduled fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// cursorFault and bodyFault say which kinds of fault f is.
func (f *Fault) cursorFault() bool { return f.RepeatCursor || f.DropNextCursor }
func (f *Fault) bodyFault() bool   { return f.CutBody || f.MalformedJSON }

// appliesTo reports whether f can change a request on path, served by rt;
// answered tells whether the route answers it 200.
func (f *Fault) appliesTo(rt *route, path string, r *http.Request, answered bool) bool {
	switch {
	case f.Path == "" && rt.open:
		return false
	case f.Path != "" && f.Path != path && f.Path != rt.pattern:
		return false
	case f.InsertAtHead > 0 && rt.pattern != "/conversations":
		return false
	case f.cursorFault() && (!rt.list || !answered):
		return false
	case f.RepeatCursor && !r.URL.Query().Has("cursor"):
		return false
	case f.bodyFault() && !answered:
		return false
	}
	return true
}

// takeFault returns the fault that applies to a request, counting it.
func (s *Server) takeFault(rt *route, path string, r *http.Request, answered bool) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.faults {
		times := f.Times
		if times == 0 {
			times = 1
		}
		if times != Forever && f.applied >= times || !f.appliesTo(rt, path, r, answered) {
			continue
		}
		if f.skipped < f.Skip {
			f.skipped++
			return nil
		}
		f.applied++
		fault := f.Fault
		return &fault
	}
	return nil
}

// applyFault answers a request through fault f: every fault, on every
// route, is applied here. body and errResp are the route's own answer.
func (s *Server) applyFault(w http.ResponseWriter, r *http.Request, rt *route, path string, f *Fault, body any, errResp *apiError) {
	if f.Delay > 0 {
		timer := time.NewTimer(f.Delay)
		select {
		case <-timer.C:
		case <-r.Context().Done():
			timer.Stop()
			s.record(r, path, 0, w.Header().Get("X-Request-Id")) // the client gave up first
			return
		}
	}
	switch {
	case f.Status != 0:
		s.finish(w, r, path, faultError(f, r), nil)
		return
	case f.ResetConnection:
		s.hangUp(w, r, path, nil)
		return
	}
	if f.InsertAtHead > 0 {
		s.insertAtHead(f.InsertAtHead)
	}
	if f.InsertAtHead > 0 || f.Delay > 0 {
		body, errResp = rt.serve(s, r, path) // the data as it is now
	}
	if errResp != nil {
		s.finish(w, r, path, errResp, nil)
		return
	}
	if page, ok := body.(map[string]any); ok && f.cursorFault() {
		if f.RepeatCursor {
			page["next_cursor"], page["has_more"] = r.URL.Query().Get("cursor"), true
		}
		if f.DropNextCursor {
			page["next_cursor"], page["has_more"] = nil, true
		}
	}
	switch {
	case f.CutBody:
		s.hangUp(w, r, path, body)
	case f.MalformedJSON:
		s.writeMalformed(w, r, path, body)
	default:
		s.finish(w, r, path, nil, body)
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

// hangUp drops the connection: at once when body is nil, else after sending
// half of a 200 whose Content-Length promises all of it. It reaches the
// connection through http.ResponseController, so through any writer that
// wraps the server's and unwraps to it (Unwrap), as a request logger does.
func (s *Server) hangUp(w http.ResponseWriter, r *http.Request, path string, body any) {
	s.record(r, path, 0, w.Header().Get("X-Request-Id"))
	rc := http.NewResponseController(w)
	if body != nil {
		payload, _ := json.Marshal(withRequestID(body, w.Header().Get("X-Request-Id")))
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(payload)))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(payload[:len(payload)/2])
		_ = rc.Flush()
	}
	if conn, _, err := rc.Hijack(); err == nil {
		_ = conn.Close()
	} // else an in-memory recorder: nothing to drop
}

// writeMalformed answers 200 with a complete HTTP body that is not valid JSON.
func (s *Server) writeMalformed(w http.ResponseWriter, r *http.Request, path string, body any) {
	payload, _ := json.Marshal(withRequestID(body, w.Header().Get("X-Request-Id")))
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(payload[:len(payload)*2/3])
	s.record(r, path, http.StatusOK, w.Header().Get("X-Request-Id"))
}

// ParseFault reads a fault from a compact spec, as given on the command
// line: comma-separated settings such as
//
//	status=429,retry_after=2,skip=3,times=5
//	status=503,html,times=forever
//	delay=2s,path=/conversations
//	repeat_cursor,skip=1
//	reset | cut_body | malformed_json | drop_cursor | insert_at_head=5
//
// A fault that could never apply, or whose settings undo each other, is an
// error that says why (see Fault.check).
func ParseFault(spec string) (Fault, error) {
	var f Fault
	switches := map[string]*bool{
		"html": &f.HTML, "echo_authorization": &f.EchoAuthorization, "repeat_cursor": &f.RepeatCursor,
		"drop_cursor": &f.DropNextCursor, "reset": &f.ResetConnection, "cut_body": &f.CutBody, "malformed_json": &f.MalformedJSON,
	}
	numbers := map[string]*int{"status": &f.Status, "retry_after": &f.RetryAfter, "skip": &f.Skip, "insert_at_head": &f.InsertAtHead}
	for _, part := range strings.Split(spec, ",") {
		key, value, hasValue := strings.Cut(strings.TrimSpace(part), "=")
		if on, ok := switches[key]; ok {
			if hasValue {
				return Fault{}, fmt.Errorf("fault %q: %q takes no value", spec, key)
			}
			*on = true
			continue
		}
		if !hasValue {
			return Fault{}, fmt.Errorf("fault %q: %q takes a value", spec, key)
		}
		var err error
		switch n, ok := numbers[key]; {
		case ok:
			*n, err = strconv.Atoi(value)
		case key == "times" && value == "forever":
			f.Times = Forever
		case key == "times":
			f.Times, err = strconv.Atoi(value)
			if err == nil && f.Times < 1 {
				// 0 and -1 mean one and forever in code; written out they are mistakes.
				return Fault{}, fmt.Errorf("fault %q: times must be 1 or more, or forever", spec)
			}
		case key == "delay":
			f.Delay, err = time.ParseDuration(value)
		case key == "path":
			f.Path = value
		default:
			return Fault{}, fmt.Errorf("fault %q: unknown setting %q", spec, key)
		}
		if err != nil {
			return Fault{}, fmt.Errorf("fault %q: %s: %w", spec, key, err)
		}
	}
	if err := f.check(); err != nil {
		return Fault{}, fmt.Errorf("fault %q: %w", spec, err)
	}
	return f, nil
}

// check refuses a fault that could never apply, or whose settings undo each
// other, saying why.
func (f Fault) check() error {
	var rt *route
	if f.Path != "" {
		if rest, ok := strings.CutPrefix(f.Path, "/v1"); ok && (rest == "" || rest[0] == '/') {
			return fmt.Errorf("path is relative to /v1: path=%s, not path=%s", rest, f.Path)
		}
		if rt = routeFor(f.Path); rt == nil || strings.ContainsAny(f.Path, "?#") {
			return fmt.Errorf("path %s is no route of the sandbox; the routes are %s", f.Path, routeNames())
		}
	}
	replaces := ""
	switch {
	case f.Status != 0 && f.ResetConnection:
		return fmt.Errorf("status=%d and reset both replace the answer: give them as two faults", f.Status)
	case f.Status != 0:
		replaces = "status=" + strconv.Itoa(f.Status)
	case f.ResetConnection:
		replaces = "reset"
	}
	cursor := map[bool]string{true: "repeat_cursor", false: "drop_cursor"}[f.RepeatCursor]
	body := map[bool]string{true: "cut_body", false: "malformed_json"}[f.CutBody]
	switch {
	case f.Status != 0 && (f.Status < 400 || f.Status > 599):
		return fmt.Errorf("status must be a 4xx or 5xx")
	case f.Skip < 0 || f.Times < Forever || f.RetryAfter < 0 || f.Delay < 0 || f.InsertAtHead < 0:
		return fmt.Errorf("skip, times, retry_after, delay and insert_at_head cannot be negative")
	case f.Status == 0 && (f.HTML || f.RetryAfter != 0 || f.EchoAuthorization):
		return fmt.Errorf("html, retry_after and echo_authorization shape an error's answer: give a status too")
	case f.RepeatCursor && f.DropNextCursor:
		return fmt.Errorf("repeat_cursor and drop_cursor both set next_cursor: give one")
	case f.CutBody && f.MalformedJSON:
		return fmt.Errorf("cut_body and malformed_json both break the body: give one")
	case f.cursorFault() && replaces != "":
		return fmt.Errorf("%s changes a list's page, and %s answers without one", cursor, replaces)
	case f.cursorFault() && f.bodyFault():
		return fmt.Errorf("%s changes a page whose body %s breaks: no client reads its cursor", cursor, body)
	case f.cursorFault() && rt != nil && !rt.list:
		return fmt.Errorf("%s applies to lists (/conversations, /contacts, /labels), and %s is not one", cursor, f.Path)
	case f.bodyFault() && replaces != "":
		return fmt.Errorf("%s breaks a 200's body, and %s sends none", body, replaces)
	case f.InsertAtHead > 0 && replaces != "":
		return fmt.Errorf("insert_at_head adds conversations before a page is served, and %s serves none", replaces)
	case f.InsertAtHead > 0 && rt != nil && rt.pattern != "/conversations":
		return fmt.Errorf("insert_at_head adds conversations: it applies to /conversations, not %s", f.Path)
	case replaces == "" && f.Delay == 0 && !f.cursorFault() && !f.bodyFault() && f.InsertAtHead == 0:
		return fmt.Errorf("it does nothing: give a status, a delay, or a fault such as reset or repeat_cursor")
	}
	return nil
}

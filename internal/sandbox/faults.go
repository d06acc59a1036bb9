package sandbox

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Fault changes how the sandbox answers some requests, to exercise a
// client's error handling. Faults are consulted in the order they were added;
// the first one that still applies to a request is used.
type Fault struct {
	// Path limits the fault to one endpoint, e.g. "/conversations" ("" = any).
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

	// RepeatCursor answers normally but sends back, as next_cursor, the cursor
	// the request carried, which would make a naive client loop forever.
	RepeatCursor bool
	// DropNextCursor answers has_more: true with next_cursor: null.
	DropNextCursor bool

	// ResetConnection closes the connection without answering.
	ResetConnection bool
	// CutBody sends a 200 whose body stops halfway, then closes the connection.
	CutBody bool
	// MalformedJSON answers 200 with a complete HTTP body that is broken JSON.
	MalformedJSON bool
	// InsertAtHead adds this many new conversations, newer than any other,
	// just before the page is served: live traffic during a drain.
	InsertAtHead int
}

// Forever, as Fault.Times, makes a fault permanent.
const Forever = -1

type activeFault struct {
	Fault
	skipped, applied int
}

// take returns the fault that applies to a request on path, counting it.
func (s *Server) takeFault(path string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.faults {
		if f.Path != "" && f.Path != path {
			continue
		}
		times := f.Times
		if times == 0 {
			times = 1
		}
		if times != Forever && f.applied >= times {
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

// ParseFault reads a fault from a compact spec, as given on the command
// line: comma-separated settings such as
//
//	status=429,retry_after=2,skip=3,times=5
//	status=503,html,times=forever
//	delay=2s,path=/conversations
//	repeat_cursor,skip=1
//	reset | cut_body | malformed_json | drop_cursor | insert_at_head=5
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
	if f.Status != 0 && (f.Status < 400 || f.Status > 599) {
		return Fault{}, fmt.Errorf("fault %q: status must be a 4xx or 5xx", spec)
	}
	if f == (Fault{Path: f.Path, Skip: f.Skip, Times: f.Times, RetryAfter: f.RetryAfter, HTML: f.HTML, EchoAuthorization: f.EchoAuthorization}) {
		return Fault{}, fmt.Errorf("fault %q does nothing: give a status, a delay, or a fault such as reset or repeat_cursor", spec)
	}
	return f, nil
}

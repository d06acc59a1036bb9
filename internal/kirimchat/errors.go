package kirimchat

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// APIError is a non-2xx answer from the API. Its fields come from the
// documented error envelope; when the body is not JSON (a proxy's HTML page,
// for example) Type and Code are empty, Message describes what arrived and
// RequestID comes from the X-Request-Id header.
type APIError struct {
	StatusCode int
	Type       string
	Code       string
	Message    string
	Param      string
	RequestID  string
	// Attempts is how many times the request was sent before giving up.
	Attempts int
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "HTTP %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	if e.Type != "" || e.Code != "" {
		fmt.Fprintf(&b, " (type \"%s\", code \"%s\")", e.Type, e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.Param != "" {
		fmt.Fprintf(&b, " [param \"%s\"]", e.Param)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " [request_id %s]", e.RequestID)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " [gave up after %d attempts]", e.Attempts)
	}
	return b.String()
}

// IsNotFound reports whether err is the API's own answer that a resource
// does not exist: a 404 whose error envelope has the code
// resource_not_found. A 404 page from a proxy, or the API's
// route_not_found for a wrong base URL, is not.
func IsNotFound(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound && apiErr.Code == "resource_not_found"
}

// UnknownContactError reports that a contact filter names a contact the
// organization does not have: GET /contacts/{id} answered
// resource_not_found. A filtered list over it would be empty, and an audit
// over an empty list passes, so the read fails instead.
type UnknownContactError struct {
	ID  string
	Err *APIError // the 404 that said so
}

func (e *UnknownContactError) Error() string {
	msg := fmt.Sprintf("contact %s does not exist in this organization: no conversation is listed for it, and "+
		"GET /contacts/%s answered HTTP %d (code \"%s\")", e.ID, e.ID, e.Err.StatusCode, e.Err.Code)
	if e.Err.RequestID != "" {
		msg += fmt.Sprintf(" [request_id %s]", e.Err.RequestID)
	}
	return msg
}

// RetryWaitTooLongError reports that the server asked for a pause (through
// Retry-After) longer than the client is allowed to wait, so the request was
// abandoned at once instead of sleeping.
type RetryWaitTooLongError struct {
	StatusCode int
	RequestID  string
	Asked      time.Duration
	Cap        time.Duration
}

func (e *RetryWaitTooLongError) Error() string {
	msg := fmt.Sprintf("HTTP %d: the server asked to wait %s before retrying, longer than the %s allowed for a single wait",
		e.StatusCode, e.Asked, e.Cap)
	if e.RequestID != "" {
		msg += fmt.Sprintf(" [request_id %s]", e.RequestID)
	}
	return msg
}

// DeadlineTooCloseError reports that the next retry would have to wait past
// the caller's deadline, so the request was abandoned without sleeping.
type DeadlineTooCloseError struct {
	Wait      time.Duration
	Remaining time.Duration
	Cause     string
}

func (e *DeadlineTooCloseError) Error() string {
	return fmt.Sprintf("%s; the next retry would wait %s but the deadline is %s away",
		e.Cause, e.Wait.Round(time.Millisecond), e.Remaining.Round(time.Millisecond))
}

// RequestError is a request that never produced a usable HTTP answer:
// connection failures, timeouts, truncated bodies.
type RequestError struct {
	Method   string
	Path     string
	Attempts int
	Timeout  time.Duration // the per-request timeout, when that is what ran out
	Err      error
	// Detail is what went wrong, as messages may show it: without the URL,
	// the key masked. Err's own text is shown when it is empty.
	Detail string
}

func (e *RequestError) Error() string {
	what := e.Detail
	if what == "" {
		what = e.Err.Error()
	}
	if e.Timeout > 0 {
		what = fmt.Sprintf("no complete answer within the per-request timeout of %s", e.Timeout)
	}
	return fmt.Sprintf("%s %s failed after %d attempt(s): %s", e.Method, e.Path, e.Attempts, what)
}

func (e *RequestError) Unwrap() error { return e.Err }

// TimedOut reports whether the per-request timeout is what ended the request.
func (e *RequestError) TimedOut() bool { return e.Timeout > 0 }

// ContractError is a 2xx answer that breaks the API's contract: a body
// that is not the documented JSON, a field missing or of the wrong type, a
// null where none is allowed, a name repeated in an object, more rows than
// asked for, or a record that does not answer the request. Nothing of such
// an answer is kept.
type ContractError struct {
	Path      string
	Status    int
	RequestID string
	// Where is a JSON pointer into the body, such as /data/3/status; empty
	// for the whole body.
	Where string
	// Record is the id of the record concerned, when known.
	Record  string
	Problem string
}

func (e *ContractError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "GET %s answered HTTP %d with a body that breaks the API's contract: ", e.Path, e.Status)
	if e.Where != "" {
		b.WriteString(e.Where + " ")
	} else {
		b.WriteString("the body ")
	}
	b.WriteString(e.Problem)
	if e.Record != "" {
		fmt.Fprintf(&b, " (record %s)", e.Record)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " [request_id %s]", e.RequestID)
	}
	return b.String()
}

// RedirectError is a 3xx answer. Redirects are never followed: the
// endpoints read here document none, and following one would send the key
// to wherever it points, maybe over plain http. Target is the scheme and
// host it pointed to; its path and query are never shown.
type RedirectError struct {
	Path      string
	Status    int
	Target    string
	RequestID string
}

func (e *RedirectError) Error() string {
	msg := fmt.Sprintf("GET %s answered HTTP %d %s, a redirect to %s, which is never followed (the API key would go with it)",
		e.Path, e.Status, http.StatusText(e.Status), e.Target)
	if e.RequestID != "" {
		msg += fmt.Sprintf(" [request_id %s]", e.RequestID)
	}
	return msg
}

// PaginationError reports a page sequence that cannot be followed safely.
type PaginationError struct {
	Path      string
	Page      int
	RequestID string // of the last page read
	Reason    string
}

func (e *PaginationError) Error() string {
	msg := fmt.Sprintf("paging through %s stopped at page %d: %s", e.Path, e.Page, e.Reason)
	if e.RequestID != "" {
		msg += fmt.Sprintf(" [request_id %s]", e.RequestID)
	}
	return msg
}

// ErrBodyTooLarge is returned when a response body exceeds the client's limit.
var ErrBodyTooLarge = errors.New("response body exceeds the size limit")

// RateLimitBudgetError reports that a read would wait for the
// organization's rate limit longer than its budget allows (the pace's waits
// and 429s' together), so it stopped instead.
type RateLimitBudgetError struct {
	Wait, Spent, Budget time.Duration
	RequestID           string
	// Pace, when set, is the pace that asked for the wait (not a 429).
	Pace string
}

func (e *RateLimitBudgetError) Error() string {
	asker := "the organization's rate limit asked this read"
	if e.Pace != "" {
		asker = "the rate limit's pace (" + e.Pace + ") would have this read"
	}
	msg := fmt.Sprintf("%s to wait %s more, after %s of waiting; the rate-limit budget of %s allows no more",
		asker, e.Wait.Round(time.Millisecond), e.Spent.Round(time.Millisecond), e.Budget)
	if e.RequestID != "" {
		msg += fmt.Sprintf(" [request_id %s]", e.RequestID)
	}
	return msg
}

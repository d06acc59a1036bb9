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
		fmt.Fprintf(&b, " (type %q, code %q)", e.Type, e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.Param != "" {
		fmt.Fprintf(&b, " [param %q]", e.Param)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " [request_id %s]", e.RequestID)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " [gave up after %d attempts]", e.Attempts)
	}
	return b.String()
}

// IsNotFound reports whether err is the API's 404.
func IsNotFound(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound
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
}

func (e *RequestError) Error() string {
	what := e.Err.Error()
	if e.Timeout > 0 {
		what = fmt.Sprintf("no complete answer within the per-request timeout of %s", e.Timeout)
	}
	return fmt.Sprintf("%s %s failed after %d attempt(s): %s", e.Method, e.Path, e.Attempts, what)
}

func (e *RequestError) Unwrap() error { return e.Err }

// TimedOut reports whether the per-request timeout is what ended the request.
func (e *RequestError) TimedOut() bool { return e.Timeout > 0 }

// DecodeError is a 2xx answer whose body is not the documented JSON.
type DecodeError struct {
	Path      string
	RequestID string
	Err       error
}

func (e *DecodeError) Error() string {
	msg := fmt.Sprintf("the response to GET %s is not valid JSON of the documented shape: %v", e.Path, e.Err)
	if e.RequestID != "" {
		msg += fmt.Sprintf(" [request_id %s]", e.RequestID)
	}
	return msg
}

func (e *DecodeError) Unwrap() error { return e.Err }

// PaginationError reports a page sequence that cannot be followed safely.
type PaginationError struct {
	Path   string
	Page   int
	Reason string
}

func (e *PaginationError) Error() string {
	return fmt.Sprintf("paging through %s stopped at page %d: %s", e.Path, e.Page, e.Reason)
}

// ErrBodyTooLarge is returned when a response body exceeds the client's limit.
var ErrBodyTooLarge = errors.New("response body exceeds the size limit")

package kirimchat

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// RequestLog describes one HTTP attempt. It never carries headers, so the
// Authorization header cannot reach a log through it.
type RequestLog struct {
	Method   string
	Path     string
	Query    string
	Attempt  int
	Status   int // 0 when no response arrived
	Duration time.Duration
	// Throttled is how long the attempt waited for the rate limiter first.
	Throttled time.Duration
	RequestID string
	Err       error
}

type attemptCounterKey struct{}

type attemptCounter struct {
	n int
	// serverRetries counts the retries after 5xx answers and network
	// errors, the ones maxRetries bounds.
	serverRetries int
}

// withAttemptCounter gives a call its own attempt counter, which the
// transport bumps and the retry policy reads.
func withAttemptCounter(ctx context.Context) (context.Context, *attemptCounter) {
	counter := &attemptCounter{}
	return context.WithValue(ctx, attemptCounterKey{}, counter), counter
}

// counterFrom is the call's attempt counter; a call without one counts
// into a counter of its own.
func counterFrom(ctx context.Context) *attemptCounter {
	if counter, ok := ctx.Value(attemptCounterKey{}).(*attemptCounter); ok {
		return counter
	}
	return &attemptCounter{}
}

// attemptTransport is where every attempt passes: it is counted, paced by
// the shared throttle, timed, and reported to the log hook once its answer
// has been read to the end (or failed).
type attemptTransport struct {
	next     http.RoundTripper
	throttle *throttle
	// timeout bounds one attempt from the moment it may go (after the
	// throttle) to the last byte of its body: the time spent waiting for the
	// local throttle is never the request's time.
	timeout time.Duration
	log     func(context.Context, RequestLog)
	// clean is Clean with the client's key, for what the log hook is handed:
	// the path and query, the server's request id, transport errors.
	clean func(string) string
}

// redactedError is an error whose text has been masked; it keeps the
// original for errors.Is and errors.As.
type redactedError struct {
	text string
	err  error
}

func (e redactedError) Error() string { return e.text }
func (e redactedError) Unwrap() error { return e.err }

// AttemptTimeoutError is an attempt that ran out of its per-request time.
// It is a net.Error whose Timeout is true, retried like a network error.
type attemptTimeoutError struct{ limit time.Duration }

func (e attemptTimeoutError) Error() string {
	return fmt.Sprintf("no complete answer within the per-request timeout of %s", e.limit)
}
func (attemptTimeoutError) Timeout() bool   { return true }
func (attemptTimeoutError) Temporary() bool { return true }

func (t *attemptTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	entry := RequestLog{Method: req.Method, Path: req.URL.Path, Query: req.URL.RawQuery}
	if counter, ok := ctx.Value(attemptCounterKey{}).(*attemptCounter); ok {
		// Attempts of one call are sequential, so a plain int is enough.
		counter.n++
		entry.Attempt = counter.n
	}
	throttled, err := t.throttle.wait(ctx, budgetFrom(ctx))
	if err != nil {
		return nil, err
	}
	entry.Throttled = throttled

	timedOut := attemptTimeoutError{limit: t.timeout}
	attemptCtx, cancel := context.WithCancelCause(ctx)
	timer := time.AfterFunc(t.timeout, func() { cancel(timedOut) })
	start := time.Now()
	finish := func(err error) error {
		timer.Stop()
		if errors.Is(context.Cause(attemptCtx), timedOut) && ctx.Err() == nil {
			err = timedOut
		}
		cancel(nil)
		if t.log != nil {
			logged := entry
			logged.Duration, logged.RequestID = time.Since(start), t.clean(entry.RequestID)
			// The base URL's path is part of the request's; a key put there
			// must not reach a log line either.
			logged.Path, logged.Query = t.clean(entry.Path), t.clean(entry.Query)
			if err != nil {
				logged.Err = redactedError{text: t.clean(err.Error()), err: err}
			}
			t.log(ctx, logged)
		}
		return err
	}

	resp, err := t.next.RoundTrip(req.WithContext(attemptCtx))
	if err != nil {
		return nil, finish(err)
	}
	t.throttle.observe(time.Now(), resp.StatusCode, resp.Header)
	entry.Status, entry.RequestID = resp.StatusCode, resp.Header.Get("X-Request-Id")
	resp.Body = &attemptBody{ReadCloser: resp.Body, finish: finish}
	return resp, nil
}

// attemptBody ends its attempt when it is closed: the attempt's timer stops
// and the attempt is logged, with the error that cut the body short if one
// did.
type attemptBody struct {
	io.ReadCloser
	finish  func(error) error
	readErr error
	done    bool
}

func (b *attemptBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && !errors.Is(err, io.EOF) && b.readErr == nil {
		b.readErr = err
	}
	if b.readErr != nil && !b.done {
		// Name a cut by the attempt's timer as the timeout it is.
		b.done = true
		b.readErr = b.finish(b.readErr)
		return n, b.readErr
	}
	return n, err
}

func (b *attemptBody) Close() error {
	err := b.ReadCloser.Close()
	if !b.done {
		b.done = true
		_ = b.finish(b.readErr)
	}
	return err
}

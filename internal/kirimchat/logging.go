package kirimchat

import (
	"context"
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

type attemptCounter struct{ n int }

// withAttemptCounter gives a call its own attempt counter, which the
// transport bumps and the retry policy reads.
func withAttemptCounter(ctx context.Context) (context.Context, *attemptCounter) {
	counter := &attemptCounter{}
	return context.WithValue(ctx, attemptCounterKey{}, counter), counter
}

func attemptsFrom(ctx context.Context) int {
	if counter, ok := ctx.Value(attemptCounterKey{}).(*attemptCounter); ok {
		return counter.n
	}
	return 0
}

// attemptTransport is where every attempt passes: it is counted, paced by
// the shared throttle, and reported to the log hook.
type attemptTransport struct {
	next     http.RoundTripper
	throttle *throttle
	log      func(context.Context, RequestLog)
}

func (t *attemptTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	attempt := 0
	if counter, ok := ctx.Value(attemptCounterKey{}).(*attemptCounter); ok {
		// Attempts of one call are sequential, so a plain int is enough.
		counter.n++
		attempt = counter.n
	}
	throttled, err := t.throttle.wait(ctx)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	if resp != nil {
		t.throttle.observe(time.Now(), resp.Header)
	}
	if t.log != nil {
		entry := RequestLog{
			Method:    req.Method,
			Path:      req.URL.Path,
			Query:     req.URL.RawQuery,
			Attempt:   attempt,
			Duration:  time.Since(start),
			Throttled: throttled,
			Err:       err,
		}
		if resp != nil {
			entry.Status = resp.StatusCode
			entry.RequestID = resp.Header.Get("X-Request-Id")
		}
		t.log(ctx, entry)
	}
	return resp, err
}

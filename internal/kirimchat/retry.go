package kirimchat

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// retryPolicy decides whether a failed attempt is retried and how long to
// wait first. It is the only place where retry rules live:
//   - 429 honours Retry-After × a random factor in [0.75, 1.25] (the vendor's recipe);
//   - 500/502/503/504 and network errors back off exponentially with jitter;
//   - every other status is final;
//   - no wait exceeds maxWait, and a Retry-After beyond maxWait fails at once;
//   - no wait is started that would end past the context's deadline.
type retryPolicy struct {
	maxRetries int
	baseWait   time.Duration
	maxWait    time.Duration
	random     func() float64 // uniform in [0, 1)
	now        func() time.Time
}

func defaultRetryPolicy() retryPolicy {
	return retryPolicy{
		maxRetries: DefaultMaxRetries,
		baseWait:   500 * time.Millisecond,
		maxWait:    DefaultMaxRetryWait,
		random:     rand.Float64,
		now:        time.Now,
	}
}

// decision is the verdict on one attempt.
type decision struct {
	retry bool
	wait  time.Duration
	err   error // set when the attempt must end the request with this error
}

// decide judges one attempt. retriesSoFar counts the retries already made.
func (p retryPolicy) decide(ctx context.Context, retriesSoFar int, resp *http.Response, err error) decision {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return decision{err: ctxErr}
	}
	if err != nil {
		if !retryableTransportError(ctx, err) {
			return decision{err: err}
		}
		return p.withinDeadline(ctx, p.exponential(retriesSoFar), "the request failed")
	}
	if !retryableStatus(resp.StatusCode) {
		return decision{}
	}
	asked, ok := retryAfter(resp.Header, p.now())
	if !ok {
		return p.withinDeadline(ctx, p.exponential(retriesSoFar), "HTTP "+strconv.Itoa(resp.StatusCode))
	}
	if asked > p.maxWait {
		return decision{err: &RetryWaitTooLongError{
			StatusCode: resp.StatusCode,
			RequestID:  resp.Header.Get("X-Request-Id"),
			Asked:      asked,
			Cap:        p.maxWait,
		}}
	}
	jittered := time.Duration(float64(asked) * (0.75 + 0.5*p.random()))
	return p.withinDeadline(ctx, min(jittered, p.maxWait), "HTTP "+strconv.Itoa(resp.StatusCode))
}

// exponential is baseWait·2^n with "equal jitter": half fixed, half random, so
// that parallel clients spread out while each still backs off.
func (p retryPolicy) exponential(n int) time.Duration {
	ceiling := float64(p.maxWait)
	d := math.Min(float64(p.baseWait)*math.Pow(2, float64(n)), ceiling)
	return time.Duration(d/2 + p.random()*d/2)
}

func (p retryPolicy) withinDeadline(ctx context.Context, wait time.Duration, cause string) decision {
	if deadline, ok := ctx.Deadline(); ok {
		if remaining := deadline.Sub(p.now()); wait >= remaining {
			return decision{err: &DeadlineTooCloseError{Wait: wait, Remaining: remaining, Cause: cause}}
		}
	}
	return decision{retry: true, wait: wait}
}

func retryableStatus(code int) bool {
	switch code {
	case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// retryableTransportError is false for failures that a retry cannot mend. The
// library's own policy knows the transport ones (certificates, redirects,
// schemes, headers); a body over the size limit or a cancelled context is ours.
func retryableTransportError(ctx context.Context, err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, ErrBodyTooLarge) {
		return false
	}
	retry, _ := retryablehttp.DefaultRetryPolicy(ctx, nil, err)
	return retry
}

// retryAfter reads Retry-After as delta-seconds or an HTTP date.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(math.MaxInt64/time.Second) {
			return time.Duration(math.MaxInt64), true
		}
		return time.Duration(secs) * time.Second, true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}

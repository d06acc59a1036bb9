package kirimchat

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// retryPolicy decides whether a failed attempt is retried and how long to
// wait first. It is the only place where retry rules live:
//   - 429 honours Retry-After (or, without it, X-RateLimit-Reset) × a random
//     factor in [1, 1.5]: the vendor's recipe says [0.75, 1.25], for one
//     client; where many share the bucket, one that comes back early finds
//     it empty. It is waited out as long as the read's rate-limit budget
//     lasts, and not counted against maxRetries: a 429 there is a turn to
//     wait, not a failure;
//   - 500/502/503/504 and network errors back off exponentially with
//     jitter, at most maxRetries times;
//   - every other status is final;
//   - no wait exceeds maxWait, and a Retry-After beyond maxWait, or beyond
//     what the budget has left, fails at once;
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
	// rateLimited is a retry after a 429 that named its wait: it is paid
	// from the read's budget, not counted against maxRetries.
	rateLimited bool
}

// decide judges one attempt. serverRetries counts the retries already made
// after 5xx answers and network errors.
func (p retryPolicy) decide(ctx context.Context, serverRetries int, resp *http.Response, err error) decision {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return decision{err: ctxErr}
	}
	if err != nil {
		if !retryableTransportError(ctx, err) {
			return decision{err: err}
		}
		if serverRetries >= p.maxRetries {
			return decision{}
		}
		return p.withinDeadline(ctx, p.exponential(serverRetries), "the request failed")
	}
	if !retryableStatus(resp.StatusCode) {
		return decision{}
	}
	asked, ok := retryAfter(resp.Header, p.now())
	if (!ok || asked <= 0) && resp.StatusCode == http.StatusTooManyRequests {
		asked, ok = untilReset(resp.Header, p.now())
	}
	// A wait of nothing (Retry-After: 0, a date or a reset in the past) is
	// no turn to take: without a floor it would retry in a tight loop, so it
	// counts as naming no wait.
	ok = ok && asked > 0
	if !ok || resp.StatusCode != http.StatusTooManyRequests {
		if serverRetries >= p.maxRetries {
			return decision{}
		}
		wait := p.exponential(serverRetries)
		if ok {
			if asked > p.maxWait {
				return decision{err: p.tooLong(resp, asked)}
			}
			wait = min(time.Duration(float64(asked)*(0.75+0.5*p.random())), p.maxWait)
		}
		return p.withinDeadline(ctx, wait, "HTTP "+strconv.Itoa(resp.StatusCode))
	}
	if asked > p.maxWait {
		return decision{err: p.tooLong(resp, asked)}
	}
	// Never before the time asked: many clients share the bucket, and one
	// that comes back early finds it empty again. The jitter spreads them.
	jittered := min(time.Duration(float64(asked)*(1+0.5*p.random())), p.maxWait)
	if err := budgetFrom(ctx).spend(jittered, resp); err != nil {
		return decision{err: err}
	}
	d := p.withinDeadline(ctx, jittered, "HTTP "+strconv.Itoa(resp.StatusCode))
	d.rateLimited = d.retry
	return d
}

func (p retryPolicy) tooLong(resp *http.Response, asked time.Duration) error {
	return &RetryWaitTooLongError{StatusCode: resp.StatusCode, RequestID: resp.Header.Get("X-Request-Id"), Asked: asked, Cap: p.maxWait}
}

// untilReset is X-RateLimit-Reset as a wait: the bucket is full again then.
func untilReset(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("X-RateLimit-Reset"))
	if v == "" {
		return 0, false
	}
	secs, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(v, "-") {
			return time.Duration(math.MaxInt64), true
		}
		return 0, false
	}
	return max(time.Unix(secs, 0).Sub(now), 0), true
}

// rateLimitBudget is how long one read may spend waiting for the
// organization's rate limit: the pace's waits before requests and the
// waits after 429s, together. Many plans sharing one bucket take turns;
// the budget bounds how long a read waits for its turns before it fails.
type rateLimitBudget struct {
	mu    sync.Mutex
	total time.Duration
	spent time.Duration
}

type budgetKey struct{}

// withBudget gives a read its budget, unless it has one (a drain's pages
// share the drain's).
func withBudget(ctx context.Context, total time.Duration) context.Context {
	if ctx.Value(budgetKey{}) != nil {
		return ctx
	}
	return context.WithValue(ctx, budgetKey{}, &rateLimitBudget{total: total})
}

// OneRead is ctx with one rate-limit budget for every request made with
// it: a read of several lists (a summary's one per contact) and the lookups
// it makes wait for the rate limit no longer, in all, than one list may.
func (c *Client) OneRead(ctx context.Context) context.Context {
	return withBudget(ctx, c.budget)
}

// budgetFrom is ctx's budget; a call without one has an unlimited budget.
func budgetFrom(ctx context.Context) *rateLimitBudget {
	b, _ := ctx.Value(budgetKey{}).(*rateLimitBudget)
	return b
}

// affords says why a wait of need is more than the budget has left, or nil;
// pace says what asks for it.
func (b *rateLimitBudget) affords(need time.Duration, pace string) error {
	if b == nil {
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.spent+need > b.total {
		return &RateLimitBudgetError{Wait: need, Spent: b.spent, Budget: b.total, Pace: pace}
	}
	return nil
}

// spend books a wait, or says why it is more than the budget has left.
// resp, when set, is the 429 that asked for it.
func (b *rateLimitBudget) spend(wait time.Duration, resp *http.Response) error {
	if b == nil {
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.spent+wait > b.total {
		e := &RateLimitBudgetError{Wait: wait, Spent: b.spent, Budget: b.total}
		if resp != nil {
			e.RequestID = resp.Header.Get("X-Request-Id")
		}
		return e
	}
	b.spent += wait
	return nil
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
	var spent *RateLimitBudgetError
	if errors.Is(err, context.Canceled) || errors.Is(err, ErrBodyTooLarge) || errors.As(err, &spent) {
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
	secs, err := strconv.ParseInt(v, 10, 64)
	if err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(math.MaxInt64/time.Second) {
			return time.Duration(math.MaxInt64), true
		}
		return time.Duration(secs) * time.Second, true
	}
	if errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(v, "-") {
		return time.Duration(math.MaxInt64), true // too large even to count: longer than any wait allowed
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}

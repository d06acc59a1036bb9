package kirimchat

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

func testPolicy(random float64) retryPolicy {
	p := defaultRetryPolicy()
	p.random = func() float64 { return random }
	p.now = func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }
	return p
}

func response(status int, headers ...string) *http.Response {
	h := http.Header{}
	for i := 0; i+1 < len(headers); i += 2 {
		h.Set(headers[i], headers[i+1])
	}
	return &http.Response{StatusCode: status, Header: h}
}

// TestRetryAfterIsScaledByAFactorBetweenOneAndThreeHalves: never before the
// time asked, where many clients share one bucket.
func TestRetryAfterIsScaledByAFactorBetweenOneAndThreeHalves(t *testing.T) {
	for _, tc := range []struct {
		random float64
		want   time.Duration
	}{
		{0, 2 * time.Second},
		{0.5, 2500 * time.Millisecond},
		{0.999999, 2999999 * time.Microsecond},
	} {
		d := testPolicy(tc.random).decide(context.Background(), 0, response(429, "Retry-After", "2"), nil)
		if !d.retry || d.err != nil {
			t.Fatalf("random %v: want a retry, got %+v", tc.random, d)
		}
		if diff := d.wait - tc.want; diff < -time.Microsecond || diff > time.Microsecond {
			t.Errorf("random %v: wait %s, want %s", tc.random, d.wait, tc.want)
		}
	}
}

func TestRetryAfterAsHTTPDate(t *testing.T) {
	p := testPolicy(0)
	at := p.now().Add(4 * time.Second).Format(http.TimeFormat)
	d := p.decide(context.Background(), 0, response(429, "Retry-After", at), nil)
	if !d.retry || d.wait != 4*time.Second {
		t.Fatalf("want a 4s wait, got %+v", d)
	}
}

func TestRetryAfterBeyondTheCapFailsAtOnce(t *testing.T) {
	p := testPolicy(0)
	p.maxWait = 10 * time.Second
	d := p.decide(context.Background(), 0, response(429, "Retry-After", "11", "X-Request-Id", "req_1"), nil)
	var tooLong *RetryWaitTooLongError
	if d.retry || !errors.As(d.err, &tooLong) {
		t.Fatalf("want RetryWaitTooLongError, got %+v", d)
	}
	if tooLong.Asked != 11*time.Second || tooLong.Cap != 10*time.Second || tooLong.RequestID != "req_1" {
		t.Errorf("unexpected error fields: %+v", tooLong)
	}
}

func TestJitteredRetryAfterNeverExceedsTheCap(t *testing.T) {
	p := testPolicy(0.999)
	p.maxWait = 10 * time.Second
	d := p.decide(context.Background(), 0, response(429, "Retry-After", "10"), nil)
	if !d.retry || d.wait != 10*time.Second {
		t.Fatalf("want the wait capped at 10s, got %+v", d)
	}
}

func TestServerErrorsBackOffExponentiallyWithJitterUpToTheCap(t *testing.T) {
	low, high := testPolicy(0), testPolicy(0.999999)
	low.maxWait, high.maxWait = 5*time.Second, 5*time.Second
	low.maxRetries, high.maxRetries = 10, 10
	for retries, full := range []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 5 * time.Second, 5 * time.Second} {
		for _, status := range []int{500, 502, 503, 504} {
			lo := low.decide(context.Background(), retries, response(status), nil)
			hi := high.decide(context.Background(), retries, response(status), nil)
			if !lo.retry || !hi.retry {
				t.Fatalf("status %d must be retried", status)
			}
			if lo.wait != full/2 {
				t.Errorf("retry %d: shortest wait %s, want %s", retries, lo.wait, full/2)
			}
			if hi.wait > full || hi.wait < full-time.Millisecond {
				t.Errorf("retry %d: longest wait %s, want about %s", retries, hi.wait, full)
			}
		}
	}
}

func TestOtherStatusesAreNeverRetried(t *testing.T) {
	for _, status := range []int{200, 400, 401, 403, 404, 409, 422, 501} {
		d := testPolicy(0).decide(context.Background(), 0, response(status, "Retry-After", "1"), nil)
		if d.retry || d.err != nil {
			t.Errorf("status %d: want no retry and no error, got %+v", status, d)
		}
	}
}

func TestNetworkErrorsAreRetriedButCertificateAndSizeErrorsAreNot(t *testing.T) {
	p := testPolicy(0)
	if d := p.decide(context.Background(), 0, nil, errors.New("read: connection reset by peer")); !d.retry {
		t.Errorf("a connection reset must be retried: %+v", d)
	}
	if d := p.decide(context.Background(), 0, nil, ErrBodyTooLarge); d.retry || d.err == nil {
		t.Errorf("an oversized body must not be retried: %+v", d)
	}
}

func TestNoWaitIsStartedThatWouldEndPastTheDeadline(t *testing.T) {
	p := testPolicy(0.5)
	p.now = time.Now
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	d := p.decide(ctx, 0, response(429, "Retry-After", "5"), nil)
	var tooClose *DeadlineTooCloseError
	if d.retry || !errors.As(d.err, &tooClose) {
		t.Fatalf("want DeadlineTooCloseError, got %+v", d)
	}
	if d := p.decide(ctx, 0, response(429, "Retry-After", "1"), nil); !d.retry {
		t.Errorf("a 1s wait fits before the deadline: %+v", d)
	}
}

func TestACancelledContextStopsRetrying(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	d := testPolicy(0).decide(ctx, 0, response(503), nil)
	if d.retry || !errors.Is(d.err, context.Canceled) {
		t.Fatalf("want context.Canceled, got %+v", d)
	}
}

func TestMaxRetriesBoundsServerErrorsNotRateLimits(t *testing.T) {
	p := testPolicy(0)
	p.maxRetries = 2
	if d := p.decide(context.Background(), 2, response(503), nil); d.retry || d.err != nil {
		t.Errorf("a 503 after 2 retries of 2: %+v", d)
	}
	if d := p.decide(context.Background(), 2, nil, errors.New("read: connection reset by peer")); d.retry {
		t.Errorf("a network error after 2 retries of 2: %+v", d)
	}
	d := p.decide(context.Background(), 2, response(429, "Retry-After", "3"), nil)
	if !d.retry || !d.rateLimited || d.wait != 3*time.Second {
		t.Errorf("a 429 is a turn to wait, whatever the retries so far: %+v", d)
	}
}

func TestA429IsPaidFromTheReadsBudget(t *testing.T) {
	p := testPolicy(0) // the jitter factor is 1
	ctx := withBudget(context.Background(), 10*time.Second)
	for i := range 3 {
		if d := p.decide(ctx, 0, response(429, "Retry-After", "3"), nil); !d.retry {
			t.Fatalf("429 number %d within the budget: %+v", i+1, d)
		}
	}
	d := p.decide(ctx, 0, response(429, "Retry-After", "3", "X-Request-Id", "req_9"), nil)
	var spent *RateLimitBudgetError
	if d.retry || !errors.As(d.err, &spent) || spent.Spent != 9*time.Second || spent.Budget != 10*time.Second || spent.RequestID != "req_9" {
		t.Fatalf("the fourth 429 overruns the budget: %+v", d)
	}
	if !strings.Contains(spent.Error(), "the rate-limit budget of 10s allows no more") {
		t.Errorf("message: %v", spent)
	}
}

func TestA429WithoutRetryAfterWaitsForTheReset(t *testing.T) {
	p := testPolicy(0)
	reset := p.now().Add(4 * time.Second).Unix()
	d := p.decide(context.Background(), 0, response(429, "X-RateLimit-Reset", strconv.FormatInt(reset, 10)), nil)
	if !d.retry || !d.rateLimited || d.wait != 4*time.Second {
		t.Fatalf("got %+v", d)
	}
}

func TestARetryAfterTooLargeToCountIsTooLong(t *testing.T) {
	for _, header := range []string{"Retry-After", "X-RateLimit-Reset"} {
		d := testPolicy(0.5).decide(context.Background(), 0, response(429, header, "99999999999999999999999"), nil)
		var tooLong *RetryWaitTooLongError
		if d.retry || !errors.As(d.err, &tooLong) {
			t.Errorf("%s beyond int64: %+v", header, d)
		}
	}
}

// TestA429ThatNamesNoWaitIsCountedAgainstMaxRetries: Retry-After 0, a date
// or a reset in the past is no turn to take; waited out as a 429 it would
// retry in a tight loop for ever.
func TestA429ThatNamesNoWaitIsCountedAgainstMaxRetries(t *testing.T) {
	p := testPolicy(0)
	p.maxRetries = 2
	past := p.now().Add(-time.Minute)
	for name, headers := range map[string][]string{
		"Retry-After 0":        {"Retry-After", "0"},
		"a date in the past":   {"Retry-After", past.Format(http.TimeFormat)},
		"a reset in the past":  {"X-RateLimit-Reset", strconv.FormatInt(past.Unix(), 10)},
		"both nothing":         {"Retry-After", "0", "X-RateLimit-Reset", strconv.FormatInt(past.Unix(), 10)},
		"no wait named at all": nil,
		"an unreadable one":    {"Retry-After", "soon"},
	} {
		d := p.decide(context.Background(), 0, response(429, headers...), nil)
		if !d.retry || d.rateLimited || d.wait <= 0 {
			t.Errorf("%s, the first time: %+v; want a backed-off retry counted against max_retries", name, d)
		}
		if d := p.decide(context.Background(), 2, response(429, headers...), nil); d.retry {
			t.Errorf("%s, after 2 retries of 2: %+v", name, d)
		}
	}
}

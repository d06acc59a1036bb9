package kirimchat

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// throttle paces the requests of every client that shares it, so that
// together they stay within the organization's read bucket.
//
// Adaptive (the default): unlimited until the API first reports its bucket
// (X-RateLimit-Limit per minute, X-RateLimit-Remaining), then a local token
// bucket of the same size and refill rate that never holds more tokens than
// the API says remain. The API's count is the truth because other plans and
// scripts spend the same bucket. Fixed: an explicit requests-per-minute pace;
// the headers are ignored.
type throttle struct {
	mu      sync.Mutex
	limiter *rate.Limiter
	fixed   bool
}

func newThrottle(requestsPerMinute int) *throttle {
	if requestsPerMinute > 0 {
		return &throttle{limiter: rate.NewLimiter(rate.Limit(float64(requestsPerMinute)/60), 1), fixed: true}
	}
	return &throttle{limiter: rate.NewLimiter(rate.Inf, 0)}
}

// throttles holds one throttle per API base URL, key and pace, so that every
// client of one organization in this process shares one bucket.
var throttles sync.Map

func sharedThrottle(baseURL, apiKey string, requestsPerMinute int) *throttle {
	sum := sha256.Sum256([]byte(apiKey))
	key := baseURL + "|" + hex.EncodeToString(sum[:]) + "|" + strconv.Itoa(requestsPerMinute)
	t, _ := throttles.LoadOrStore(key, newThrottle(requestsPerMinute))
	return t.(*throttle) //nolint:forcetypeassert // only *throttle is ever stored
}

// reserve books the next slot at now and says how long to wait for it.
func (t *throttle) reserve(now time.Time) (time.Duration, *rate.Reservation) {
	t.mu.Lock()
	limiter := t.limiter
	t.mu.Unlock()
	r := limiter.ReserveN(now, 1)
	if !r.OK() {
		return 0, nil
	}
	return r.DelayFrom(now), r
}

// wait blocks until the next request may go, or ctx ends.
func (t *throttle) wait(ctx context.Context) (time.Duration, error) {
	delay, r := t.reserve(time.Now())
	if delay <= 0 {
		return 0, nil
	}
	timer := time.NewTimer(delay)
	defer timer.Stop()
	select {
	case <-timer.C:
		return delay, nil
	case <-ctx.Done():
		r.Cancel()
		return 0, ctx.Err()
	}
}

// observe aligns the local bucket with what the API reports of its own.
func (t *throttle) observe(now time.Time, h http.Header) {
	if t.fixed {
		return
	}
	limit, err := strconv.Atoi(h.Get("X-RateLimit-Limit"))
	if err != nil || limit <= 0 {
		return
	}
	remaining, err := strconv.Atoi(h.Get("X-RateLimit-Remaining"))
	if err != nil || remaining < 0 {
		return
	}
	remaining = min(remaining, limit)
	perSecond := rate.Limit(float64(limit) / 60)

	t.mu.Lock()
	defer t.mu.Unlock()
	if t.limiter.Limit() != perSecond || t.limiter.Burst() != limit {
		// First sight of the bucket, or a new tier: start from what remains.
		fresh := rate.NewLimiter(perSecond, limit)
		fresh.AllowN(now, limit-remaining)
		t.limiter = fresh
		return
	}
	// Remaining is floored: the API's bucket may hold less than one token
	// beyond it, never more. The local bucket keeps no fraction above it,
	// since that fraction can be the token the API no longer has. ReserveN,
	// not AllowN: AllowN takes nothing when asked for more than is there.
	if excess := t.limiter.TokensAt(now) - float64(remaining); excess > 0 {
		t.limiter.ReserveN(now, int(math.Ceil(excess)))
	}
}

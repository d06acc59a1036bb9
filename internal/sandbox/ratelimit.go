package sandbox

import (
	"math"
	"time"
)

// bucket is the organization's read token bucket, refilled continuously.
type bucket struct {
	perMinute int
	tokens    float64
	updated   time.Time
}

type bucketState struct {
	limit, remaining int
	reset            int64         // Unix seconds when the bucket is full again
	retryAfter       time.Duration // when empty: until one token is back
	allowed          bool
}

func (b *bucket) take(now time.Time, consume bool) bucketState {
	rate := float64(b.perMinute) / 60 // tokens per second
	if b.updated.IsZero() {
		b.tokens = float64(b.perMinute)
	} else {
		b.tokens = math.Min(float64(b.perMinute), b.tokens+now.Sub(b.updated).Seconds()*rate)
	}
	b.updated = now
	st := bucketState{limit: b.perMinute}
	if b.tokens >= 1 {
		if consume {
			b.tokens--
		}
		st.allowed = true
	} else {
		st.retryAfter = time.Duration((1 - b.tokens) / rate * float64(time.Second))
	}
	st.remaining = int(math.Floor(b.tokens))
	full := time.Duration((float64(b.perMinute) - b.tokens) / rate * float64(time.Second))
	st.reset = now.Add(full).Add(time.Second - 1).Unix()
	return st
}

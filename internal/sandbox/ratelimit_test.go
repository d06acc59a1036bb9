package sandbox

import (
	"testing"
	"time"
)

// TestTheBucketIsTheDocumentedOne: capacity and refill per minute, refilled
// continuously, Remaining floored, Reset when the bucket would be full at
// the current rate, Retry-After the time until one token is back.
func TestTheBucketIsTheDocumentedOne(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	b := &bucket{perMinute: 120} // 2 a second
	first := b.take(now, true)
	if !first.allowed || first.limit != 120 || first.remaining != 119 {
		t.Fatalf("a new bucket is full: %+v", first)
	}
	for range 119 {
		b.take(now, true)
	}
	empty := b.take(now, true)
	if empty.allowed || empty.remaining != 0 || empty.retryAfter != 500*time.Millisecond {
		t.Fatalf("an empty bucket refuses, with one token 0.5 s away: %+v", empty)
	}
	if want := now.Add(time.Minute).Unix(); empty.reset != want {
		t.Errorf("reset %d, want %d: full again in a minute at 2 a second", empty.reset, want)
	}
	// Refilled continuously: 0.75 s later it holds 1.5 tokens, reported as 1.
	later := b.take(now.Add(750*time.Millisecond), false)
	if !later.allowed || later.remaining != 1 {
		t.Fatalf("0.75 s later: %+v", later)
	}
	// A refused request takes nothing; neither does a look.
	b.take(now.Add(750*time.Millisecond), true)
	if st := b.take(now.Add(750*time.Millisecond), false); st.remaining != 0 || st.allowed || st.retryAfter != 250*time.Millisecond ||
		st.reset != now.Add(61*time.Second).Unix() {
		t.Fatalf("after one more read, 0.5 left: %+v; want 0 remaining, a token 0.25 s away, full in 59.75 s (rounded up)", st)
	}
	// Never more than the capacity, however long it rests.
	if st := b.take(now.Add(time.Hour), false); st.remaining != 120 || st.reset != now.Add(time.Hour).Unix() {
		t.Fatalf("an hour later: %+v", st)
	}
}

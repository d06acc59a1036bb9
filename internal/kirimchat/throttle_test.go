package kirimchat

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

func rateHeaders(limit, remaining string) http.Header {
	h := http.Header{}
	h.Set("X-RateLimit-Limit", limit)
	h.Set("X-RateLimit-Remaining", remaining)
	return h
}

// delays reserves n slots at now and returns each one's wait.
func delays(th *throttle, now time.Time, n int) []time.Duration {
	out := make([]time.Duration, n)
	for i := range out {
		out[i] = th.reserve(now)
	}
	return out
}

func TestAdaptiveThrottleIsUnlimitedUntilTheAPIReportsItsBucket(t *testing.T) {
	th := newThrottle(0)
	now := time.Unix(1_800_000_000, 0)
	for i, d := range delays(th, now, 1000) {
		if d != 0 {
			t.Fatalf("request %d waited %s before any header was seen", i, d)
		}
	}
}

func TestAdaptiveThrottleSpendsWhatRemainsThenPacesAtTheRefillRate(t *testing.T) {
	th := newThrottle(0)
	now := time.Unix(1_800_000_000, 0)
	th.observe(now, 200, rateHeaders("600", "600")) // 10 per second; a full bucket
	// All of it but the fiftieth kept in the bucket (12), then the refill rate.
	got := delays(th, now, 590)[586:]
	want := []time.Duration{0, 0, 100 * time.Millisecond, 200 * time.Millisecond}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("waits of the 587th to the 590th %v, want %v", got, want)
		}
	}
}

// TestABucketMetEmptyStartsAtATwentieth: another process emptied it, and
// this one does not know how many there are yet.
func TestABucketMetEmptyStartsAtATwentieth(t *testing.T) {
	th := newThrottle(0)
	now := time.Unix(1_800_000_000, 0)
	th.observe(now, 200, rateHeaders("600", "0"))
	if d := th.reserve(now); d != 2*time.Second {
		t.Fatalf("wait %s, want 2s (one token at a twentieth of 10/s)", d)
	}
	// Alone after all: in those 2 s the bucket refilled 20 tokens and this
	// process spent 1, so it has all of the bucket, and the share rises
	// halfway to it.
	later := now.Add(2 * time.Second)
	th.observe(later, 200, rateHeaders("600", "19"))
	if th.share < 0.5 {
		t.Fatalf("share %.3f after an answer that shows no one else", th.share)
	}
}

func TestAdaptiveThrottleSpendsItsShareOfWhatRemains(t *testing.T) {
	th := newThrottle(0)
	now := time.Unix(1_800_000_000, 0)
	th.observe(now, 200, rateHeaders("600", "600"))
	// This process sent one request, and another plan spent the rest of
	// the bucket meanwhile: the API says 0 remain, so this process's share
	// falls (by half at most) with its pace.
	th.reserve(now)
	th.observe(now, 200, rateHeaders("600", "0"))
	if d := th.reserve(now); d != 200*time.Millisecond {
		t.Fatalf("first wait %s, want 200ms (one token at half of 10/s)", d)
	}
	// Once that request went, the bucket holds 500 again and nothing else
	// was spent: the share rises halfway to 1, and this process may spend
	// its share of the 500, less the 12 (a fiftieth) kept in the bucket.
	later := now.Add(200 * time.Millisecond)
	th.observe(later, 200, rateHeaders("600", "500"))
	got := delays(th, later, 367)
	if got[365] != 0 || got[366] == 0 {
		t.Fatalf("waits of the 366th and 367th: %s %s; want none, then one (a share of 0.75 of 488 is 366)", got[365], got[366])
	}
}

func TestBookedRequestsAreNotForgotten(t *testing.T) {
	th := newThrottle(0)
	now := time.Unix(1_800_000_000, 0)
	th.observe(now, 200, rateHeaders("600", "0"))
	// Three requests of this process wait for tokens; an answer saying the
	// bucket holds 300 must not let a fourth go before them.
	delays(th, now, 3)
	th.observe(now, 200, rateHeaders("600", "300"))
	if d := th.reserve(now); d <= 0 {
		t.Fatalf("a fourth request may go at once, ahead of three booked ones")
	}
}

func TestA429HalvesTheShare(t *testing.T) {
	th := newThrottle(0)
	now := time.Unix(1_800_000_000, 0)
	th.observe(now, 200, rateHeaders("600", "600"))
	th.observe(now, 429, rateHeaders("600", "0"))
	if d := th.reserve(now); d != 200*time.Millisecond {
		t.Fatalf("wait %s, want 200ms (one token at half of 10/s)", d)
	}
}

func TestAdaptiveThrottleFollowsANewTier(t *testing.T) {
	th := newThrottle(0)
	now := time.Unix(1_800_000_000, 0)
	th.observe(now, 200, rateHeaders("600", "600"))
	th.observe(now, 200, rateHeaders("6000", "6000")) // upgraded to Pro: 100 per second
	if d := delays(th, now, 5881)[5880]; d != 10*time.Millisecond {
		t.Fatalf("wait %s, want 10ms at the Pro tier's rate", d)
	}
}

func TestAdaptiveThrottleIgnoresMissingOrNonsenseHeaders(t *testing.T) {
	th := newThrottle(0)
	now := time.Unix(1_800_000_000, 0)
	for _, h := range []http.Header{{}, rateHeaders("x", "1"), rateHeaders("0", "0"), rateHeaders("600", "-1"), rateHeaders("600", "")} {
		th.observe(now, 200, h)
	}
	if d := delays(th, now, 100); d[99] != 0 {
		t.Fatalf("nonsense headers must not slow anything: %v", d[99])
	}
}

func TestFixedThrottleOverridesTheHeaders(t *testing.T) {
	th := newThrottle(120) // 2 per second
	now := time.Unix(1_800_000_000, 0)
	th.observe(now, 200, rateHeaders("6000", "6000"))
	got := delays(th, now, 3)
	want := []time.Duration{0, 500 * time.Millisecond, time.Second}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("waits %v, want %v", got, want)
		}
	}
}

func TestThrottleWaitHonoursTheContext(t *testing.T) {
	th := newThrottle(1) // one a minute
	if _, err := th.wait(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	began := time.Now()
	if _, err := th.wait(ctx, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want the context's error, got %v", err)
	}
	if time.Since(began) > time.Second {
		t.Error("the wait ignored the context")
	}
}

func TestClientsOfOneOrganizationShareAThrottle(t *testing.T) {
	a := sharedThrottle("https://api.example/v1", "key-1", 0)
	if sharedThrottle("https://api.example/v1", "key-1", 0) != a {
		t.Error("same base URL and key must share a throttle")
	}
	if sharedThrottle("https://api.example/v1", "key-2", 0) == a || sharedThrottle("https://api.example/v1", "key-1", 60) == a {
		t.Error("another key or pace must not share it")
	}
}

func TestRequestsArePacedThroughTheTransport(t *testing.T) {
	c, s, _ := newScripted(t, Config{RequestsPerMinute: 600},
		page([]string{"cnv_1"}, "c1"), page([]string{"cnv_2"}, "c2"), page([]string{"cnv_3"}, ""))
	var throttled []time.Duration
	c.httpClient.Transport.(*attemptTransport).log = func(_ context.Context, l RequestLog) { throttled = append(throttled, l.Throttled) }
	began := time.Now()
	if _, err := c.ListConversations(context.Background(), ListConversationsOptions{}); err != nil {
		t.Fatal(err)
	}
	if len(s.requests()) != 3 || time.Since(began) < 150*time.Millisecond {
		t.Errorf("3 requests at 10/s must take about 200ms, took %s", time.Since(began))
	}
	if throttled[0] != 0 || throttled[1] == 0 || throttled[2] == 0 {
		t.Errorf("the log must show the throttle's waits: %v", throttled)
	}
}

// TestAdaptiveThrottleKeepsNoFractionAboveTheFlooredRemaining: the API
// floors Remaining, so its bucket may be a whole token's refill behind a
// local bucket that kept the fraction above it.
func TestAdaptiveThrottleKeepsNoFractionAboveTheFlooredRemaining(t *testing.T) {
	th := newThrottle(0)
	now := time.Unix(1_800_000_000, 0)
	th.observe(now, 200, rateHeaders("600", "0")) // 10 per second, none left
	later := now.Add(90 * time.Millisecond)       // 0.9 of a token refilled here
	th.observe(later, 200, rateHeaders("600", "0"))
	if d := th.reserve(later); d < 100*time.Millisecond {
		t.Fatalf("the next request may go in %s; the API may need a whole token's refill, 100ms", d)
	}
}

// TestAProcessReadingManyAtOnceCountsItsOwnRequests: ten reads of one
// process in flight together spend ten tokens between two answers; that is
// not ten processes.
func TestAProcessReadingManyAtOnceCountsItsOwnRequests(t *testing.T) {
	th := newThrottle(0)
	now := time.Unix(1_800_000_000, 0)
	th.observe(now, 200, rateHeaders("600", "600"))
	delays(th, now, 10)
	th.observe(now, 200, rateHeaders("600", "590"))
	if th.share < 0.9 {
		t.Fatalf("share %.3f: this process spent all ten of the ten tokens gone", th.share)
	}
}

// TestAWaitingRequestGoesWhenThePaceIsRaised: a request waiting at a slow
// pace looks again every pollEvery, and goes as soon as an answer meanwhile
// shows the bucket free.
func TestAWaitingRequestGoesWhenThePaceIsRaised(t *testing.T) {
	th := newThrottle(0)
	now := time.Now()
	th.observe(now, 200, rateHeaders("60", "0")) // one a second, a twentieth of it: 20 s a request
	done := make(chan time.Duration, 1)
	go func() {
		waited, _ := th.wait(context.Background(), nil)
		done <- waited
	}()
	time.Sleep(100 * time.Millisecond)
	th.observe(time.Now(), 200, rateHeaders("60", "60")) // the others finished
	select {
	case waited := <-done:
		if waited > 2*pollEvery {
			t.Errorf("waited %s", waited)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the request still waits for the pace it was booked at")
	}
}

// TestThePaceNeverWaitsMoreThanAMinute: a bucket of one read a minute, met
// empty, is paced at its refill, not at a twentieth of it.
func TestThePaceNeverWaitsMoreThanAMinute(t *testing.T) {
	th := newThrottle(0)
	now := time.Unix(1_800_000_000, 0)
	th.observe(now, 200, rateHeaders("1", "0"))
	if d := th.reserve(now); d != time.Minute {
		t.Fatalf("wait %s, want 1m", d)
	}
	th = newThrottle(0)
	th.observe(now, 200, rateHeaders("600", "600"))
	for range 20 {
		th.observe(now, 429, rateHeaders("600", "0"))
	}
	if d := th.reserve(now); d > time.Minute {
		t.Fatalf("after twenty 429s: wait %s, want at most 1m", d)
	}
}

// TestAnswersWithoutTheBucketsHeadersRelaxThePace: nothing says to go slow.
func TestAnswersWithoutTheBucketsHeadersRelaxThePace(t *testing.T) {
	th := newThrottle(0)
	now := time.Unix(1_800_000_000, 0)
	th.observe(now, 200, rateHeaders("600", "600"))
	th.observe(now, 429, rateHeaders("600", "0"))
	th.observe(now, 429, rateHeaders("600", "0"))
	for range 3 {
		th.observe(now, 200, http.Header{})
	}
	if th.share < 0.85 {
		t.Fatalf("share %.3f after three answers without the headers", th.share)
	}
}

func TestABudgetTooSmallForThePaceSaysWhichPace(t *testing.T) {
	th := newThrottle(0)
	th.observe(time.Now(), 200, rateHeaders("1", "0"))
	_, err := th.wait(context.Background(), &rateLimitBudget{total: 10 * time.Second})
	var spent *RateLimitBudgetError
	if !errors.As(err, &spent) || !strings.Contains(err.Error(), "the rate limit's pace (this process's pace: 1 of a bucket of 1 reads a minute") {
		t.Fatalf("got %v", err)
	}
}

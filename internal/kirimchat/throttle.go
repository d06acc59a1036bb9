package kirimchat

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// throttle paces the requests of every client that shares it, so that
// together with every other process reading the same organization they
// stay within its read bucket.
//
// Adaptive (the default): unlimited until the API first reports its bucket
// (X-RateLimit-Limit per minute, X-RateLimit-Remaining), then a local token
// bucket that never holds more tokens than the API says remain, refilled at
// this process's share of the API's refill rate.
//
// The share is what congestion control does where the parties cannot talk
// to each other: the API's headers are the only truth they share (other CI
// jobs, workspaces and scripts spend the same bucket). Between two answers
// the bucket loses what every client spent, less what it refilled; this
// process knows what it spent itself, so its part of the whole is its share
// (an average over answers, as the counts are whole numbers). A process
// alone has a share of 1; ten that drain the bucket together each come to
// about a tenth, and grow again as the others finish. A 429 halves the
// share: the bucket was empty when this process asked, so it asked for
// more than its part. Together the processes aim a little below the
// refill rate and leave a little in the bucket (headroom, kept), so that
// a request that comes a moment early does not meet an empty bucket.
// Fixed: an explicit requests-per-minute pace; the headers are ignored.
type throttle struct {
	mu     sync.Mutex
	bucket paceBucket
	fixed  bool

	// The API's bucket as last reported.
	limit     int       // capacity, and refill per minute
	remaining int       // tokens left at the last answer
	seen      time.Time // when the last answer came
	// share is this process's part of what the bucket is spent on, in
	// [leastShare, 1]: the local refill rate is share × limit / 60.
	share float64
	// booked counts the requests this process booked since the last
	// answer: its own part of what the bucket lost meanwhile (one, when its
	// reads go one after another; more when several read at once).
	booked int
}

// headroom is the part of the bucket's refill the processes sharing it aim
// to spend together: at exactly all of it, the bucket stays empty and
// requests that arrive a moment early meet a 429.
const headroom = 0.95

// kept is how many of the tokens the API says remain no process counts on:
// a fiftieth of the bucket, at least one.
func (t *throttle) kept() float64 { return max(1, float64(t.limit)/50) }

// firstShare is the least share a process starts with, on first sight of
// a bucket that others have emptied: one twentieth. It grows halfway to its
// true share at every answer from there (a process alone finds it has all
// of it at its next answer), and one that joins many meets few 429s.
const firstShare = 1.0 / 20

func newThrottle(requestsPerMinute int) *throttle {
	if requestsPerMinute > 0 {
		return &throttle{bucket: paceBucket{perSecond: float64(requestsPerMinute) / 60, burst: 1, tokens: 1}, fixed: true}
	}
	return &throttle{bucket: paceBucket{perSecond: math.Inf(1)}, share: 1}
}

// paceBucket is the local token bucket. It is written here rather than
// taken from golang.org/x/time/rate because the pace must be able to hold
// a fraction of a token exactly (its share of what the API says remains),
// and rate.Limiter takes and gives tokens only whole.
type paceBucket struct {
	tokens, perSecond, burst float64
	at                       time.Time
}

func (b *paceBucket) advance(now time.Time) {
	if now.After(b.at) {
		if !b.at.IsZero() {
			b.tokens = min(b.burst, b.tokens+now.Sub(b.at).Seconds()*b.perSecond)
		}
		b.at = now
	}
}

// take books one token at now and says how long to wait until it is there.
func (b *paceBucket) take(now time.Time) time.Duration {
	if math.IsInf(b.perSecond, 1) {
		return 0
	}
	b.advance(now)
	b.tokens--
	if b.tokens >= 0 {
		return 0
	}
	return time.Duration(-b.tokens / b.perSecond * float64(time.Second))
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

// reserve books the next slot at now and says how long to wait for it: the
// bucket goes into debt for it. The simulation and the tests drive the
// pace through it on a fake clock; requests go through wait.
func (t *throttle) reserve(now time.Time) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.booked++
	return t.bucket.take(now)
}

// pollEvery bounds one sleep of a waiting request: it looks again then, as
// an answer meanwhile may have raised the pace (another process finished,
// or this one learnt its share is larger). A wait booked once at a slow
// pace would leave the bucket idle when it frees up.
const pollEvery = time.Second

// wait blocks until the next request may go, or ctx ends, and says how long
// it waited. Each sleep is paid from budget; a wait longer than the budget
// has left is not begun, and the error says so.
func (t *throttle) wait(ctx context.Context, budget *rateLimitBudget) (time.Duration, error) {
	var waited time.Duration
	for {
		need, ok := t.tryTake(time.Now())
		if ok {
			return waited, nil
		}
		if err := budget.affords(need, t.describePace()); err != nil {
			return waited, err
		}
		step := min(need, pollEvery)
		timer := time.NewTimer(step)
		select {
		case <-timer.C:
		case <-ctx.Done():
			timer.Stop()
			return waited, ctx.Err()
		}
		waited += step
		if err := budget.spend(step, nil); err != nil {
			return waited, err
		}
	}
}

// tryTake takes a token if one is there at now, or says how long until one
// is, at the current pace.
func (t *throttle) tryTake(now time.Time) (time.Duration, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if math.IsInf(t.bucket.perSecond, 1) {
		t.booked++
		return 0, true
	}
	t.bucket.advance(now)
	if t.bucket.tokens >= 1 {
		t.bucket.tokens--
		t.booked++
		return 0, true
	}
	return time.Duration((1 - t.bucket.tokens) / t.bucket.perSecond * float64(time.Second)), false
}

// describePace says what the pace is, for a message.
func (t *throttle) describePace() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.fixed {
		return fmt.Sprintf("the fixed pace of %.0f requests a minute (requests_per_minute)", t.bucket.perSecond*60)
	}
	return fmt.Sprintf("this process's pace: %.3g of a bucket of %d reads a minute that the API reports", t.share, t.limit)
}

// observe aligns the local bucket with what the API reports of its own, and
// this process's share with how fast the bucket is being spent. status is
// the answer's; a 429 says the bucket was empty.
func (t *throttle) observe(now time.Time, status int, h http.Header) {
	if t.fixed {
		return
	}
	limit, err := strconv.Atoi(h.Get("X-RateLimit-Limit"))
	remaining, err2 := strconv.Atoi(h.Get("X-RateLimit-Remaining"))
	if err != nil || err2 != nil || limit <= 0 || remaining < 0 {
		if status < 300 {
			t.relax()
		}
		return
	}
	remaining = min(remaining, limit)
	refill := float64(limit) / 60

	t.mu.Lock()
	defer t.mu.Unlock()
	if t.limit != limit {
		// First sight of the bucket, or a new tier. A bucket that is not
		// full is being spent by others too (or was, a moment ago): the
		// share starts at the part of it that is left (all of a full one,
		// at least firstShare of an empty one), until the next answers show
		// what it is.
		t.limit = limit
		t.share = max(float64(remaining)/float64(limit), firstShare, t.leastShare())
		t.bucket = paceBucket{tokens: float64(remaining) * t.share, burst: float64(limit), at: now}
		if status == http.StatusTooManyRequests {
			t.adjustShare(now, status, remaining, refill)
		}
	} else {
		t.adjustShare(now, status, remaining, refill)
	}
	t.remaining, t.seen, t.booked = remaining, now, 0
	t.bucket.advance(now)
	t.bucket.perSecond = refill * t.share
	// Of what remains, this process may spend its share (the others see
	// the same Remaining), and never more than the API's floored count: a
	// fraction above it can be the token the API no longer has. While
	// requests of this process wait for booked tokens (the bucket is in
	// debt), it is not raised: those requests will go all the same.
	if ours := max(0, float64(remaining)-t.kept()) * t.share; t.bucket.tokens >= 0 || ours < t.bucket.tokens {
		t.bucket.tokens = ours
	}
}

// relax is an answer without a bucket's headers: nothing to learn from, and
// nothing against going faster, so the share rises halfway to 1.
func (t *throttle) relax() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.limit == 0 {
		return
	}
	t.share = (t.share + 1) / 2
	t.bucket.perSecond = float64(t.limit) / 60 * t.share
}

// leastShare is the least share a process is paced at: one read a minute,
// so that no client starves and no single wait for the pace is longer than
// a minute.
func (t *throttle) leastShare() float64 { return 1 / float64(t.limit) }

// adjustShare learns this process's share from one more answer: the bucket
// went from t.remaining to remaining since the last one, refilling at
// refill meanwhile, so that much was spent, t.booked tokens of it by this
// process (the requests it booked meanwhile; with none, the answer tells
// nothing of its share). That holds at an empty bucket too: what
// was spent there is what refilled, and the requests it refused took
// nothing. A share falls fast, to what an answer shows but at most by half
// (several processes starting together must not drain the bucket while
// they learn, and one other plan's burst must not stall this one), and
// rises halfway at a time (the counts are whole numbers, so one answer may
// overstate it).
func (t *throttle) adjustShare(now time.Time, status, remaining int, refill float64) {
	if status == http.StatusTooManyRequests {
		t.share = max(t.share/2, t.leastShare())
		return
	}
	own := float64(t.booked)
	if own == 0 {
		return
	}
	spent := float64(t.remaining-remaining) + refill*now.Sub(t.seen).Seconds()
	sample := 1.0
	if spent > own {
		sample = headroom * own / spent
	}
	if sample < t.share {
		t.share = max(sample, t.share/2, t.leastShare())
	} else {
		t.share = min(1, (t.share+sample)/2)
	}
}

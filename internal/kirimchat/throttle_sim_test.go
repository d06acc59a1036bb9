package kirimchat

import (
	"container/heap"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// A simulation, on a fake clock, of many processes that cannot talk to each
// other (each with a throttle of its own) reading through one
// organization's bucket, as the API documents it: capacity and refill per
// minute, refilled continuously, Remaining floored, Retry-After the seconds
// until one token is back. Each process reads its pages one after another
// and waits out a 429 as the retry policy does (Retry-After × [1, 1.5]).

type simBucket struct {
	perMinute int
	tokens    float64
	updated   time.Time
}

func (b *simBucket) take(now time.Time) (int, http.Header) {
	rate := float64(b.perMinute) / 60
	b.tokens = math.Min(float64(b.perMinute), b.tokens+now.Sub(b.updated).Seconds()*rate)
	b.updated = now
	status := http.StatusOK
	h := http.Header{}
	if b.tokens >= 1 {
		b.tokens--
	} else {
		status = http.StatusTooManyRequests
		h.Set("Retry-After", strconv.Itoa(int(math.Ceil((1-b.tokens)/rate))))
	}
	h.Set("X-RateLimit-Limit", strconv.Itoa(b.perMinute))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(int(math.Floor(b.tokens))))
	return status, h
}

type simEvent struct {
	at     time.Time
	client int
	arrive bool // at the server; otherwise the client is ready to ask again
}

type simQueue []simEvent

func (q simQueue) Len() int           { return len(q) }
func (q simQueue) Less(i, j int) bool { return q[i].at.Before(q[j].at) }
func (q simQueue) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *simQueue) Push(x any)        { *q = append(*q, x.(simEvent)) } //nolint:forcetypeassert // only simEvent
func (q *simQueue) Pop() any {
	old := *q
	e := old[len(old)-1]
	*q = old[:len(old)-1]
	return e
}

type simResult struct {
	requests, limited int
	wall              time.Duration
	finished          []time.Duration
}

// simulate runs clients processes of pages pages each, starting start
// apart, through a bucket of perMinute, with latency each way.
func simulate(clients, pages, perMinute int, start, latency time.Duration, seed uint64) simResult {
	t0 := time.Unix(1_800_000_000, 0)
	random := rand.New(rand.NewPCG(seed, 1))
	bucket := &simBucket{perMinute: perMinute, tokens: float64(perMinute), updated: t0}
	throttles := make([]*throttle, clients)
	left := make([]int, clients)
	result := simResult{finished: make([]time.Duration, clients)}
	q := &simQueue{}
	for i := range clients {
		throttles[i], left[i] = newThrottle(0), pages
		heap.Push(q, simEvent{at: t0.Add(time.Duration(i) * start), client: i})
	}
	for q.Len() > 0 {
		e := heap.Pop(q).(simEvent) //nolint:forcetypeassert // only simEvent
		i := e.client
		if !e.arrive {
			delay := throttles[i].reserve(e.at)
			heap.Push(q, simEvent{at: e.at.Add(delay + latency), client: i, arrive: true})
			continue
		}
		result.requests++
		status, h := bucket.take(e.at)
		answered := e.at.Add(latency)
		throttles[i].observe(answered, status, h)
		next := answered
		if status == http.StatusTooManyRequests {
			result.limited++
			secs, _ := strconv.Atoi(h.Get("Retry-After"))
			next = next.Add(time.Duration(float64(secs) * float64(time.Second) * (1 + 0.5*random.Float64())))
		} else if left[i]--; left[i] == 0 {
			result.finished[i] = answered.Sub(t0)
			result.wall = max(result.wall, result.finished[i])
			continue
		}
		heap.Push(q, simEvent{at: next, client: i})
	}
	return result
}

func TestManyProcessesOnOneBucketConverge(t *testing.T) {
	for _, tc := range []struct {
		clients, pages, perMinute int
		start                     time.Duration
		// most is the most requests allowed, as a multiple of the pages:
		// 1.1 for the project's targets; fifty processes starting at once
		// spend more on 429s while they learn, and still all finish in time.
		most float64
	}{
		{2, 400, 300, 0, 1.1},
		{10, 40, 300, 0, 1.1},                      // a target of BENCHMARKS.md
		{10, 40, 300, 700 * time.Millisecond, 1.1}, // starting one after another
		{20, 15, 120, 0, 1.1},                      // a target of BENCHMARKS.md
		{20, 15, 120, 150 * time.Millisecond, 1.1}, // as terraform processes start
		{50, 15, 120, 0, 1.4},                      // fifty at once
		{50, 30, 600, 100 * time.Millisecond, 1.2}, // fifty one after another
		{3, 100, 600, 0, 1.0},                      // demand within the burst: no wait at all
	} {
		name := fmt.Sprintf("%d×%d pages through %d a minute, %s apart", tc.clients, tc.pages, tc.perMinute, tc.start)
		t.Run(name, func(t *testing.T) {
			total := tc.clients * tc.pages
			floor := time.Duration(float64(max(0, total-tc.perMinute)) / (float64(tc.perMinute) / 60) * float64(time.Second))
			for seed := range uint64(5) {
				r := simulate(tc.clients, tc.pages, tc.perMinute, tc.start, 20*time.Millisecond, seed)
				allowed := time.Duration(1.3*float64(floor)) + 15*time.Second + time.Duration(tc.clients)*tc.start
				if seed == 0 {
					t.Logf("%d requests (%d answered 429) for %d pages, %s (floor %s)", r.requests, r.limited, total, r.wall.Round(time.Second), floor.Round(time.Second))
				}
				if r.wall > allowed {
					t.Errorf("seed %d: took %s; the bucket's floor is %s, allowed %s", seed, r.wall.Round(time.Second), floor.Round(time.Second), allowed.Round(time.Second))
				}
				if float64(r.requests) > tc.most*float64(total) {
					t.Errorf("seed %d: %d requests (%d answered 429) for %d pages, more than %.1f×", seed, r.requests, r.limited, total, tc.most)
				}
				for i, done := range r.finished {
					if done == 0 || done > allowed {
						t.Errorf("seed %d: process %d finished at %s (allowed %s)", seed, i, done.Round(time.Second), allowed.Round(time.Second))
					}
				}
			}
		})
	}
}

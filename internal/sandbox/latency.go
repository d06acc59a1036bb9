package sandbox

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"
)

// Latency is the simulated distance between the client and the API: Base,
// give or take up to Jitter, before every answer.
type Latency struct {
	Base, Jitter time.Duration
}

// ParseLatency reads "150ms" or "150ms,jitter=30ms", as -latency takes it.
func ParseLatency(spec string) (Latency, error) {
	base, jitter, hasJitter := strings.Cut(spec, ",")
	var l Latency
	var err error
	if l.Base, err = time.ParseDuration(strings.TrimSpace(base)); err != nil || l.Base < 0 {
		return Latency{}, fmt.Errorf("latency %q: want a duration such as 150ms, optionally with ,jitter=30ms", spec)
	}
	if hasJitter {
		value, ok := strings.CutPrefix(strings.TrimSpace(jitter), "jitter=")
		if l.Jitter, err = time.ParseDuration(value); !ok || err != nil || l.Jitter < 0 || l.Jitter > l.Base {
			return Latency{}, fmt.Errorf("latency %q: the jitter must be a duration no larger than the latency, such as jitter=30ms", spec)
		}
	}
	return l, nil
}

// wait holds an answer back; false when the client gave up meanwhile.
func (l Latency) wait(r *http.Request) bool {
	d := l.Base
	if l.Jitter > 0 {
		d += time.Duration(rand.Int64N(int64(2*l.Jitter)+1)) - l.Jitter //nolint:gosec // simulated noise
	}
	if d <= 0 {
		return true
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

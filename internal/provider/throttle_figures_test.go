//go:build figures

package provider_test

import (
	"fmt"
	"testing"
	"time"
)

// TestAccThrottleFigures compares the adaptive pace with no pacing at all. It
// measures rather than tests, so it is built only with the figures tag:
// make throttle-figures.
func TestAccThrottleFigures(t *testing.T) {
	adaptive := readContactsInParallel(t)
	unpaced := readContactsInParallel(t, "requests_per_minute = 1000000", "max_retries = 20")
	fmt.Printf("\n%-34s %9s %6s %10s\n", "50 contacts, parallelism 10, 120/min", "requests", "429s", "time")
	for _, r := range []struct {
		name string
		run  throttleRun
	}{{"adaptive pace (default)", adaptive}, {"no pacing (requests_per_minute=1e6)", unpaced}} {
		fmt.Printf("%-34s %9d %6d %10s\n", r.name, r.run.requests, r.run.limited, r.run.took.Round(time.Millisecond))
	}
}

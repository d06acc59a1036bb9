package provider

import (
	"testing"
)

func FuzzDurationSetting(f *testing.F) {
	for _, seed := range []string{"30s", "1m", "1h", "0s", "-5s", "2 hours", "", "9223372036854775807ns", "1e3s", "1h1m1s1ms", "∞"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		for _, bounds := range []durationBounds{maxRetryWaitBounds, requestTimeoutBounds} {
			d, err := bounds.parse(raw)
			if err != nil {
				if err.Error() == "" {
					t.Fatal("empty error")
				}
				continue
			}
			if d < bounds.min || d > bounds.max {
				t.Fatalf("accepted %q = %s outside %s–%s", raw, d, bounds.min, bounds.max)
			}
		}
	})
}

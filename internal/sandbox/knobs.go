package sandbox

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// StatusMix is how often each status is drawn for a generated
// conversation: relative weights, such as 60, 10 and 30 (they need not add
// up to 100; a status of weight 0 is never drawn). The zero StatusMix is the
// default organization's: open 50, pending 20, resolved 30.
type StatusMix struct{ Open, Pending, Resolved int }

// statusOrder is the order a conversation's status is drawn in: the
// default organization's, so that its data stays the same.
var statusOrder = []string{"open", "resolved", "pending"}

var defaultStatusMix = StatusMix{Open: 50, Pending: 20, Resolved: 30}

// ParseStatusMix reads a mix written as -status-mix takes it:
// open=60,pending=10,resolved=30. A status left out is never drawn.
func ParseStatusMix(spec string) (StatusMix, error) {
	var m StatusMix
	seen := map[string]bool{}
	example := "such as open=60,pending=10,resolved=30"
	if strings.TrimSpace(spec) == "" {
		return m, fmt.Errorf("a status mix is status=weight, separated by commas, %s", example)
	}
	for part := range strings.SplitSeq(spec, ",") {
		name, value, ok := strings.Cut(strings.TrimSpace(part), "=")
		name = strings.TrimSpace(name)
		if !ok {
			return m, fmt.Errorf("%q: a status mix is status=weight, separated by commas, %s", part, example)
		}
		var field *int
		switch name {
		case "open":
			field = &m.Open
		case "pending":
			field = &m.Pending
		case "resolved":
			field = &m.Resolved
		default:
			return m, fmt.Errorf("%q is not a status: the statuses are open, pending and resolved", name)
		}
		if seen[name] {
			return m, fmt.Errorf("%s is given twice", name)
		}
		seen[name] = true
		n, err := strconv.Atoi(strings.TrimSpace(value))
		if err != nil || n < 0 {
			return m, fmt.Errorf("%s=%s: a weight is a whole number, 0 or more, %s", name, value, example)
		}
		*field = n
	}
	if m == (StatusMix{}) {
		return m, fmt.Errorf("%q: every weight is 0, so no status could be drawn", spec)
	}
	return m, nil
}

// String writes m as ParseStatusMix reads it; the zero StatusMix is written
// as the default it stands for.
func (m StatusMix) String() string {
	if m == (StatusMix{}) {
		m = defaultStatusMix
	}
	return fmt.Sprintf("open=%d,pending=%d,resolved=%d", m.Open, m.Pending, m.Resolved)
}

// weights are m's weights in statusOrder, divided by their greatest common
// divisor: open=50,pending=20,resolved=30 is the default mix and draws the
// default organization.
func (m StatusMix) weights() []int {
	if m == (StatusMix{}) {
		m = defaultStatusMix
	}
	w := []int{m.Open, m.Resolved, m.Pending}
	d := 0
	for _, x := range w {
		d = gcd(d, x)
	}
	for i := range w {
		w[i] /= max(d, 1)
	}
	return w
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// Validate says what is wrong with the knobs, if anything: each error
// names the option and the values it takes.
func (o GenerateOptions) Validate() error {
	var errs []error
	if o.Conversations < 0 {
		errs = append(errs, fmt.Errorf("%d conversations: the count is 0 or more", o.Conversations))
	}
	if o.Contacts < 0 {
		errs = append(errs, fmt.Errorf("%d contacts: the count is 1 or more (0: about a third of the conversations, and three who never wrote)", o.Contacts))
	}
	if o.Agents < 0 {
		errs = append(errs, fmt.Errorf("%d agents: the count is 1 or more (0: the default six; for nobody assigned, Unassigned 1)", o.Agents))
	}
	if o.WhatsAppNumbers < 0 {
		errs = append(errs, fmt.Errorf("%d WhatsApp numbers: the count is 1 or more (0: the default four)", o.WhatsAppNumbers))
	}
	if m := o.StatusMix; m.Open < 0 || m.Pending < 0 || m.Resolved < 0 {
		errs = append(errs, fmt.Errorf("status mix %s: a weight is 0 or more", m))
	}
	if u := o.Unassigned; u != nil {
		if err := checkShare(*u); err != nil {
			errs = append(errs, fmt.Errorf("unassigned share: %w", err))
		}
	}
	return errors.Join(errs...)
}

// checkShare says what is wrong with an unassigned share: it is 0 to 1, in
// hundredths (the generator draws it in whole percent).
func checkShare(u float64) error {
	switch {
	case math.IsNaN(u) || u < 0 || u > 1:
		return fmt.Errorf("%v is not a share: it is 0 to 1, such as 0.2 for one conversation in five", u)
	case math.Abs(u*100-math.Round(u*100)) > 1e-9:
		return fmt.Errorf("%v is finer than the whole percent the generator draws: write %.2f", u, math.Round(u*100)/100)
	}
	return nil
}

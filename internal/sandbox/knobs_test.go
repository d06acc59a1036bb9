package sandbox_test

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

func share(v float64) *float64 { return &v }

// unassignedOf is the unassigned share opts asks for.
func unassignedOf(opts sandbox.GenerateOptions) float64 {
	if opts.Unassigned == nil {
		return 0.2
	}
	return *opts.Unassigned
}

// teamLike are knobs that make organizations unlike the default one, for
// the tests that hold every generated organization to what it should be.
var teamLike = []sandbox.GenerateOptions{
	{Seed: 3, Conversations: 3000, Contacts: 800, Agents: 12, WhatsAppNumbers: 7,
		StatusMix: sandbox.StatusMix{Open: 60, Pending: 10, Resolved: 30}, Unassigned: share(0.1)},
	{Seed: 4, Conversations: 2000, Contacts: 2500, Agents: 2, WhatsAppNumbers: 2,
		StatusMix: sandbox.StatusMix{Open: 1, Resolved: 3}, Unassigned: share(0.55), EdgeCases: true},
	{Seed: 5, Conversations: 1000, Contacts: 1, Agents: 1, WhatsAppNumbers: 1, StatusMix: sandbox.StatusMix{Pending: 1}, Unassigned: share(0)},
	{Seed: 6, Conversations: 1500, Contacts: 40, Agents: 40, WhatsAppNumbers: 4, Unassigned: share(1)},
	{Seed: 7, Conversations: 5000, Contacts: 600, Agents: 400, WhatsAppNumbers: 30},
	{Seed: 8, Conversations: 0, Contacts: 5},
}

// TestKnobsMakeWhatTheySay: an organization generated with the knobs has
// the number of agents (every one assigned something, given enough
// conversations), WhatsApp numbers and contacts asked for, each agent and
// number distinct; its statuses and unassigned share are the mix and share
// asked for, within 3 points; and every conversation's contact is one of
// its contacts, with the same phone number and name.
func TestKnobsMakeWhatTheySay(t *testing.T) {
	for _, opts := range teamLike {
		org := sandbox.GenerateOrganization(opts)
		name := func() string { b, _ := json.Marshal(opts); return string(b) }
		if len(org.Conversations) != opts.Conversations || len(org.Contacts) != opts.Contacts {
			t.Errorf("%s: %d conversations and %d contacts", name(), len(org.Conversations), len(org.Contacts))
		}
		contacts := map[string]sandbox.Contact{}
		for _, c := range org.Contacts {
			if _, twice := contacts[c.ID]; twice {
				t.Errorf("%s: contact %s twice", name(), c.ID)
			}
			contacts[c.ID] = c
		}
		agents, agentNames, numbers := map[string]bool{}, map[string]bool{}, map[string]bool{}
		statuses := map[string]int{}
		unassigned := 0
		for _, c := range org.Conversations {
			statuses[c.Status]++
			if c.Assignee == nil {
				unassigned++
			} else if !agents[c.Assignee.ID] {
				agents[c.Assignee.ID] = true
				if c.Assignee.Name != nil {
					agentNames[*c.Assignee.Name] = true
				}
			}
			number := "pending"
			if c.WhatsAppAccount.PhoneNumber != nil {
				number = *c.WhatsAppAccount.PhoneNumber
			}
			numbers[number] = true
			full, ok := contacts[c.Contact.ID]
			if !ok || mustJSON(t, full.PhoneNumber) != mustJSON(t, c.Contact.PhoneNumber) || mustJSON(t, full.Name) != mustJSON(t, c.Contact.Name) {
				t.Errorf("%s: %s's contact %s is not its contact record %+v", name(), c.ID, mustJSON(t, c.Contact), full)
			}
		}
		if opts.Conversations == 0 {
			continue
		}
		wantAgents, wantNumbers := opts.Agents, opts.WhatsAppNumbers
		if wantAgents == 0 {
			wantAgents = 6
		}
		if unassignedOf(opts) == 1 {
			wantAgents = 0
		}
		if wantNumbers == 0 {
			wantNumbers = 4
		}
		if len(agents) != wantAgents || len(numbers) != wantNumbers {
			t.Errorf("%s: %d agents and %d WhatsApp numbers assigned, want %d and %d", name(), len(agents), len(numbers), wantAgents, wantNumbers)
		}
		if wantAgents > 1 && len(agentNames) < wantAgents-1 { // the sixth agent never set a name
			t.Errorf("%s: %d agents share %d names", name(), len(agents), len(agentNames))
		}
		if wantNumbers >= 4 && !numbers["pending"] {
			t.Errorf("%s: no number pending registration", name())
		}
		mix := opts.StatusMix
		if mix == (sandbox.StatusMix{}) {
			mix = sandbox.StatusMix{Open: 5, Pending: 2, Resolved: 3}
		}
		total := float64(mix.Open + mix.Pending + mix.Resolved)
		n := float64(opts.Conversations)
		for status, weight := range map[string]int{"open": mix.Open, "pending": mix.Pending, "resolved": mix.Resolved} {
			if got, want := float64(statuses[status])/n, float64(weight)/total; math.Abs(got-want) > 0.03 || weight == 0 && statuses[status] != 0 {
				t.Errorf("%s: %.3f %s, want %.3f", name(), got, status, want)
			}
		}
		if got, want := float64(unassigned)/n, unassignedOf(opts); math.Abs(got-want) > 0.03 || want == 0 && unassigned != 0 || want == 1 && unassigned != len(org.Conversations) {
			t.Errorf("%s: %.3f unassigned, want %.2f", name(), got, want)
		}
	}
}

// TestTheDefaultKnobsWrittenOutAreTheDefaultOrganization: six agents, four
// numbers, open=50,pending=20,resolved=30 and 0.2 unassigned, given, make
// the default organization, byte for byte: the ids the tests and examples
// name stay where they are.
func TestTheDefaultKnobsWrittenOutAreTheDefaultOrganization(t *testing.T) {
	now := time.Date(2027, 1, 2, 3, 4, 0, 0, time.UTC)
	for _, base := range []sandbox.GenerateOptions{{Seed: 1, Conversations: 300}, {Seed: 9, Conversations: 700, EdgeCases: true, Now: now}} {
		explicit := base
		explicit.Agents, explicit.WhatsAppNumbers, explicit.Unassigned = 6, 4, share(0.2)
		explicit.StatusMix = sandbox.StatusMix{Open: 50, Pending: 20, Resolved: 30}
		a, _ := json.Marshal(sandbox.GenerateOrganization(base))
		b, _ := json.Marshal(sandbox.GenerateOrganization(explicit))
		if !bytes.Equal(a, b) {
			t.Errorf("seed %d: the default knobs, written out, change the organization", base.Seed)
		}
	}
}

// TestKnobsAreValidated: Validate names the knob that cannot make an
// organization and what it takes; the defaults and the team-like knobs pass.
func TestKnobsAreValidated(t *testing.T) {
	for _, opts := range append([]sandbox.GenerateOptions{{}}, teamLike...) {
		if err := opts.Validate(); err != nil {
			t.Errorf("%+v: %v", opts, err)
		}
	}
	for want, opts := range map[string]sandbox.GenerateOptions{
		"-1 conversations: the count is 0 or more":    {Conversations: -1},
		"-2 contacts: the count is 1 or more":         {Contacts: -2},
		"-3 agents: the count is 1 or more":           {Agents: -3},
		"-4 WhatsApp numbers: the count is 1 or more": {WhatsAppNumbers: -4},
		"status mix open=-1,pending=0,resolved=2":     {StatusMix: sandbox.StatusMix{Open: -1, Resolved: 2}},
		"unassigned share: 1.5 is not a share":        {Unassigned: share(1.5)},
		"unassigned share: -0.1 is not a share":       {Unassigned: share(-0.1)},
		"unassigned share: NaN is not a share":        {Unassigned: share(math.NaN())},
		"0.125 is finer than the whole percent":       {Unassigned: share(0.125)},
		"write 0.13":                                  {Unassigned: share(0.125)},
	} {
		if err := opts.Validate(); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%+v: %v, want %q", opts, err, want)
		}
	}
}

func TestParseStatusMix(t *testing.T) {
	for spec, want := range map[string]sandbox.StatusMix{
		"open=60,pending=10,resolved=30": {Open: 60, Pending: 10, Resolved: 30},
		" resolved = 3 , open=1 ":        {Open: 1, Resolved: 3},
		"pending=1":                      {Pending: 1},
		"open=0,pending=0,resolved=7":    {Resolved: 7},
	} {
		got, err := sandbox.ParseStatusMix(spec)
		if err != nil || got != want {
			t.Errorf("%q: %+v, %v", spec, got, err)
		}
		if again, err := sandbox.ParseStatusMix(got.String()); err != nil || again != got {
			t.Errorf("%q: String %q does not read back: %+v, %v", spec, got.String(), again, err)
		}
	}
	if s := (sandbox.StatusMix{}).String(); s != "open=50,pending=20,resolved=30" {
		t.Errorf("the zero mix is written %q", s)
	}
	for spec, want := range map[string]string{
		"":                      "a status mix is status=weight",
		"open":                  `"open": a status mix is status=weight`,
		"open=60,closed=40":     `"closed" is not a status: the statuses are open, pending and resolved`,
		"open=1,open=2":         "open is given twice",
		"open=0.6,resolved=0.4": "open=0.6: a weight is a whole number, 0 or more",
		"open=-1,resolved=2":    "open=-1: a weight is a whole number",
		"open=0,pending=0":      "every weight is 0, so no status could be drawn",
		"Open=1":                `"Open" is not a status`,
	} {
		if _, err := sandbox.ParseStatusMix(spec); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", spec, err, want)
		}
	}
}

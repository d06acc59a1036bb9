package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

// TestKnobFlagsShapeTheGeneratedOrganization: the knobs reach the
// generator, and the dump, read back, is an organization of the size asked
// for; the same knobs, seed and -as-of give the same file byte for byte.
func TestKnobFlagsShapeTheGeneratedOrganization(t *testing.T) {
	args := []string{"-seed", "12", "-conversations", "900", "-contacts", "250", "-agents", "9", "-whatsapp-numbers", "3",
		"-status-mix", "open=60,pending=10,resolved=30", "-unassigned", "0.1", "-as-of", "2027-01-15T08:30:00Z"}
	o, err := parseFlags(args, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if o.contacts != 250 || o.agents != 9 || o.whatsAppNumbers != 3 || o.statusMix.StatusMix != (sandbox.StatusMix{Open: 60, Pending: 10, Resolved: 30}) || o.unassigned != 0.1 {
		t.Fatalf("parsed %+v", o)
	}
	first := dump(t, args...)
	if !bytes.Equal(first, dump(t, args...)) {
		t.Fatal("two dumps with the same knobs, -seed and -as-of differ")
	}
	if bytes.Equal(first, dump(t, append(args[:len(args):len(args)], "-agents", "8")...)) {
		t.Error("another -agents gave the same dump")
	}
	path := filepath.Join(t.TempDir(), "team.json")
	if err := os.WriteFile(path, first, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	org, err := sandbox.ReadFixture(f)
	if err != nil {
		t.Fatal(err)
	}
	agents, numbers, statuses, unassigned := map[string]bool{}, map[string]bool{}, map[string]int{}, 0
	for _, c := range org.Conversations {
		statuses[c.Status]++
		if c.Assignee == nil {
			unassigned++
		} else {
			agents[c.Assignee.ID] = true
		}
		numbers[*c.WhatsAppAccount.PhoneNumber] = true // three numbers: none pending
	}
	if len(org.Conversations) != 900 || len(org.Contacts) != 250 || len(agents) != 9 || len(numbers) != 3 ||
		statuses["open"] < 510 || statuses["open"] > 570 || statuses["pending"] < 63 || statuses["pending"] > 117 || unassigned < 63 || unassigned > 117 {
		t.Errorf("%d conversations, %d contacts, %d agents, %d numbers, statuses %v, %d unassigned",
			len(org.Conversations), len(org.Contacts), len(agents), len(numbers), statuses, unassigned)
	}
}

// TestBadKnobsAreRefused: each knob that cannot make an organization is
// refused at start, saying why and what to write; -agents 0 is an
// organization nobody is assigned in, with -unassigned 1.
func TestBadKnobsAreRefused(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-status-mix", "open=60,closed=40"}, `"closed" is not a status: the statuses are open, pending and resolved`},
		{[]string{"-status-mix", "open=0.6,resolved=0.4"}, "a weight is a whole number"},
		{[]string{"-status-mix", "open=0"}, "every weight is 0"},
		{[]string{"-unassigned", "1.2"}, "-unassigned 1.2 is not a share: it is 0 to 1"},
		{[]string{"-unassigned", "-0.2"}, "-unassigned -0.2 is not a share"},
		{[]string{"-unassigned", "0.333"}, "-unassigned 0.333 is finer than the whole percent the generator draws: write 0.33"},
		{[]string{"-agents", "0"}, "-agents 0 leaves nobody to assign conversations to, and -unassigned 0.2 assigns some: add -unassigned 1"},
		{[]string{"-agents", "-1"}, "-agents -1: a number of agents is 0 or more"},
		{[]string{"-whatsapp-numbers", "0"}, "-whatsapp-numbers 0: every conversation comes in on a WhatsApp number, so it is 1 or more"},
		{[]string{"-contacts", "0"}, "-contacts 0: every conversation has a contact, so -contacts is 1 or more"},
		{[]string{"-contacts", "-5", "-conversations", "0"}, "-contacts -5: a number of contacts is 0 or more"},
		{[]string{"-conversations", "-1"}, "-conversations -1: a number of conversations is 0 or more"},
	} {
		if _, err := parseFlags(tc.args, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: %v, want %q", tc.args, err, tc.want)
		}
	}

	o, err := parseFlags([]string{"-agents", "0", "-unassigned", "1", "-conversations", "50"}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	srv, _, err := newServer(o)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range srv.Conversations() {
		if c.Assignee != nil {
			t.Fatalf("-agents 0 -unassigned 1: %s is assigned to %s", c.ID, c.Assignee.ID)
		}
	}
	if _, err := parseFlags([]string{"-contacts", "0", "-conversations", "0"}, &bytes.Buffer{}); err != nil {
		t.Errorf("no conversations need no contacts: %v", err)
	}

	var stderr bytes.Buffer
	fixture := filepath.Join(t.TempDir(), "f.json")
	if _, err := parseFlags([]string{"-fixture", fixture, "-agents", "3", "-seed", "2"}, &stderr); err != nil ||
		!strings.Contains(stderr.String(), "warning: -seed, -agents shape the generated organization, and -fixture serves "+fixture+" instead: they are ignored") {
		t.Errorf("knobs with -fixture: %v, said %q", err, stderr.String())
	}
}

// TestTheGuidesTeam: the team of the sandbox-fixtures guide has the figures
// the guide gives.
func TestTheGuidesTeam(t *testing.T) {
	path := filepath.Join(t.TempDir(), "team.json")
	if err := run([]string{"-dump-fixture", path, "-as-of", "2026-11-01T12:00:00Z",
		"-conversations", "5000", "-contacts", "1800", "-agents", "14", "-whatsapp-numbers", "2",
		"-status-mix", "open=25,pending=10,resolved=65", "-unassigned", "0.1"}, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	org, err := sandbox.ReadFixture(f)
	if err != nil {
		t.Fatal(err)
	}
	statuses, unassigned := map[string]int{}, 0
	for _, c := range org.Conversations {
		statuses[c.Status]++
		if c.Assignee == nil {
			unassigned++
		}
	}
	if statuses["resolved"] != 3196 || statuses["open"] != 1283 || statuses["pending"] != 521 || unassigned != 452 || len(org.Contacts) != 1800 {
		t.Errorf("%v, %d unassigned, %d contacts: the guide says 3,196 resolved, 1,283 open, 521 pending, 452 unassigned, 1,800 contacts",
			statuses, unassigned, len(org.Contacts))
	}
}

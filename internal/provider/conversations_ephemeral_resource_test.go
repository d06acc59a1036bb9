package provider_test

import (
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/acctest"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

// TestAccConversationsEphemeral_anAuditWithoutPersonalData runs a check on
// the ephemeral list with the real CLI: the check reports what it should,
// the list is read once per plan, and neither the state nor the plan's
// output holds a conversation, a name, a phone number or an email.
func TestAccConversationsEphemeral_anAuditWithoutPersonalData(t *testing.T) {
	requireEphemeralResources(t)
	sb := acctest.StartSandbox(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 31, Conversations: 150}})
	var unassigned, personal []string
	for _, c := range sb.Conversations() {
		if c.Status == "open" && c.Assignee == nil {
			unassigned = append(unassigned, c.ID)
		}
		personal = append(personal, c.ID)
		for _, p := range []*string{c.Contact.Name, c.Contact.PhoneNumber} {
			if p != nil && len(*p) > 5 {
				personal = append(personal, *p)
			}
		}
		if c.Assignee != nil && c.Assignee.Email != nil {
			personal = append(personal, *c.Assignee.Email)
		}
	}
	if len(unassigned) == 0 {
		t.Fatal("the seeded data has no unassigned open conversation to find")
	}
	w := newWorkspace(t, sb.ProviderBlock()+`
ephemeral "kirimchat_conversations" "open" {
  status = "open"
}

check "open_conversations_are_assigned" {
  assert {
    condition     = alltrue([for c in ephemeral.kirimchat_conversations.open.conversations : c.assignee != null])
    # A message cannot refer to ephemeral values: terraform would not show it.
    error_message = "Some open conversations have no assignee."
  }
}

check "the_list_is_complete" {
  assert {
    condition     = !ephemeral.kirimchat_conversations.open.truncated
    error_message = "The list was cut."
  }
}
`)
	reads := func() int {
		n := 0
		for _, r := range sb.ListRequests(listPath) {
			if r.Query.Get("cursor") == "" {
				n++
			}
		}
		return n
	}
	planExit, plan := w.run("plan", "-input=false", "-no-color")
	planReads := reads()
	applyExit, apply := w.apply()
	applyReads := reads() - planReads
	if planExit != 0 || applyExit != 0 {
		t.Fatalf("plan %d, apply %d:\n%s\n%s", planExit, applyExit, plan, apply)
	}
	for _, out := range []string{plan, apply} {
		if !regexp.MustCompile(`Check block assertion failed[\s\S]*Some open conversations have no assignee.`).MatchString(out) {
			t.Errorf("the failed check is not reported:\n%s", out)
		}
		if strings.Contains(out, "the_list_is_complete") {
			t.Errorf("a passing check is reported:\n%s", out)
		}
	}
	for _, text := range []string{plan, apply, w.state()} {
		for _, p := range personal {
			if strings.Contains(text, p) {
				t.Fatalf("%q reached the plan, the apply or the state", p)
			}
		}
	}
	// Opened once per walk, however many checks read it: once for a plan,
	// twice for an apply (its plan, then the apply itself).
	if planReads != 1 || applyReads != 2 {
		t.Errorf("the list was read %d times by plan and %d by apply, want 1 and 2", planReads, applyReads)
	}
}

// The ephemeral resource checks its arguments with the data source's
// validators: at plan, before any request.
func TestAccConversationsEphemeral_invalidArgumentsFailAtPlan(t *testing.T) {
	requireEphemeralResources(t)
	sb := acctest.StartSandbox(t, sandbox.Options{})
	for args, pattern := range map[string]string{
		`status = "Open"`:                   `(?s)Invalid conversation status.*"Open" is not a conversation status: write "open", in lowercase`,
		`last_message_after = "2026-11-27"`: `(?s)Invalid date-time.*such as "2026-11-27T00:00:00Z" for midnight UTC`,
	} {
		w := newWorkspace(t, sb.ProviderBlock()+"ephemeral \"kirimchat_conversations\" \"x\" {\n  "+args+"\n}\n")
		exit, out := w.run("plan", "-input=false", "-no-color")
		if exit == 0 || !regexp.MustCompile(strings.ReplaceAll(pattern, " ", `\s+`)).MatchString(out) {
			t.Errorf("%s: exit %d, want an error matching %s:\n%s", args, exit, pattern, out)
		}
	}
	if n := len(sb.Requests()); n != 0 {
		t.Errorf("invalid arguments reached the API: %d requests", n)
	}
}

// requireEphemeralResources skips on a CLI too old for ephemeral resources
// (Terraform before 1.10, OpenTofu before 1.11), which the public workflow's
// matrix still runs the suite on; .ci/run's CLIs all have them.
func requireEphemeralResources(t *testing.T) {
	t.Helper()
	out, err := exec.Command(terraformCLI(t), "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(Terraform|OpenTofu) v(\d+)\.(\d+)`).FindStringSubmatch(string(out))
	if m == nil {
		t.Fatalf("cannot read the CLI's version in %q", out)
	}
	major, _ := strconv.Atoi(m[2])
	minor, _ := strconv.Atoi(m[3])
	floor := map[string]int{"Terraform": 10, "OpenTofu": 11}[m[1]]
	if major == 1 && minor < floor {
		t.Skipf("%s 1.%d has no ephemeral resources (they need 1.%d)", m[1], minor, floor)
	}
}

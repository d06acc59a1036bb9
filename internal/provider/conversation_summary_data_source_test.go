package provider_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/acctest"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

// expectedSummary is what a summary of convs must say, computed here from
// the sandbox's data with the standard library's time, independently of
// the provider's reading: the test's oracle.
type expectedSummary struct {
	count                                  int
	byStatus, byAssignee, byWhatsAppNumber map[string]int
	unassigned, waiting                    []string
	oldestWaitingSince                     *string
}

func summarize(t *testing.T, convs []sandbox.Conversation, asOf time.Time, waitingLongerThan time.Duration) expectedSummary {
	t.Helper()
	e := expectedSummary{byStatus: map[string]int{}, byAssignee: map[string]int{}, byWhatsAppNumber: map[string]int{},
		unassigned: []string{}, waiting: []string{}}
	type waiting struct {
		id, since string
		at        time.Time
	}
	var waits []waiting
	for _, c := range convs {
		e.count++
		e.byStatus[c.Status]++
		if c.Assignee == nil {
			e.unassigned = append(e.unassigned, c.ID)
		} else {
			e.byAssignee[c.Assignee.ID]++
		}
		if c.WhatsAppAccount != nil && c.WhatsAppAccount.PhoneNumber != nil {
			e.byWhatsAppNumber[*c.WhatsAppAccount.PhoneNumber]++
		}
		if c.UnreadCount == 0 || c.LastInboundAt == nil {
			continue
		}
		at, err := time.Parse(time.RFC3339Nano, *c.LastInboundAt)
		if err != nil {
			t.Fatalf("conversation %s: %v", c.ID, err)
		}
		if at.Before(asOf.Add(-waitingLongerThan)) {
			waits = append(waits, waiting{c.ID, *c.LastInboundAt, at})
		}
	}
	slices.SortStableFunc(waits, func(a, b waiting) int { return a.at.Compare(b.at) })
	for _, w := range waits {
		e.waiting = append(e.waiting, w.id)
	}
	if len(waits) > 0 {
		e.oldestWaitingSince = &waits[0].since
	}
	return e
}

func counts(m map[string]int) knownvalue.Check {
	checks := map[string]knownvalue.Check{}
	for k, n := range m {
		checks[k] = knownvalue.Int64Exact(int64(n))
	}
	return knownvalue.MapExact(checks)
}

func strs(values []string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(values))
	for i, v := range values {
		checks[i] = knownvalue.StringExact(v)
	}
	return knownvalue.ListExact(checks)
}

// summaryChecks are the state checks of every result of address against e.
func summaryChecks(address string, e expectedSummary) []statecheck.StateCheck {
	var oldest knownvalue.Check = knownvalue.Null()
	if e.oldestWaitingSince != nil {
		oldest = knownvalue.StringExact(*e.oldestWaitingSince)
	}
	return []statecheck.StateCheck{
		expect(address, "count", knownvalue.Int64Exact(int64(e.count))),
		expect(address, "conversation_count", knownvalue.Int64Exact(int64(e.count))),
		expect(address, "count_by_status", counts(e.byStatus)),
		expect(address, "count_by_assignee", counts(e.byAssignee)),
		expect(address, "count_by_whatsapp_number", counts(e.byWhatsAppNumber)),
		expect(address, "unassigned_count", knownvalue.Int64Exact(int64(len(e.unassigned)))),
		expect(address, "unassigned_ids", strs(e.unassigned)),
		expect(address, "waiting_count", knownvalue.Int64Exact(int64(len(e.waiting)))),
		expect(address, "waiting_ids", strs(e.waiting)),
		expect(address, "oldest_waiting_since", oldest),
	}
}

// plantedConversations are the cases a generated organization may not
// hold, at asOf with a 6 h window: two customers waiting since the same
// instant (written two ways: a tie, kept in the API's order), one waiting
// exactly 6 h (not longer: not waiting), unread messages but no inbound
// one, an old inbound message already read, no WhatsApp account, and no
// number on it.
func plantedConversations() []sandbox.Conversation {
	text := func(s string) *string { return &s }
	planted := func(id, lastMessage string, change func(*sandbox.Conversation)) sandbox.Conversation {
		c := acctest.SampleConversation(id)
		c.LastMessageAt = text(lastMessage)
		change(&c)
		return c
	}
	return []sandbox.Conversation{
		planted("cnv_7IE000000000000000000000001", "2026-11-01T11:59:00Z", func(c *sandbox.Conversation) {
			c.UnreadCount, c.LastInboundAt = 3, text("2019-10-01T00:00:00Z")
		}),
		planted("cnv_7IE000000000000000000000002", "2026-11-01T11:58:00Z", func(c *sandbox.Conversation) {
			c.UnreadCount, c.LastInboundAt = 1, text("2019-10-01T00:00:00.000Z")
		}),
		planted("cnv_EXACT0000000000000000000001", "2026-11-01T11:57:00Z", func(c *sandbox.Conversation) {
			c.UnreadCount, c.LastInboundAt = 2, text("2026-11-01T06:00:00Z")
		}),
		planted("cnv_N0NB0UND00000000000000000001", "2026-11-01T11:56:00Z", func(c *sandbox.Conversation) {
			c.UnreadCount, c.LastInboundAt = 5, nil
		}),
		planted("cnv_READ0000000000000000000000001", "2026-11-01T11:55:00Z", func(c *sandbox.Conversation) {
			c.UnreadCount, c.LastInboundAt = 0, text("2026-09-01T00:00:00Z")
		}),
		planted("cnv_N0ACC0UNT000000000000000001", "2026-11-01T11:54:00Z", func(c *sandbox.Conversation) {
			c.WhatsAppAccount, c.Assignee = nil, nil
		}),
		planted("cnv_N0NUMBER00000000000000000001", "2026-11-01T11:53:00Z", func(c *sandbox.Conversation) {
			c.WhatsAppAccount = &sandbox.WhatsAppAccount{PhoneNumber: nil}
		}),
	}
}

// Every result against the oracle, with as_of and waiting_longer_than set,
// over the whole organization, a status and a window.
func TestAccConversationSummary_everyResultMatchesTheSandboxsData(t *testing.T) {
	t.Parallel()
	sb := acctest.StartSandbox(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 17, Conversations: 340, EdgeCases: true}})
	sb.Insert(plantedConversations()...)
	asOf := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	after := asOf.Add(-72 * time.Hour)
	convs := sb.Conversations()
	whole := summarize(t, convs, asOf, 6*time.Hour)
	open := summarize(t, filter(convs, func(c sandbox.Conversation) bool { return c.Status == "open" }), asOf, 6*time.Hour)
	window := summarize(t, filter(convs, func(c sandbox.Conversation) bool {
		return c.LastMessageAt != nil && mustTime(t, *c.LastMessageAt).After(after)
	}), asOf, 24*time.Hour)
	if len(whole.waiting) < 5 || len(whole.unassigned) < 5 || len(open.waiting) == 0 || window.count == 0 || window.count == whole.count {
		t.Fatalf("the data is too thin to prove the summary: %d waiting, %d unassigned, %d open waiting, %d of %d in the window",
			len(whole.waiting), len(whole.unassigned), len(open.waiting), window.count, whole.count)
	}
	if whole.waiting[0] != "cnv_7IE000000000000000000000001" || whole.waiting[1] != "cnv_7IE000000000000000000000002" {
		t.Fatalf("the oracle does not put the tie first, in the API's order: %v", whole.waiting[:2])
	}

	const wholeAddr, openAddr, windowAddr = "data.kirimchat_conversation_summary.whole",
		"data.kirimchat_conversation_summary.open", "data.kirimchat_conversation_summary.window"
	checks := append(summaryChecks(wholeAddr, whole), summaryChecks(openAddr, open)...)
	checks = append(checks, summaryChecks(windowAddr, window)...)
	checks = append(checks,
		expect(wholeAddr, "as_of", knownvalue.StringExact("2026-11-01T12:00:00Z")),
		expect(wholeAddr, "waiting_longer_than", knownvalue.StringExact("6h")),
		expect(wholeAddr, "id", knownvalue.StringExact("as_of=2026-11-01T12%3A00%3A00Z&waiting_longer_than=6h")),
		expect(windowAddr, "waiting_longer_than", knownvalue.StringExact("24h")),
		expect(openAddr, "waiting_longer_than", knownvalue.StringExact("360m")), // as written
	)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config: sb.ProviderBlock("page_size = 37") + `
data "kirimchat_conversation_summary" "whole" {
  as_of               = "2026-11-01T12:00:00Z"
  waiting_longer_than = "6h"
}
data "kirimchat_conversation_summary" "open" {
  status              = "open"
  as_of               = "2026-11-01T12:00:00Z"
  waiting_longer_than = "360m"
}
data "kirimchat_conversation_summary" "window" {
  last_message_after = "` + after.Format(time.RFC3339) + `"
  as_of              = "2026-11-01T12:00:00Z"
}`,
			ConfigStateChecks: checks,
		}},
	})
}

// Without as_of, waiting is measured at the read's own time, which the
// state says; without waiting_longer_than, over WhatsApp's 24 hours.
func TestAccConversationSummary_defaultsAreTheReadsTimeAnd24Hours(t *testing.T) {
	t.Parallel()
	now := time.Now().UTC()
	sb := acctest.StartSandbox(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 5, Conversations: 120, Now: now}})
	const address = "data.kirimchat_conversation_summary.all"
	waiting := summarize(t, sb.Conversations(), now, 24*time.Hour).waiting
	// The organization is generated at now, so its times are the same
	// distance from it on every run: whether the read's as_of is a few
	// seconds later makes no difference to this seed's waiting.
	if later := summarize(t, sb.Conversations(), now.Add(2*time.Minute), 24*time.Hour).waiting; !slices.Equal(waiting, later) || len(waiting) == 0 {
		t.Fatalf("seed 5 has %d waiting at now, %d two minutes later: pick a seed whose waiting do not change then", len(waiting), len(later))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config: sb.ProviderBlock() + `data "kirimchat_conversation_summary" "all" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				expect(address, "id", knownvalue.StringExact("all")),
				expect(address, "waiting_longer_than", knownvalue.StringExact("24h")),
				expect(address, "as_of", acctest.TimestampNear(now, time.Minute)),
				expect(address, "waiting_ids", strs(waiting)),
			},
		}},
	})
}

// contact_ids reads each contact's conversations, one filtered drain per
// contact: the requests grow with the contacts named, not with the
// organization.
func TestAccConversationSummary_contactIDsReadOnlyThoseContacts(t *testing.T) {
	t.Parallel()
	sb := acctest.StartSandbox(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 23, Conversations: 600}})
	convs := sb.Conversations()
	var vips []string
	for _, c := range convs {
		if c.Contact != nil && !slices.Contains(vips, c.Contact.ID) {
			vips = append(vips, c.Contact.ID)
		}
		if len(vips) == 3 {
			break
		}
	}
	slices.Sort(vips)
	var theirs []sandbox.Conversation
	for _, vip := range vips { // each contact's in turn, in the order of their ids
		theirs = append(theirs, filter(convs, func(c sandbox.Conversation) bool { return c.Contact != nil && c.Contact.ID == vip })...)
	}
	asOf := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	want := summarize(t, theirs, asOf, 24*time.Hour)
	const address = "data.kirimchat_conversation_summary.vips"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config: sb.ProviderBlock() + `
data "kirimchat_conversation_summary" "vips" {
  # in another order, and one of them again in lower case: the same contact
  contact_ids = ["` + strings.Join([]string{vips[2], vips[0], vips[1], strings.ToLower(vips[1])}, `", "`) + `"]
  as_of       = "2026-11-01T12:00:00Z"
}`,
			ConfigStateChecks: append(summaryChecks(address, want),
				expect(address, "id", knownvalue.StringExact("as_of=2026-11-01T12%3A00%3A00Z&contact_ids="+
					strings.Join(slices.Sorted(slices.Values(append(slices.Clone(vips), strings.ToLower(vips[1])))), "&contact_ids=")))),
		}},
	})
	requests := sb.ListRequests("/conversations")
	perRead := map[string]int{}
	for _, r := range requests {
		contact := r.Query.Get("contact_id")
		if !slices.Contains(vips, contact) {
			t.Fatalf("a request not for one of the contacts: %s", r.RawQuery)
		}
		perRead[contact]++
	}
	// Each of plan, apply and refresh reads each contact's one page once.
	if len(perRead) != 3 || perRead[vips[0]] != perRead[vips[1]] || perRead[vips[1]] != perRead[vips[2]] {
		t.Errorf("requests per contact: %v, want the same for each of the 3", perRead)
	}
	if len(requests) > 3*4 {
		t.Errorf("%d requests for 3 contacts of one page each", len(requests))
	}
}

// A contact that does not exist fails the read, naming every such id, and
// an empty set or both forms together are refused at plan.
func TestAccConversationSummary_unknownContactsFailTheRead(t *testing.T) {
	t.Parallel()
	sb := acctest.StartSandbox(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 3, Conversations: 60}})
	known := sb.Conversations()[0].Contact.ID
	const missing1, missing2 = "ctc_00000000000000000000000000", "ctc_0000000000000000000000000Z"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config: sb.ProviderBlock() + `
data "kirimchat_conversation_summary" "vips" {
  contact_ids = ["` + missing2 + `", "` + known + `", "` + missing1 + `"]
}`,
			ExpectError: wrapped(`(?s)Unable to summarize Kirim.chat conversations.*contact ` + missing1 +
				` does not exist in this organization.*contact ` + missing2 + ` does not exist.*Check the id`),
		}, {
			Config: sb.ProviderBlock() + `
data "kirimchat_conversation_summary" "one" {
  contact_id = "` + missing1 + `"
}`,
			ExpectError: wrapped(`(?s)contact ` + missing1 + ` does not exist in this organization`),
		}, {
			Config:      sb.ProviderBlock() + `data "kirimchat_conversation_summary" "none" { contact_ids = [] }`,
			ExpectError: wrapped(`(?s)No contact to summarize.*contact_ids is empty: the summary would read no conversation, and an audit over nothing passes`),
		}, {
			Config: sb.ProviderBlock() + `
data "kirimchat_conversation_summary" "both" {
  contact_id  = "` + known + `"
  contact_ids = ["` + known + `"]
}`,
			ExpectError: wrapped(`(?s)Invalid Attribute Combination`),
		}, {
			Config:      sb.ProviderBlock() + `data "kirimchat_conversation_summary" "s" { status = "Open" }`,
			ExpectError: wrapped(`(?s)status.*"open"`),
		}, {
			Config:      sb.ProviderBlock() + `data "kirimchat_conversation_summary" "w" { waiting_longer_than = "1d" }`,
			ExpectError: wrapped(`(?s)Invalid duration.*"1d".*durations have no days: write "24h"`),
		}},
	})
}

// The summary with the real CLI, read at the top level and inside a check
// block (which prints its whole state into the plan): no customer's name,
// phone number or email and no agent's name or email reaches the state or
// the output; what the checks need (ids, counts, the business's numbers)
// does.
func TestAccConversationSummary_noPersonalDataInTheStateOrThePlan(t *testing.T) {
	sb := acctest.StartSandbox(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 41, Conversations: 400, EdgeCases: true}})
	var personal []string
	add := func(values ...*string) {
		for _, v := range values {
			if v != nil && len(*v) >= 4 {
				personal = append(personal, *v)
			}
		}
	}
	for _, c := range sb.Conversations() {
		if c.Contact != nil {
			add(c.Contact.Name, c.Contact.PhoneNumber)
		}
		if c.Assignee != nil {
			add(c.Assignee.Name, c.Assignee.Email)
		}
	}
	for _, c := range sb.Contacts() {
		add(c.Name, c.PhoneNumber, c.Email)
	}
	want := summarize(t, sb.Conversations(), time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC), 24*time.Hour)
	if len(personal) < 300 || len(want.waiting) == 0 || len(want.unassigned) == 0 || len(want.byWhatsAppNumber) == 0 {
		t.Fatalf("the data is too thin: %d personal values, %d waiting, %d unassigned", len(personal), len(want.waiting), len(want.unassigned))
	}
	w := newWorkspace(t, sb.ProviderBlock()+`
data "kirimchat_conversation_summary" "all" {
  as_of = "2026-11-01T12:00:00Z"
}

check "nobody_waits" {
  data "kirimchat_conversation_summary" "inside" {
    as_of = "2026-11-01T12:00:00Z"
  }
  assert {
    condition     = data.kirimchat_conversation_summary.inside.waiting_count == 0
    error_message = "${data.kirimchat_conversation_summary.all.waiting_count} waiting: ${join(", ", data.kirimchat_conversation_summary.all.waiting_ids)}."
  }
}

output "unassigned" {
  value = data.kirimchat_conversation_summary.all.unassigned_ids
}
`)
	code, applied := w.apply()
	if code != 0 {
		t.Fatalf("apply exited %d:\n%s", code, applied)
	}
	code, planned := w.run("plan", "-no-color", "-input=false")
	if code != 0 {
		t.Fatalf("plan exited %d:\n%s", code, planned)
	}
	seen := applied + planned + w.files()
	for _, needed := range append([]string{want.waiting[0], want.unassigned[0]}, keys(want.byWhatsAppNumber)...) {
		if !strings.Contains(seen, needed) {
			t.Errorf("%s, which the audit needs, is in neither the state nor the output", needed)
		}
	}
	for _, p := range personal {
		if strings.Contains(seen, p) {
			t.Errorf("a personal value of the sandbox, %q, is in the state or the output", p)
		}
	}
}

func keys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

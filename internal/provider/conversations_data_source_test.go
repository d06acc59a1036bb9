package provider_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/acctest"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

const all = "data.kirimchat_conversations.all"

func expect(address, attr string, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(address, tfjsonpath.New(attr), check)
}

func conversationsExact(convs []sandbox.Conversation) knownvalue.Check {
	checks := make([]knownvalue.Check, len(convs))
	for i, c := range convs {
		checks[i] = acctest.ConversationExact(c)
	}
	return knownvalue.ListExact(checks)
}

func filter(convs []sandbox.Conversation, keep func(sandbox.Conversation) bool) []sandbox.Conversation {
	var out []sandbox.Conversation
	for _, c := range convs {
		if keep(c) {
			out = append(out, c)
		}
	}
	return out
}

// first finds the first record with a trait, so that the exact drain is shown
// to carry each kind of null and oddity.
func first(t *testing.T, convs []sandbox.Conversation, trait string, has func(sandbox.Conversation) bool) int {
	t.Helper()
	for i, c := range convs {
		if has(c) {
			return i
		}
	}
	t.Fatalf("the generated data has no conversation with %s", trait)
	return -1
}

func TestAccConversations_drainsEveryPageExactly(t *testing.T) {
	t.Parallel()
	sb := acctest.StartSandbox(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 237, Conversations: 237, EdgeCases: true}})
	want := sb.Conversations()
	config := sb.ProviderBlock("page_size = 10") + `data "kirimchat_conversations" "all" {}`

	elementChecks := []statecheck.StateCheck{}
	for trait, has := range map[string]func(sandbox.Conversation) bool{
		"no assignee":             func(c sandbox.Conversation) bool { return c.Assignee == nil },
		"a contact without name":  func(c sandbox.Conversation) bool { return c.Contact.Name == nil },
		"a contact without phone": func(c sandbox.Conversation) bool { return c.Contact.PhoneNumber == nil },
		"no last_message_at":      func(c sandbox.Conversation) bool { return c.LastMessageAt == nil },
		"no last_inbound_at":      func(c sandbox.Conversation) bool { return c.LastInboundAt == nil && c.LastMessageAt != nil },
		"a huge unread count":     func(c sandbox.Conversation) bool { return c.UnreadCount > 1<<40 },
		"millisecond timestamps":  func(c sandbox.Conversation) bool { return strings.Contains(c.CreatedAt, ".") },
		"undocumented fields":     func(c sandbox.Conversation) bool { return len(c.Extra) > 0 },
		"a non-ASCII name": func(c sandbox.Conversation) bool {
			return c.Contact.Name != nil && strings.ContainsFunc(*c.Contact.Name, func(r rune) bool { return r > 127 })
		},
	} {
		i := first(t, want, trait, has)
		elementChecks = append(elementChecks, statecheck.ExpectKnownValue(all,
			tfjsonpath.New("conversations").AtSliceIndex(i), acctest.ConversationExact(want[i])))
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: append(elementChecks,
					expect(all, "id", knownvalue.StringExact("all")),
					expect(all, "truncated", knownvalue.Bool(false)),
					expect(all, "ids", acctest.IDsExact(want)),
					expect(all, "conversations", knownvalue.ListSizeExact(237)),
					expect(all, "conversations", conversationsExact(want)),
				),
			},
			{
				// Reading again changes nothing: the plan is empty.
				Config:   config,
				PlanOnly: true,
			},
		},
	})

	reqs := sb.ListRequests("/conversations")
	firstPages := 0
	for _, r := range reqs {
		if r.Query.Get("limit") != "10" || r.Status != 200 {
			t.Errorf("request %s answered %d; want limit=10 and 200", r.RawQuery, r.Status)
		}
		if !regexp.MustCompile(`^terraform-provider-kirimchat/test \(\+https://registry\.terraform\.io/providers/kirimchat/kirimchat\) Terraform/\d+\.\d+`).MatchString(r.UserAgent) {
			t.Errorf("User-Agent %q", r.UserAgent)
		}
		if !r.Query.Has("cursor") {
			firstPages++
		}
	}
	if firstPages == 0 || len(reqs) != firstPages*24 {
		t.Errorf("%d requests for %d reads; want 24 pages per read", len(reqs), firstPages)
	}
}

func TestAccConversations_filters(t *testing.T) {
	t.Parallel()
	sb := acctest.StartSandbox(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 5, Conversations: 120, Contacts: 8}})
	convs := sb.Conversations()
	contact := convs[3].Contact.ID
	byContact := filter(convs, func(c sandbox.Conversation) bool { return c.Contact != nil && c.Contact.ID == contact })
	status := byContact[0].Status
	open := filter(convs, func(c sandbox.Conversation) bool { return c.Status == "open" })
	both := filter(byContact, func(c sandbox.Conversation) bool { return c.Status == status })

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config: sb.ProviderBlock("page_size = 7") + `
data "kirimchat_conversations" "open" {
  status = "open"
}
data "kirimchat_conversations" "contact" {
  contact_id = "` + contact + `"
}
data "kirimchat_conversations" "both" {
  status     = "` + status + `"
  contact_id = "` + contact + `"
}`,
			ConfigStateChecks: []statecheck.StateCheck{
				expect("data.kirimchat_conversations.open", "id", knownvalue.StringExact("status=open")),
				expect("data.kirimchat_conversations.open", "conversations", conversationsExact(open)),
				expect("data.kirimchat_conversations.contact", "id", knownvalue.StringExact("contact_id="+contact)),
				expect("data.kirimchat_conversations.contact", "conversations", conversationsExact(byContact)),
				expect("data.kirimchat_conversations.both", "id", knownvalue.StringExact("contact_id="+contact+"&status="+status)),
				expect("data.kirimchat_conversations.both", "ids", acctest.IDsExact(both)),
				expect("data.kirimchat_conversations.both", "conversations", conversationsExact(both)),
			},
		}},
	})
	if len(open) < 10 || len(byContact) < 2 || len(both) == 0 {
		t.Fatalf("the data is too thin to prove the filters: %d open, %d for the contact, %d both", len(open), len(byContact), len(both))
	}
	for _, r := range sb.ListRequests("/conversations") {
		if !r.Query.Has("status") && !r.Query.Has("contact_id") {
			t.Errorf("a filtered read sent no filter: %s", r.RawQuery)
		}
	}
}

func TestAccConversations_emptyResultIsAnEmptyList(t *testing.T) {
	t.Parallel()
	sb := acctest.StartSandbox(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 1, Conversations: 30}})
	contact := contactWithout(t, sb, "pending")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config: sb.ProviderBlock() + `
data "kirimchat_conversations" "none" {
  contact_id = "` + contact + `"
  status     = "pending"
}`,
			ConfigStateChecks: []statecheck.StateCheck{
				expect("data.kirimchat_conversations.none", "conversations", knownvalue.ListExact([]knownvalue.Check{})),
				expect("data.kirimchat_conversations.none", "ids", knownvalue.ListExact([]knownvalue.Check{})),
				expect("data.kirimchat_conversations.none", "truncated", knownvalue.Bool(false)),
			},
		}},
	})
}

// contactWithout is a contact of the sandbox that has conversations, none
// of them with status.
func contactWithout(t *testing.T, sb *acctest.Sandbox, status string) string {
	t.Helper()
	has := map[string]bool{}
	for _, c := range sb.Conversations() {
		if c.Contact != nil && c.Status == status {
			has[c.Contact.ID] = true
		}
	}
	for _, c := range sb.Conversations() {
		if c.Contact != nil && !has[c.Contact.ID] {
			return c.Contact.ID
		}
	}
	t.Fatalf("every contact has a %s conversation", status)
	return ""
}

// A contact_id that names no contact lists nothing, and an audit over
// nothing passes: the read fails instead, naming the id. The question
// costs one GET /contacts/{id}, asked only when the list is empty.
func TestAccConversations_anUnknownContactFailsTheRead(t *testing.T) {
	t.Parallel()
	sb := acctest.StartSandbox(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 1, Conversations: 30}})
	const missing = "ctc_00000000000000000000000000"
	known := contactWithout(t, sb, "pending")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config: sb.ProviderBlock() + `
data "kirimchat_conversations" "known" {
  contact_id = "` + known + `"
}`,
			ConfigStateChecks: []statecheck.StateCheck{
				expect("data.kirimchat_conversations.known", "ids", knownvalue.NotNull()),
			},
		}, {
			Config: sb.ProviderBlock() + `
data "kirimchat_conversations" "typo" {
  contact_id = "` + missing + `"
}`,
			ExpectError: wrapped(`(?s)Unable to list Kirim.chat conversations.*contact ` + missing + ` does not exist in this ` +
				`organization.*HTTP 404 \(code "resource_not_found"\).*request_id req_.*Check the id in contact_id`),
		}},
	})
	if got := len(sb.ListRequests("/contacts/" + known)); got != 0 {
		t.Errorf("a contact whose conversations were listed was looked up %d times; a list that is not empty needs no lookup", got)
	}
	// Each plan and apply of the failing step reads once, and looks up once.
	lists, lookups := len(filterRequests(sb.ListRequests("/conversations"), missing)), len(sb.ListRequests("/contacts/"+missing))
	if lookups == 0 || lookups != lists {
		t.Errorf("%d empty lists for the unknown contact, %d lookups: want one lookup per empty list", lists, lookups)
	}
}

// filterRequests are the requests whose contact_id is contact.
func filterRequests(requests []sandbox.Request, contact string) []sandbox.Request {
	var out []sandbox.Request
	for _, r := range requests {
		if r.Query.Get("contact_id") == contact {
			out = append(out, r)
		}
	}
	return out
}

func TestAccConversations_maxResultsTruncatesVisibly(t *testing.T) {
	t.Parallel()
	sb := acctest.StartSandbox(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 237, Conversations: 237}})
	want := sb.Conversations()[:15]
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config: sb.ProviderBlock("page_size = 10") + `
data "kirimchat_conversations" "all" {
  max_results = 15
}`,
			ConfigStateChecks: []statecheck.StateCheck{
				expect(all, "id", knownvalue.StringExact("max_results=15")),
				expect(all, "truncated", knownvalue.Bool(true)),
				expect(all, "ids", acctest.IDsExact(want)),
				expect(all, "conversations", conversationsExact(want)),
			},
		}},
	})
	for _, r := range sb.ListRequests("/conversations") {
		if wantLimit := map[bool]string{false: "10", true: "5"}[r.Query.Has("cursor")]; r.Query.Get("limit") != wantLimit {
			t.Errorf("request %s: limit should be %s", r.RawQuery, wantLimit)
		}
	}
}

func TestAccConversations_configurationFromEnvironmentOnly(t *testing.T) {
	sb := acctest.StartSandbox(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 8, Conversations: 60}})
	t.Setenv("KIRIMCHAT_API_KEY", "  "+sb.APIKey+"\n")
	t.Setenv("KIRIMCHAT_BASE_URL", sb.URL+"/")
	t.Setenv("KIRIMCHAT_PAGE_SIZE", "25")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config: `data "kirimchat_conversations" "all" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				expect(all, "conversations", conversationsExact(sb.Conversations())),
			},
		}},
	})
	reqs := sb.ListRequests("/conversations")
	if len(reqs) == 0 {
		t.Fatal("no request reached the sandbox")
	}
	for _, r := range reqs {
		if r.Query.Get("limit") != "25" {
			t.Errorf("KIRIMCHAT_PAGE_SIZE ignored: %s", r.RawQuery)
		}
	}
}

func TestAccConversations_invalidArgumentsFailAtPlanWithoutARequest(t *testing.T) {
	t.Parallel()
	sb := acctest.StartSandbox(t, sandbox.Options{})
	dataSource := func(args string) string { return sb.ProviderBlock() + dataSourceWith("kirimchat_conversations", args) }
	failsAtPlan(t, sb, map[string]string{
		dataSource(`status = "closed"`):                             `(?s)Invalid conversation status.*"closed" is not a conversation status. A conversation status is "open", "resolved" or "pending", in lowercase`,
		dataSource(`status = "Open"`):                               `(?s)Invalid conversation status.*"Open" is not a conversation status: write "open", in lowercase`,
		dataSource(`status = " pending "`):                          `(?s)"pending", without the surrounding spaces`,
		dataSource(`contact_id = "cnv_01HXYZABCDEFGHJKMNPQRSTVWX"`): `must be a contact id`,
		dataSource(`contact_id = "ctc_01HXYZ"`):                     `must be a contact id`,
		dataSource(`max_results = 0`):                               `max_results value must be at least 1`,
	})
}

func TestAccConversations_wrongKeyFailsOnceWithCodeAndRequestID(t *testing.T) {
	t.Parallel()
	sb := acctest.StartSandbox(t, sandbox.Options{ExpiredKeys: []string{"kdv_live_expiredEXPIREDexpired00"}})
	for key, pattern := range map[string]string{
		"kdv_live_wrongWRONGwrongWRONGwro": `(?s)Unable to list Kirim.chat conversations.*HTTP 401 with type "authentication_error" and code "invalid_api_key".*Request ID: req_[0-9A-Z]{26}.*invalid or has been revoked`,
		"kdv_live_expiredEXPIREDexpired00": `(?s)code "expired_api_key".*Request ID: req_[0-9A-Z]{26}.*The API key has expired`,
	} {
		before := len(sb.Requests())
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: providers,
			Steps: []resource.TestStep{{
				Config: `provider "kirimchat" {
  base_url = "` + sb.URL + `"
  api_key  = "` + key + `"
}
data "kirimchat_conversations" "all" {}`,
				ExpectError: wrapped(pattern),
			}},
		})
		if n := len(sb.Requests()) - before; n != 1 {
			t.Errorf("a 401 was sent %d times; it must never be retried", n)
		}
	}
}

func TestAccConversations_recoversFromRateLimiting(t *testing.T) {
	t.Parallel()
	sb := acctest.StartSandbox(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 4, Conversations: 50}})
	sb.AddFault(sandbox.Fault{Path: "/conversations", Skip: 2, Status: 429, RetryAfter: 1})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config: sb.ProviderBlock("page_size = 10") + `data "kirimchat_conversations" "all" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				expect(all, "conversations", conversationsExact(sb.Conversations())),
			},
		}},
	})
	limited := 0
	var after string
	reqs := sb.ListRequests("/conversations")
	for i, r := range reqs {
		if r.Status == 429 {
			limited++
			after = reqs[i+1].RawQuery
			if reqs[i+1].RawQuery != r.RawQuery {
				t.Errorf("the retry asked for %s, not the same page %s", reqs[i+1].RawQuery, r.RawQuery)
			}
		}
	}
	if limited != 1 || after == "" {
		t.Errorf("want exactly one 429 followed by a retry, got %d", limited)
	}
	if q, _ := url.ParseQuery(after); q.Get("cursor") == "" {
		t.Errorf("the 429 should have hit a later page")
	}
}

// TestAccConversations_lastMessageAfterReadsOnlyTheWindow: only the
// conversations active after the time, in the API's order, and the read
// stops at the page holding the first that is not: 3 requests of 10 rows for
// a window of 25, whatever the history's length.
func TestAccConversations_lastMessageAfterReadsOnlyTheWindow(t *testing.T) {
	t.Parallel()
	for name, status := range map[string]string{"all": "", "open": "open"} {
		t.Run(name, func(t *testing.T) {
			sb := acctest.StartSandbox(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 300, Conversations: 600}})
			history := filter(sb.Conversations(), func(c sandbox.Conversation) bool { return status == "" || c.Status == status })
			after := *history[25].LastMessageAt // the 26th conversation is the first outside the window
			want := filter(history, func(c sandbox.Conversation) bool {
				return c.LastMessageAt != nil && mustTime(t, *c.LastMessageAt).After(mustTime(t, after))
			})
			if len(want) != 25 {
				t.Fatalf("the seeded history gives a window of %d, want 25", len(want))
			}
			args := `last_message_after = "` + after + `"`
			wantID := "last_message_after=" + url.QueryEscape(after)
			if status != "" {
				args += "\n  status = \"" + status + "\""
				wantID = "last_message_after=" + url.QueryEscape(after) + "&status=" + status
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: providers,
				Steps: []resource.TestStep{{
					Config: sb.ProviderBlock("page_size = 10") + dataSourceWith("kirimchat_conversations", args),
					ConfigStateChecks: []statecheck.StateCheck{
						expect("data.kirimchat_conversations.x", "conversations", conversationsExact(want)),
						expect("data.kirimchat_conversations.x", "id", knownvalue.StringExact(wantID)),
						expect("data.kirimchat_conversations.x", "truncated", knownvalue.Bool(false)),
					},
				}},
			})
			requests := sb.ListRequests(listPath)
			reads := 0
			for _, r := range requests {
				if r.Query.Get("cursor") == "" {
					reads++
				}
			}
			if reads == 0 || len(requests) != 3*reads {
				t.Fatalf("%d requests for %d reads, want 3 each (the history holds %d pages)", len(requests), reads, len(history)/10+1)
			}
		})
	}
}

func TestAccConversations_lastMessageAfterIsCheckedAtPlan(t *testing.T) {
	t.Parallel()
	sb := acctest.StartSandbox(t, sandbox.Options{})
	failsAtPlan(t, sb, map[string]string{
		sb.ProviderBlock() + dataSourceWith("kirimchat_conversations", `last_message_after = "yesterday"`):                 `(?s)Invalid date-time.*"yesterday" is not an RFC 3339 date-time \(want a four-digit year at.*character 1\); write one such as.*2026-11-27T09:30:00Z`,
		sb.ProviderBlock() + dataSourceWith("kirimchat_conversations", `last_message_after = "2026-11-27 08:00:00"`):       `(?s)Invalid date-time.*want "T" between the date and the time.*write "2026-11-27T08:00:00Z" if that time is in UTC, or the time with its offset from UTC, such as "2026-11-27T08:00:00\+07:00"`,
		sb.ProviderBlock() + dataSourceWith("kirimchat_conversations", `last_message_after = "2026-11-27T08:00:00"`):       `(?s)Invalid date-time.*write "2026-11-27T08:00:00Z" if that time is in UTC`,
		sb.ProviderBlock() + dataSourceWith("kirimchat_conversations", `last_message_after = "2026-11-27T08:00:00+00:60"`): `(?s)Invalid date-time.*the offset's minutes are past 59`,
		sb.ProviderBlock() + dataSourceWith("kirimchat_conversations", `last_message_after = "2026-11-27T08:00:00+24:00"`): `(?s)Invalid date-time.*the offset's hour is past 23`,
		sb.ProviderBlock() + dataSourceWith("kirimchat_conversations", `last_message_after = "2026-11-27"`):                `(?s)Invalid date-time.*a date needs a time and an offset too, such as "2026-11-27T00:00:00Z" for midnight UTC`,
	})
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	at, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatal(err)
	}
	return at
}

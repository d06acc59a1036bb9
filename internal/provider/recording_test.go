package provider_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/acctest"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/kirimchat"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/recorder"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

// An organization recorded with kirimchat-sandbox -record and served back
// reads, through the provider, as the organization it came from: the same
// conversations in the same order, with the same statuses, timestamps,
// counts and assignees, and the same audit figures; and the customers in
// the state are the recording's pseudonyms, not the people.
func TestAccARecordingReadsAsTheOrganizationItCameFrom(t *testing.T) {
	t.Parallel()
	// The generated organization carries fields the docs do not list
	// (channel, labels, metadata), as a real one may.
	source := acctest.StartSandbox(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 9, Conversations: 180, EdgeCases: true}})
	rec, err := recorder.Record(context.Background(), recorder.Options{
		Config: kirimchat.Config{BaseURL: source.URL, APIKey: source.APIKey}, Key: []byte("this test's key"),
	})
	if err != nil {
		t.Fatal(err)
	}
	org, err := sandbox.ReadFixture(bytes.NewReader(rec.JSON))
	if err != nil {
		t.Fatal(err)
	}
	recorded := acctest.StartSandbox(t, sandbox.Options{Organization: &org})

	convs := source.Conversations()
	var people []string
	for _, c := range convs {
		if c.Contact != nil && c.Contact.Name != nil && len(*c.Contact.Name) >= 4 {
			people = append(people, *c.Contact.Name)
		}
	}
	if len(people) < 50 {
		t.Fatalf("only %d named customers to look for", len(people))
	}
	asOf := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	want := summarize(t, convs, asOf, 24*time.Hour)
	sameAsTheSource := func(c sandbox.Conversation) knownvalue.Check {
		var assignee knownvalue.Check = knownvalue.Null()
		if c.Assignee != nil {
			assignee = knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(c.Assignee.ID)})
		}
		return knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"id": knownvalue.StringExact(c.ID), "status": knownvalue.StringExact(c.Status),
			"unread_count": knownvalue.Int64Exact(c.UnreadCount), "assignee": assignee,
			"last_message_at": acctest.StringOrNull(c.LastMessageAt), "last_inbound_at": acctest.StringOrNull(c.LastInboundAt),
			"created_at": knownvalue.StringExact(c.CreatedAt), "updated_at": knownvalue.StringExact(c.UpdatedAt),
		})
	}
	// One step for each sandbox, each with the provider configured for it
	// alone: served in process, one provider server holds one configuration.
	step := func(sb *acctest.Sandbox, more ...statecheck.StateCheck) resource.TestStep {
		checks := append([]statecheck.StateCheck{
			expect("data.kirimchat_conversations.all", "ids", acctest.IDsExact(convs)),
			expect("data.kirimchat_conversations.all", "conversations", acctest.ListOf(convs, sameAsTheSource)),
		}, summaryChecks("data.kirimchat_conversation_summary.all", want)...)
		return resource.TestStep{
			Config: sb.ProviderBlock() + `
data "kirimchat_conversations" "all" {}
data "kirimchat_conversation_summary" "all" {
  as_of = "2026-11-01T12:00:00Z"
}
`,
			ConfigStateChecks: append(checks, more...),
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps:                    []resource.TestStep{step(source), step(recorded, noneOf("data.kirimchat_conversations.all", people))},
	})
}

// noneOf checks that no conversation of address names one of people.
func noneOf(address string, people []string) statecheck.StateCheck {
	return expect(address, "conversations", acctest.EveryElement("contact", knownvalue.ObjectPartial(map[string]knownvalue.Check{
		"name": notAnyOf{people},
	})))
}

type notAnyOf struct{ values []string }

func (c notAnyOf) CheckValue(v any) error {
	s, _ := v.(string)
	for _, p := range c.values {
		if s != "" && strings.Contains(s, p) {
			return &foundError{p}
		}
	}
	return nil
}

func (c notAnyOf) String() string { return "none of the source's customer names" }

type foundError struct{ value string }

func (e *foundError) Error() string { return "the recording holds the customer name " + e.value }

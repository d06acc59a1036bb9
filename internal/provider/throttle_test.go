package provider_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/acctest"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

type throttleRun struct {
	requests, limited int
	took              time.Duration
}

// readContactsInParallel reads one data source instance per contact (50
// contacts; terraform's default parallelism is 10) against a sandbox
// whose bucket holds 120 reads a minute, and reports what it cost.
func readContactsInParallel(t *testing.T, providerSettings ...string) throttleRun {
	sb := acctest.StartSandbox(t, sandbox.Options{ReadsPerMinute: 120,
		Generated: sandbox.GenerateOptions{Seed: 50, Conversations: 200, Contacts: 50}})
	convs := sb.Conversations()
	byContact := map[string][]sandbox.Conversation{}
	for _, c := range convs {
		byContact[c.Contact.ID] = append(byContact[c.Contact.ID], c)
	}
	var ids []string
	want := map[string]knownvalue.Check{}
	for id, cs := range byContact {
		ids = append(ids, fmt.Sprintf("%q", id))
		want[id] = acctest.IDsExact(cs)
	}
	// count rather than for_each: terraform-plugin-testing's state shim
	// rejects string instance keys. The parallel reads are the same.
	began := time.Now()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config: sb.ProviderBlock(providerSettings...) + `
locals {
  contacts = [` + strings.Join(ids, ", ") + `]
}
data "kirimchat_conversations" "by_contact" {
  count      = length(local.contacts)
  contact_id = local.contacts[count.index]
}
output "ids" {
  value = { for i, d in data.kirimchat_conversations.by_contact : local.contacts[i] => d.ids }
}`,
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("ids", knownvalue.MapExact(want))},
		}},
	})
	return throttleRun{requests: len(sb.ListRequests(listPath)), limited: sb.CountStatus(listPath, 429), took: time.Since(began)}
}

func TestAccThrottle_parallelReadsStayWithinTheBucket(t *testing.T) {
	run := readContactsInParallel(t)
	t.Logf("adaptive pace: %d requests, %d answered 429, %s", run.requests, run.limited, run.took.Round(time.Millisecond))
	if run.requests <= 120 {
		t.Fatalf("only %d requests: the test must spend more than the bucket to prove the pacing", run.requests)
	}
	if run.limited != 0 {
		t.Errorf("%d requests were answered 429; the adaptive pace should have avoided them", run.limited)
	}
}

package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/acctest"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

func TestAccLabels_drainsEveryPageExactlyAndTruncatesVisibly(t *testing.T) {
	t.Parallel()
	sb := acctest.StartSandbox(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 81, Conversations: 10}})
	want := sb.Labels()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{
			{
				Config: sb.ProviderBlock("page_size = 2") + `
data "kirimchat_labels" "all" {}
data "kirimchat_labels" "first" {
  max_results = 3
}`,
				ConfigStateChecks: []statecheck.StateCheck{
					expect("data.kirimchat_labels.all", "id", knownvalue.StringExact("all")),
					expect("data.kirimchat_labels.all", "truncated", knownvalue.Bool(false)),
					expect("data.kirimchat_labels.all", "ids", acctest.StringsExact(acctest.IDs(want))),
					expect("data.kirimchat_labels.all", "labels", acctest.ListOf(want, acctest.LabelExact)),
					expect("data.kirimchat_labels.first", "id", knownvalue.StringExact("max_results=3")),
					expect("data.kirimchat_labels.first", "truncated", knownvalue.Bool(true)),
					expect("data.kirimchat_labels.first", "labels", acctest.ListOf(want[:3], acctest.LabelExact)),
				},
			},
			{Config: sb.ProviderBlock("page_size = 2") + `data "kirimchat_labels" "all" {}`, PlanOnly: true},
		},
	})
	if len(want) < 5 {
		t.Fatalf("only %d labels: too few to prove paging at page_size 2", len(want))
	}
}

func TestAccLabels_serverErrorsAreRetriedThenReported(t *testing.T) {
	t.Parallel()
	sb := acctest.StartSandbox(t, sandbox.Options{})
	sb.AddFault(sandbox.Fault{Path: "/labels", Status: 503, Times: sandbox.Forever})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config:      sb.ProviderBlock("max_retries = 1") + `data "kirimchat_labels" "all" {}`,
			ExpectError: wrapped(`(?s)Unable to list Kirim.chat labels.*HTTP 503.*service_unavailable.*Attempts: 2`),
		}},
	})
}

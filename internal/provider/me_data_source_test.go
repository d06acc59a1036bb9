package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/acctest"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

const meKey = "kdv_live_meMEmeMEmeMEmeMEmeME9Q7z"

func TestAccMe_readsTheKeysOrganization(t *testing.T) {
	t.Parallel()
	sb := acctest.StartSandbox(t, sandbox.Options{APIKeys: []string{meKey}, ReadsPerMinute: 6000})
	orgID, orgName, tier := sb.OrganizationInfo()
	const address = "data.kirimchat_me.this"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config: sb.ProviderBlock() + `data "kirimchat_me" "this" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				expect(address, "id", knownvalue.StringExact(orgID)),
				expect(address, "organization", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id": knownvalue.StringExact(orgID), "name": knownvalue.StringExact(orgName),
				})),
				expect(address, "api_key", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id": knownvalue.StringRegexp(regexpOf(`^key_`)), "label": knownvalue.StringExact("Sandbox key"), "last4": knownvalue.StringExact("9Q7z"),
				})),
				expect(address, "rate_limits", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"tier": knownvalue.StringExact(tier), "read_per_minute": knownvalue.Int64Exact(6000), "write_per_minute": knownvalue.Int64Exact(60),
				})),
			},
		}},
	})
}

func TestAccMe_aPostconditionCatchesTheWrongOrganization(t *testing.T) {
	t.Parallel()
	sb := acctest.StartSandbox(t, sandbox.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config: sb.ProviderBlock() + `
data "kirimchat_me" "this" {
  lifecycle {
    postcondition {
      condition     = self.organization.id == "org_01HEXPECTEDEXPECTEDEXPECTE"
      error_message = "This API key belongs to ${self.organization.name}, not the production organization."
    }
  }
}`,
			ExpectError: wrapped(`This API key belongs to PT Sandbox Nusantara, not the production organization`),
		}},
	})
}

func TestAccMe_wrongKeyIsAClearError(t *testing.T) {
	t.Parallel()
	sb := acctest.StartSandbox(t, sandbox.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config: `provider "kirimchat" {
  base_url = "` + sb.URL + `"
  api_key  = "kdv_live_wrongWRONGwrongWRONGwro"
}
data "kirimchat_me" "this" {}`,
			ExpectError: wrapped(`(?s)Unable to read the Kirim.chat API key's organization.*HTTP 401.*invalid_api_key.*Request ID: req_`),
		}},
	})
}

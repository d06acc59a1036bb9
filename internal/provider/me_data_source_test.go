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
	fixture, err := sb.Fixture(meKey)
	if err != nil {
		t.Fatal(err)
	}
	me := acctest.RecordChecks("me", fixture.Me)
	orgID, _, _ := sb.OrganizationInfo()
	const address = "data.kirimchat_me.this"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config: sb.ProviderBlock() + `data "kirimchat_me" "this" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				expect(address, "id", knownvalue.StringExact(orgID)),
				expect(address, "organization", me["organization"]),
				expect(address, "api_key", me["api_key"]),
				expect(address, "rate_limits", me["rate_limits"]),
				// What the sandbox's /me says of this key, to be sure it is this key's.
				expect(address, "api_key", knownvalue.ObjectPartial(map[string]knownvalue.Check{"last4": knownvalue.StringExact("9Q7z")})),
				expect(address, "rate_limits", knownvalue.ObjectPartial(map[string]knownvalue.Check{"read_per_minute": knownvalue.Int64Exact(6000)})),
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

package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/acctest"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

// expectAll checks every top-level attribute of a single-object data source.
func expectAll(address string, checks map[string]knownvalue.Check) []statecheck.StateCheck {
	var out []statecheck.StateCheck
	for attr, check := range checks {
		out = append(out, statecheck.ExpectKnownValue(address, tfjsonpath.New(attr), check))
	}
	return out
}

func TestAccContact_byIDAndByPhone(t *testing.T) {
	t.Parallel()
	sb := acctest.StartSandbox(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 71, Conversations: 60}})
	contacts := sb.Contacts()
	phones := map[string]int{}
	for _, c := range contacts {
		if c.PhoneNumber != nil {
			phones[*c.PhoneNumber]++
		}
	}
	var byID, byPhone sandbox.Contact
	for _, c := range contacts {
		if string(c.Metadata) != "null" && c.Email == nil && byID.ID == "" {
			byID = c // metadata set and a null email: both kinds of value
		}
		if c.PhoneNumber != nil && phones[*c.PhoneNumber] == 1 && c.ID != byID.ID && byPhone.ID == "" {
			byPhone = c
		}
	}
	if byID.ID == "" || byPhone.ID == "" {
		t.Fatal("the generated data lacks the contacts this test needs")
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config: sb.ProviderBlock() + `
data "kirimchat_contact" "by_id" {
  id = "` + byID.ID + `"
}
data "kirimchat_contact" "by_phone" {
  phone_number = "` + *byPhone.PhoneNumber + `"
}`,
			ConfigStateChecks: append(
				expectAll("data.kirimchat_contact.by_id", acctest.ContactChecks(byID)),
				expectAll("data.kirimchat_contact.by_phone", acctest.ContactChecks(byPhone))...),
		}},
	})
}

func TestAccContact_notFoundAndAmbiguousAreErrorsThatSayWhat(t *testing.T) {
	t.Parallel()
	sb := acctest.StartSandbox(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 72, Conversations: 60}})
	phones := map[string][]string{}
	for _, c := range sb.Contacts() {
		if c.PhoneNumber != nil {
			phones[*c.PhoneNumber] = append(phones[*c.PhoneNumber], c.ID)
		}
	}
	var shared string
	for p, ids := range phones {
		if len(ids) == 2 {
			shared = p
		}
	}
	if shared == "" {
		t.Fatal("the generated data should share one phone number between two contacts")
	}
	for args, pattern := range map[string]string{
		`id = "ctc_00000000000000000000000000"`: `(?s)Kirim.chat contact not found.*No contact with id ctc_00000000000000000000000000 exists.*resource_not_found.*Request ID: req_`,
		`phone_number = "+19995550100"`:         `(?s)Kirim.chat contact not found.*No contact has the phone number \+19995550100`,
		`phone_number = "` + shared + `"`:       `(?s)Several Kirim.chat contacts share this phone number.*2 contacts have the phone number \` + shared + `: (` + phones[shared][0] + `, ` + phones[shared][1] + `|` + phones[shared][1] + `, ` + phones[shared][0] + `)`,
	} {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: providers,
			Steps: []resource.TestStep{{
				Config:      sb.ProviderBlock() + "data \"kirimchat_contact\" \"x\" {\n  " + args + "\n}",
				ExpectError: wrapped(pattern),
			}},
		})
	}
}

func TestAccContact_exactlyOneOfIDAndPhoneAtPlan(t *testing.T) {
	t.Parallel()
	sb := acctest.StartSandbox(t, sandbox.Options{})
	contact := func(args string) string { return sb.ProviderBlock() + dataSourceWith("kirimchat_contact", args) }
	failsAtPlan(t, sb, map[string]string{
		contact(``): `(?s)Missing Attribute Configuration.*Exactly one of these attributes must be configured: \[id,phone_number\]`,
		contact(`id = "ctc_00000000000000000000000000"
  phone_number = "+6281234567"`): `(?s)Invalid Attribute Combination.*\[id,phone_number\]`,
		contact(`id = "cnv_00000000000000000000000000"`): `must be a contact id`,
		contact(`phone_number = "0812"`):                 `must be a phone number in E.164 form`,
		contact(`phone_number = "(+62) 812-3456-7890"`):  `(?s)Invalid phone number.*Write it as "\+6281234567890"`,
	})
}

package provider_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/acctest"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

func TestAccContacts_drainsEveryPageExactly(t *testing.T) {
	t.Parallel()
	sb := acctest.StartSandbox(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 61, Conversations: 90}})
	want := sb.Contacts()
	nulls := map[string]bool{}
	for _, c := range want {
		nulls["name"] = nulls["name"] || c.Name == nil
		nulls["phone"] = nulls["phone"] || c.PhoneNumber == nil
		nulls["email"] = nulls["email"] || c.Email == nil
		nulls["metadata"] = nulls["metadata"] || string(c.Metadata) == "null"
	}
	if len(nulls) != 4 || !nulls["name"] || !nulls["phone"] || !nulls["email"] || !nulls["metadata"] {
		t.Fatalf("the data should hold every kind of null: %v", nulls)
	}
	const address = "data.kirimchat_contacts.all"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{
			{
				Config: sb.ProviderBlock("page_size = 7") + `data "kirimchat_contacts" "all" {}`,
				ConfigStateChecks: []statecheck.StateCheck{
					expect(address, "id", knownvalue.StringExact("all")),
					expect(address, "truncated", knownvalue.Bool(false)),
					expect(address, "ids", acctest.StringsExact(acctest.IDs(want))),
					expect(address, "contacts", acctest.ListOf(want, acctest.ContactExact)),
				},
			},
			{Config: sb.ProviderBlock("page_size = 7") + `data "kirimchat_contacts" "all" {}`, PlanOnly: true},
		},
	})
	for _, r := range sb.ListRequests("/contacts") {
		if r.Query.Get("limit") != "7" {
			t.Errorf("request %s: want limit=7", r.RawQuery)
		}
	}
}

func TestAccContacts_filtersTruncationAndMetadata(t *testing.T) {
	t.Parallel()
	sb := acctest.StartSandbox(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 62, Conversations: 60}})
	contacts := sb.Contacts()
	var withTier sandbox.Contact
	for _, c := range contacts {
		if strings.Contains(string(c.Metadata), `"tier"`) {
			withTier = c
			break
		}
	}
	phone := *withTier.PhoneNumber
	var byPhone []sandbox.Contact
	for _, c := range contacts {
		if c.PhoneNumber != nil && *c.PhoneNumber == phone {
			byPhone = append(byPhone, c)
		}
	}
	needle := "ExAmPlE.CoM" // every generated email ends so; search is case-insensitive
	var bySearch []sandbox.Contact
	for _, c := range contacts {
		if strings.Contains(strings.ToLower(ptrOr(c.Name)+"\n"+ptrOr(c.Email)), "example.com") {
			bySearch = append(bySearch, c)
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config: sb.ProviderBlock("page_size = 5") + `
data "kirimchat_contacts" "phone" {
  phone = "` + phone + `"
}
data "kirimchat_contacts" "search" {
  search = "` + needle + `"
}
data "kirimchat_contacts" "first" {
  max_results = 6
}
data "kirimchat_contacts" "nobody" {
  search = "no such contact anywhere"
}
output "tier" {
  value = jsondecode(data.kirimchat_contacts.phone.contacts[0].metadata).tier
}`,
			ConfigStateChecks: []statecheck.StateCheck{
				expect("data.kirimchat_contacts.phone", "id", knownvalue.StringExact("phone="+url.QueryEscape(phone))),
				expect("data.kirimchat_contacts.phone", "contacts", acctest.ListOf(byPhone, acctest.ContactExact)),
				expect("data.kirimchat_contacts.search", "ids", acctest.StringsExact(acctest.IDs(bySearch))),
				expect("data.kirimchat_contacts.first", "ids", acctest.StringsExact(acctest.IDs(contacts[:6]))),
				expect("data.kirimchat_contacts.first", "truncated", knownvalue.Bool(true)),
				expect("data.kirimchat_contacts.nobody", "contacts", knownvalue.ListExact([]knownvalue.Check{})),
				statecheck.ExpectKnownOutputValue("tier", knownvalue.StringRegexp(regexpOf(`^(gold|silver|bronze)$`))),
			},
		}},
	})
	if len(bySearch) < 5 {
		t.Fatalf("the search matched only %d contacts: too few to prove paging", len(bySearch))
	}
}

func ptrOr(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func TestAccContacts_invalidFiltersFailAtPlan(t *testing.T) {
	t.Parallel()
	sb := acctest.StartSandbox(t, sandbox.Options{})
	dataSource := func(args string) string { return sb.ProviderBlock() + dataSourceWith("kirimchat_contacts", args) }
	failsAtPlan(t, sb, map[string]string{
		dataSource(`phone = "081234567890"`):                      `(?s)Invalid phone number.*must be a phone number in E.164 form.*replace that 0 with "\+" and the country code. For a number in Indonesia \(\+62\), that is "\+6281234567890"`,
		dataSource(`phone = "+0123456789"`):                       `(?s)must be a phone number in E.164 form.*After "\+" comes the country code, which never starts with 0`,
		dataSource(`phone = "+62 812-3456-7890"`):                 `(?s)must be a phone number in E.164 form.*Write it as "\+6281234567890"`,
		dataSource(`phone = "0062 812 3456 7890"`):                `(?s)Write it as "\+6281234567890": "00" is the international prefix`,
		dataSource(`search = ""`):                                 `search UTF-8 character count must be between 1 and 200`,
		dataSource(`search = "` + strings.Repeat("x", 201) + `"`): `search UTF-8 character count must be between 1 and 200`,
		dataSource(`max_results = 0`):                             `max_results value must be at least 1`,
	})
}

# Needs no API and no key: the provider is mocked, and override_data gives a
# data source the values a run is about.
#
# The list's `conversations` is a list of nested objects, which Terraform
# cannot take from override_data or mock_data (1.11.4 here, 1.14.0 in
# hashicorp/terraform#37939): a list fails with "expected object type, found
# tuple", and an object gives an empty list. Its `ids`, a list of strings, it
# takes; so do the summary's figures (mocked_summary.tftest.hcl), and a
# conversation planted in a sandbox fixture is read for real
# (sandbox.tftest.hcl). OpenTofu takes `conversations` as well:
# mocked_conversations.tofutest.hcl, which only OpenTofu reads.

mock_provider "kirimchat" {}

run "counts_resolved_conversations_from_the_ids" {
  command = plan

  override_data {
    target = data.kirimchat_conversations.resolved
    values = {
      ids = ["cnv_7ZY6GBSN3DC62GMWHT7CBCXHB3", "cnv_657RP9CREN966PHF74H4QN33JP"]
    }
  }

  assert {
    condition     = output.resolved_count == 2
    error_message = "Both resolved conversations should be counted."
  }

  assert {
    condition     = output.unread_resolved_ids == []
    error_message = "With no conversations mocked, none can be unread."
  }
}

# Needs no API and no key: the provider is mocked, and override_data gives the
# data source the values this test is about.
#
# Terraform (1.11 to 1.13 at least) cannot yet convert override values for
# nested list attributes such as `conversations` ("expected object type,
# found tuple"), so this test overrides `ids`; the mock returns an empty list
# of conversations. To test logic over conversations, pass them to a child
# module as a variable and test that module with `run` and `variables`.

mock_provider "kirimchat" {}

run "counts_open_conversations_from_the_ids" {
  command = plan

  override_data {
    target = data.kirimchat_conversations.open
    values = {
      ids = ["cnv_7ZY6GBSN3DC62GMWHT7CBCXHB3", "cnv_657RP9CREN966PHF74H4QN33JP"]
    }
  }

  assert {
    condition     = output.open_count == 2
    error_message = "Both open conversations should be counted."
  }

  assert {
    condition     = output.unassigned_ids == []
    error_message = "With no conversations mocked, none can be unassigned."
  }
}

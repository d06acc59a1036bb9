# OpenTofu only: Terraform reads no .tofutest.hcl file. OpenTofu takes the
# list's `conversations` from override_data (Terraform cannot:
# mocked.tftest.hcl), each conversation with every attribute of the schema,
# null where the API allows it.

mock_provider "kirimchat" {}

run "an_unread_resolved_conversation_fails_the_audit" {
  command = plan

  override_data {
    target = data.kirimchat_conversations.resolved
    values = {
      conversations = [
        {
          id               = "cnv_7YH5CV7QEKMAWD27AGWCWMN9AB"
          object           = "conversation"
          status           = "resolved"
          contact          = { id = "ctc_1ZZJRKF73P66PCZMJ0E01QG5DW", name = null, phone_number = null }
          whatsapp_account = { phone_number = "+6281100001111" }
          assignee         = null
          unread_count     = 2
          last_message_at  = "2026-11-27T09:00:00Z"
          last_inbound_at  = "2026-11-27T09:00:00Z"
          created_at       = "2026-11-20T10:00:00Z"
          updated_at       = "2026-11-27T10:00:00Z"
        },
      ]
    }
  }

  expect_failures = [check.resolved_conversations_are_read]

  assert {
    condition     = output.unread_resolved_ids == ["cnv_7YH5CV7QEKMAWD27AGWCWMN9AB"]
    error_message = "The unread resolved conversation should be reported."
  }
}

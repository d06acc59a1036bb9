# Runs against a live API: start the sandbox and export
#   KIRIMCHAT_BASE_URL=http://127.0.0.1:8080/v1
#   KIRIMCHAT_API_KEY=kdv_live_sandboxSANDBOXsandbox0
# then run `terraform test` in this folder.

run "reads_open_conversations" {
  command = plan

  assert {
    condition     = output.open_count > 0
    error_message = "The sandbox organization should have open conversations."
  }

  assert {
    condition     = alltrue([for c in data.kirimchat_conversations.open.conversations : c.status == "open"])
    error_message = "The status filter let another status through."
  }

  assert {
    condition     = length(output.unassigned_ids) <= output.open_count
    error_message = "More unassigned than open conversations."
  }
}

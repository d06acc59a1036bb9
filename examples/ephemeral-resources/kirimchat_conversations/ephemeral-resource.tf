# An audit that keeps customers' data out of the state and the plan: the
# list is read once per run and never stored. (Terraform 1.10 or later,
# OpenTofu 1.11 or later.)
ephemeral "kirimchat_conversations" "open" {
  status = "open"
}

# sandbox: the check below fails
check "open_conversations_are_assigned_quietly" {
  assert {
    condition = alltrue([
      for c in ephemeral.kirimchat_conversations.open.conversations : c.assignee != null
    ])
    # A message cannot name ephemeral values: Terraform would not show it.
    error_message = "Some open conversations have no assignee; the kirimchat_conversations data source names them."
  }
}

# sandbox: the check below passes
check "open_list_is_complete" {
  assert {
    condition     = !ephemeral.kirimchat_conversations.open.truncated
    error_message = "The list of open conversations was cut by max_results."
  }
}

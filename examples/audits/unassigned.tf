# Every open conversation has an owner. The message names the first few, so
# that whoever reads the plan can act on them.
locals {
  unassigned = data.kirimchat_conversation_summary.open.unassigned_ids
}

# sandbox: the check below fails
check "open_conversations_are_assigned" {
  assert {
    condition     = data.kirimchat_conversation_summary.open.unassigned_count == 0
    error_message = "${length(local.unassigned)} open conversation(s) have no assignee: ${join(", ", slice(local.unassigned, 0, min(5, length(local.unassigned))))}${length(local.unassigned) > 5 ? ", …" : ""}."
  }
}

# The same rule for what moved in the last day only: cheap enough to run in
# every plan of a large organization.
locals {
  unassigned_today = data.kirimchat_conversation_summary.last_day.unassigned_ids
}

# sandbox: the check below passes
check "todays_open_conversations_are_assigned" {
  assert {
    condition     = data.kirimchat_conversation_summary.last_day.unassigned_count == 0
    error_message = "${length(local.unassigned_today)} open conversation(s) active in the last 24 hours have no assignee: ${join(", ", slice(local.unassigned_today, 0, min(5, length(local.unassigned_today))))}${length(local.unassigned_today) > 5 ? ", …" : ""}."
  }
}

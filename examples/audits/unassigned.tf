# Every open conversation has an owner. The message names the first few, so
# that whoever reads the plan can act on it.
locals {
  unassigned = [for c in data.kirimchat_conversations.open.conversations : c.id if c.assignee == null]
}

# sandbox: the check below fails
check "open_conversations_are_assigned" {
  assert {
    condition     = length(local.unassigned) == 0
    error_message = "${length(local.unassigned)} open conversation(s) have no assignee: ${join(", ", slice(local.unassigned, 0, min(5, length(local.unassigned))))}."
  }
}

# The same rule for what moved in the last day only: cheap enough to run in
# every plan of a large organization.
# sandbox: the check below passes
check "todays_open_conversations_are_assigned" {
  assert {
    condition = alltrue([
      for c in data.kirimchat_conversations.last_day.conversations : c.assignee != null if c.status == "open"
    ])
    error_message = "Open conversations active in the last 24 hours have no assignee."
  }
}

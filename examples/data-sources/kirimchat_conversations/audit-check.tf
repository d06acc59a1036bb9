# Audits that run with every plan, on one list read once at the top level:
# a check-scoped data source would be read again for each check and printed
# into the plan. A failed assertion is a warning, never an error: it reports
# without blocking anything else.
data "kirimchat_conversations" "open_for_audits" {
  status = "open"
}

locals {
  open_unassigned = [
    for c in data.kirimchat_conversations.open_for_audits.conversations : c.id if c.assignee == null
  ]
  # Null-safe on every supported version: `||` only short-circuits from
  # Terraform 1.12 and OpenTofu 1.10, so a null last_inbound_at goes through
  # a conditional.
  waiting_past_24_hours = [
    for c in data.kirimchat_conversations.open_for_audits.conversations : c.id
    if c.unread_count > 0 && (c.last_inbound_at == null ? false : timecmp(c.last_inbound_at, timeadd(plantimestamp(), "-24h")) < 0)
  ]
}

# sandbox: the check below fails
check "open_conversations_are_assigned" {
  assert {
    condition     = length(local.open_unassigned) == 0
    error_message = "${length(local.open_unassigned)} open conversation(s) have no assignee: ${join(", ", slice(local.open_unassigned, 0, min(5, length(local.open_unassigned))))}."
  }
}

# sandbox: the check below fails
check "nothing_waits_past_24_hours" {
  assert {
    condition     = length(local.waiting_past_24_hours) == 0
    error_message = "${length(local.waiting_past_24_hours)} customer(s) have waited more than 24 hours for an answer, for example ${join(", ", slice(local.waiting_past_24_hours, 0, min(5, length(local.waiting_past_24_hours))))}."
  }
}

# A team's audits, and the tests for them in tests/: runs against the sandbox
# serving tests/organization.json (a small organization with one planted bad
# conversation), and runs with a mocked provider. The GitHub Actions workflow
# in .github/workflows runs them in CI.

terraform {
  required_version = ">= 1.7.0"

  required_providers {
    kirimchat = {
      source = "kirimchat/kirimchat"
    }
  }
}

variable "contact_ids" {
  description = "Audit only these contacts' conversations (ctc_…), such as the key accounts; null audits every one."
  type        = set(string)
  default     = null
}

variable "max_wait_hours" {
  description = "How long a customer may wait for an answer."
  type        = number
  default     = 24
}

# Every open conversation, in figures: no customer's or agent's personal data
# in the state. as_of = plantimestamp(): read at plan, measured at the plan's time.
data "kirimchat_conversation_summary" "open" {
  status              = "open"
  contact_ids         = var.contact_ids
  waiting_longer_than = "${var.max_wait_hours}h"
  as_of               = plantimestamp()
}

# Only what moved in the last day: a window that moves with the clock.
data "kirimchat_conversation_summary" "last_day" {
  status              = "open"
  contact_ids         = var.contact_ids
  last_message_after  = timeadd(plantimestamp(), "-24h")
  waiting_longer_than = "4h"
  as_of               = plantimestamp()
}

# A rule the summary's figures do not answer reads the list.
data "kirimchat_conversations" "resolved" {
  status = "resolved"
}

locals {
  unassigned    = data.kirimchat_conversation_summary.open.unassigned_ids
  waiting       = data.kirimchat_conversation_summary.open.waiting_ids
  waiting_today = data.kirimchat_conversation_summary.last_day.waiting_ids
  unread_resolved = [
    for c in data.kirimchat_conversations.resolved.conversations : c.id if c.unread_count > 0
  ]
}

check "open_conversations_are_assigned" {
  assert {
    condition     = data.kirimchat_conversation_summary.open.unassigned_count == 0
    error_message = "${length(local.unassigned)} open conversation(s) have no assignee: ${join(", ", local.unassigned)}."
  }
}

check "nobody_waits_past_the_window" {
  assert {
    condition     = data.kirimchat_conversation_summary.open.waiting_count == 0
    error_message = "${length(local.waiting)} customer(s) have waited more than ${var.max_wait_hours} h: ${join(", ", local.waiting)}."
  }
}

check "todays_customers_are_answered_within_4_hours" {
  assert {
    condition     = data.kirimchat_conversation_summary.last_day.waiting_count == 0
    error_message = "${length(local.waiting_today)} customer(s) who wrote in the last day have waited more than 4 hours: ${join(", ", local.waiting_today)}."
  }
}

check "resolved_conversations_are_read" {
  assert {
    condition     = length(local.unread_resolved) == 0
    error_message = "${length(local.unread_resolved)} resolved conversation(s) have unread messages: ${join(", ", local.unread_resolved)}."
  }
}

output "unassigned_ids" {
  description = "Open conversations that nobody is assigned to."
  value       = local.unassigned
}

output "waiting_today_ids" {
  description = "Conversations active in the last day whose customer has waited more than 4 hours."
  value       = local.waiting_today
}

output "unread_resolved_ids" {
  description = "Resolved conversations with unread messages."
  value       = local.unread_resolved
}

output "resolved_count" {
  description = "How many conversations are resolved."
  value       = length(data.kirimchat_conversations.resolved.ids)
}

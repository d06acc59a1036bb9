# Quickstart: what support-ops teams come for. Counts by status, open
# conversations nobody is assigned to, customers waiting longest since their
# last message, and check blocks that turn those into warnings in every plan.
#
# Point it at Kirim.chat with KIRIMCHAT_API_KEY, or at the sandbox with
# KIRIMCHAT_BASE_URL as well; `make demo` does the latter for you.

terraform {
  required_version = ">= 1.5.0"

  required_providers {
    kirimchat = {
      source = "kirimchat/kirimchat"
    }
  }
}

provider "kirimchat" {}

variable "max_wait_hours" {
  description = "How long a customer may wait for an answer before the audit complains. WhatsApp's customer-service window is 24 hours."
  type        = number
  default     = 24
}

variable "report_rows" {
  description = "How many conversations each section of the report lists."
  type        = number
  default     = 5
}

data "kirimchat_conversations" "all" {}

locals {
  conversations = data.kirimchat_conversations.all.conversations
  open          = [for c in local.conversations : c if c.status == "open"]

  count_by_status = {
    for s in ["open", "pending", "resolved"] : s => length([for c in local.conversations : c if c.status == s])
  }

  numbers = [for c in local.conversations : coalesce(try(c.whatsapp_account.phone_number, null), "(pending number)")]
  count_by_number = {
    for n in distinct(local.numbers) : n => length([for x in local.numbers : x if x == n])
  }

  # An agent without a display name is shown by id.
  open_agents = [for c in local.open : c.assignee == null ? "(unassigned)" : coalesce(c.assignee.name, c.assignee.id)]
  open_by_agent = {
    for a in distinct(local.open_agents) : a => length([for x in local.open_agents : x if x == a])
  }

  unassigned_open = [for c in local.open : c if c.assignee == null]

  # Waiting: open, with unread customer messages, the last one older than the limit.
  cutoff = timeadd(plantimestamp(), "-${var.max_wait_hours}h")
  waiting = [
    for c in local.open : c
    if c.unread_count > 0 && c.last_inbound_at != null && timecmp(coalesce(c.last_inbound_at, plantimestamp()), local.cutoff) < 0
  ]
  # RFC 3339 UTC timestamps sort as text: the oldest inbound message first.
  waiting_by_age = { for c in local.waiting : "${c.last_inbound_at} ${c.id}" => c }
  longest_waiting = [
    for k in slice(sort(keys(local.waiting_by_age)), 0, min(var.report_rows, length(local.waiting))) : local.waiting_by_age[k]
  ]
}

# sandbox: the check below fails
check "open_conversations_are_assigned" {
  assert {
    condition     = length(local.unassigned_open) == 0
    error_message = "${length(local.unassigned_open)} open conversation(s) have no assignee, for example ${join(", ", [for c in slice(local.unassigned_open, 0, min(3, length(local.unassigned_open))) : c.id])}."
  }
}

# sandbox: the check below fails
check "nothing_waits_past_the_limit" {
  assert {
    condition     = length(local.waiting) == 0
    error_message = "${length(local.waiting)} customer(s) have waited more than ${var.max_wait_hours} h for an answer; the oldest wrote at ${try(local.longest_waiting[0].last_inbound_at, "?")}."
  }
}

# Nobody waits past WhatsApp's 24-hour customer-service window. The summary
# counts an open conversation as waiting when its customer's message is
# unread (unread_count > 0) and last_inbound_at is more than
# waiting_longer_than before as_of (summaries.tf); a customer who never wrote
# (last_inbound_at = null) is never waiting. waiting_ids come longest waiting
# first.
variable "max_wait_hours" {
  type    = number
  default = 24
}

locals {
  waiting = data.kirimchat_conversation_summary.open.waiting_ids
  # oldest_waiting_since is null when nobody waits. error_message is evaluated
  # even when the condition holds, and a null in a template fails the plan: a
  # conditional evaluates only the branch it takes.
  waiting_since = (data.kirimchat_conversation_summary.open.oldest_waiting_since == null ? "" :
  ", the longest since ${data.kirimchat_conversation_summary.open.oldest_waiting_since}")
}

# sandbox: the check below fails
check "nobody_waits_past_the_window" {
  assert {
    condition     = data.kirimchat_conversation_summary.open.waiting_count == 0
    error_message = "${length(local.waiting)} customer(s) have waited more than ${var.max_wait_hours} h${local.waiting_since}: ${join(", ", slice(local.waiting, 0, min(5, length(local.waiting))))}${length(local.waiting) > 5 ? ", …" : ""}."
  }
}

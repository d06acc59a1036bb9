# Nobody waits past WhatsApp's 24-hour customer-service window. Null-safe on
# every supported version: `||` only short-circuits from Terraform 1.12, so
# a conversation whose customer never wrote (last_inbound_at = null) is
# handled by a conditional, which evaluates only the branch it takes.
variable "max_wait_hours" {
  type    = number
  default = 24
}

locals {
  waiting = [
    for c in data.kirimchat_conversations.open.conversations : c.id
    if c.unread_count > 0 && (c.last_inbound_at == null ? false :
    timecmp(c.last_inbound_at, timeadd(plantimestamp(), "-${var.max_wait_hours}h")) < 0)
  ]
}

# sandbox: the check below fails
check "nobody_waits_past_the_window" {
  assert {
    condition     = length(local.waiting) == 0
    error_message = "${length(local.waiting)} customer(s) have waited more than ${var.max_wait_hours} h: ${join(", ", slice(local.waiting, 0, min(5, length(local.waiting))))}."
  }
}

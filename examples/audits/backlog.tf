# The pending backlog stays below a size. max_results bounds the read itself:
# the audit never costs more than a few requests, and `truncated` says that
# the backlog is larger than the bound.
variable "max_pending" {
  type    = number
  default = 50
}

data "kirimchat_conversations" "pending" {
  status      = "pending"
  max_results = var.max_pending
}

# sandbox: the check below fails
check "pending_backlog_is_bounded" {
  assert {
    condition     = !data.kirimchat_conversations.pending.truncated
    error_message = "More than ${var.max_pending} conversations are pending."
  }
}

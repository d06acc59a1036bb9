# The pending backlog stays below a size. max_results bounds the read itself:
# the audit never costs more than a few requests however large the backlog,
# and `truncated` says that it is larger than the bound. The price: up to
# max_pending conversations, with their customers' names and phone numbers,
# in the state. A summary with status = "pending" would name the exact number
# and keep no personal data, for a read of every pending conversation.
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

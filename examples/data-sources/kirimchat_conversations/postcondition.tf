# Fail the plan, rather than warn, when a read is incomplete.
data "kirimchat_conversations" "pending_complete" {
  status      = "pending"
  max_results = 500

  lifecycle {
    postcondition {
      condition     = !self.truncated
      error_message = "More than 500 pending conversations: raise max_results or clear the backlog."
    }
  }
}

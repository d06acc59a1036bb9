# Nobody holds more open conversations than they can answer. count_by_assignee
# counts the open conversations of each assignee by user id (usr_…); the
# unassigned ones are under no key (unassigned.tf).
variable "max_open_per_agent" {
  type    = number
  default = 40
}

locals {
  agents_over_limit = [
    for id, n in data.kirimchat_conversation_summary.open.count_by_assignee : "${id} (${n})" if n > var.max_open_per_agent
  ]
}

# sandbox: the check below passes
check "no_agent_holds_more_than_the_limit" {
  assert {
    condition     = alltrue([for id, n in data.kirimchat_conversation_summary.open.count_by_assignee : n <= var.max_open_per_agent])
    error_message = "${length(local.agents_over_limit)} agent(s) hold more than ${var.max_open_per_agent} open conversations: ${join(", ", slice(local.agents_over_limit, 0, min(5, length(local.agents_over_limit))))}${length(local.agents_over_limit) > 5 ? ", …" : ""}."
  }
}

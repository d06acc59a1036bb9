# The open conversations in figures: counts and ids, without a customer's or
# an agent's name, phone number or email in the state.
data "kirimchat_conversation_summary" "open" {
  status = "open"
  # Known at plan, so the summary is read at plan; timestamp() would defer
  # the read to apply.
  as_of = plantimestamp()
}

# A few customers' conversations only: one filtered read per contact. An id
# that names no contact fails the read.
data "kirimchat_conversation_summary" "key_accounts" {
  status              = "open"
  contact_ids         = ["ctc_0SHYGAFJ3C5FNNQSG6VJ9QPY7G", "ctc_0X7GC63QYVVC8B6JNRA0V90DRA"]
  waiting_longer_than = "1h"
  as_of               = plantimestamp()
}

output "open" {
  # conversation_count, not count: Terraform refuses
  # data.kirimchat_conversation_summary.open.count in expressions.
  value = "${data.kirimchat_conversation_summary.open.conversation_count} open, ${data.kirimchat_conversation_summary.open.unassigned_count} unassigned, ${data.kirimchat_conversation_summary.open.waiting_count} waiting past 24 h"
}

output "open_by_agent" {
  value = data.kirimchat_conversation_summary.open.count_by_assignee
}

output "key_accounts_waiting_past_an_hour" {
  value = data.kirimchat_conversation_summary.key_accounts.waiting_ids
}

# For continuous validation: a rule about what changed since the last
# assessment, cheap on every run. Only the last day's open conversations are
# read (summaries.tf), and a customer who wrote in the last day must have had
# an answer within 4 hours (waiting_longer_than = "4h" there).
locals {
  unanswered_today = data.kirimchat_conversation_summary.last_day.waiting_ids
}

# sandbox: the check below fails
check "todays_customers_are_answered_within_4_hours" {
  assert {
    condition     = data.kirimchat_conversation_summary.last_day.waiting_count == 0
    error_message = "${length(local.unanswered_today)} customer(s) who wrote in the last day have waited more than 4 hours: ${join(", ", slice(local.unanswered_today, 0, min(5, length(local.unanswered_today))))}${length(local.unanswered_today) > 5 ? ", …" : ""}."
  }
}

# For continuous validation: a rule about what changed since the last
# assessment, cheap on every run. Only the last day's conversations are read
# (lists.tf), and a customer who wrote in the last day must have had an
# answer within 4 hours.
locals {
  unanswered_today = [
    for c in data.kirimchat_conversations.last_day.conversations : c.id
    if c.status == "open" && c.unread_count > 0 && (c.last_inbound_at == null ? false :
    timecmp(c.last_inbound_at, timeadd(plantimestamp(), "-4h")) < 0)
  ]
}

# sandbox: the check below fails
check "todays_customers_are_answered_within_4_hours" {
  assert {
    condition     = length(local.unanswered_today) == 0
    error_message = "${length(local.unanswered_today)} customer(s) who wrote today have waited more than 4 hours: ${join(", ", slice(local.unanswered_today, 0, min(5, length(local.unanswered_today))))}."
  }
}

# Audits that run with every plan. A failed assertion is a warning in the
# plan, not an error, so it reports without blocking anything else.
check "open_conversations_are_assigned" {
  data "kirimchat_conversations" "open_for_audit" {
    status = "open"
  }

  assert {
    condition = alltrue([
      for c in data.kirimchat_conversations.open_for_audit.conversations : c.assignee != null
    ])
    error_message = "Some open conversations have no assignee."
  }
}

check "nothing_waits_past_24_hours" {
  data "kirimchat_conversations" "open_for_wait_audit" {
    status = "open"
  }

  assert {
    condition = alltrue([
      for c in data.kirimchat_conversations.open_for_wait_audit.conversations :
      c.unread_count == 0 || c.last_inbound_at == null || timecmp(c.last_inbound_at, timeadd(plantimestamp(), "-24h")) >= 0
    ])
    error_message = "A customer has waited more than 24 hours for an answer; WhatsApp's customer-service window has closed."
  }
}

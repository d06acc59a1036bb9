# Filters run on the server: only matching conversations are transferred.
data "kirimchat_conversations" "open" {
  status = "open"
}

data "kirimchat_conversations" "one_contact" {
  contact_id = "ctc_36JASHKTWG7HXK336KB5F1NY3A"
  status     = "resolved"
}

# Only what happened in the last 24 hours: the read stops at the first
# conversation active before then, so it costs a few requests however long
# the organization's history is.
data "kirimchat_conversations" "last_24_hours" {
  last_message_after = timeadd(plantimestamp(), "-24h")
}

# The 20 most recently active pending conversations. If more exist,
# `truncated` is true and the plan shows a warning.
data "kirimchat_conversations" "recent_pending" {
  status      = "pending"
  max_results = 20
}

locals {
  open_unassigned_ids = [
    for c in data.kirimchat_conversations.open.conversations : c.id if c.assignee == null
  ]
}

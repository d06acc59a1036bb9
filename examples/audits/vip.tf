# VIP customers have an answer within the hour. contact_ids reads only their
# conversations, one filtered read per contact: the requests grow with the
# VIPs, not with the organization, and nothing is compared in HCL. An id that
# names no contact fails the read, naming it, so a typo in the list fails the
# plan instead of passing the audit; an empty set is refused at plan.
variable "vip_contact_ids" {
  description = "The VIP customers' contact ids (ctc_…)."
  type        = set(string)
  nullable    = false
  # Contacts of the default sandbox.
  default = [
    "ctc_0SHYGAFJ3C5FNNQSG6VJ9QPY7G",
    "ctc_0SSZKGES3C488A3KCZ4Q8VGN7V",
    "ctc_0X7GC63QYVVC8B6JNRA0V90DRA",
  ]
}

data "kirimchat_conversation_summary" "vip" {
  status              = "open"
  contact_ids         = var.vip_contact_ids
  waiting_longer_than = "1h"
  as_of               = plantimestamp()
}

locals {
  vip_waiting = data.kirimchat_conversation_summary.vip.waiting_ids
  # null when no VIP waits: see waiting.tf.
  vip_waiting_since = (data.kirimchat_conversation_summary.vip.oldest_waiting_since == null ? "" :
  ", the longest since ${data.kirimchat_conversation_summary.vip.oldest_waiting_since}")
}

# sandbox: the check below fails
check "vip_customers_are_answered_within_an_hour" {
  assert {
    condition     = data.kirimchat_conversation_summary.vip.waiting_count == 0
    error_message = "${length(local.vip_waiting)} conversation(s) of the ${length(var.vip_contact_ids)} VIP customers have waited more than 1 h${local.vip_waiting_since}: ${join(", ", slice(local.vip_waiting, 0, min(5, length(local.vip_waiting))))}${length(local.vip_waiting) > 5 ? ", …" : ""}."
  }
}

# The summaries the audits read, each once per plan, at the top level: a data
# source inside a check block would be read again for every check and printed
# into the plan. A summary keeps counts and conversation ids, never a
# customer's or an agent's name, phone number or email.
#
# as_of = plantimestamp() is known at plan, so the summary is read at plan
# and every check measures waiting at the plan's time. timestamp() is known
# only at apply: the read, and the checks over it, would wait for apply.
data "kirimchat_conversation_summary" "open" {
  status              = "open"
  waiting_longer_than = "${var.max_wait_hours}h"
  as_of               = plantimestamp()
}

# Only what moved in the last day: the read stops at the first conversation
# active before then, so it costs a few requests however long the history.
data "kirimchat_conversation_summary" "last_day" {
  status              = "open"
  last_message_after  = timeadd(plantimestamp(), "-24h")
  waiting_longer_than = "4h"
  as_of               = plantimestamp()
}

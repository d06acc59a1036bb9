# The lists the audits read: each once per plan, at the top level. A data
# source inside a check block would be read again for every check and
# printed, row by row, into the plan.
data "kirimchat_conversations" "open" {
  status = "open"
}

# Only what moved in the last day: the read stops at the first conversation
# active before then, so it costs a few requests however long the history.
data "kirimchat_conversations" "last_day" {
  last_message_after = timeadd(plantimestamp(), "-24h")
}

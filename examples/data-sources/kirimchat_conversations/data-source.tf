# Every conversation of the organization, newest-active first.
data "kirimchat_conversations" "all" {}

output "conversation_count" {
  value = length(data.kirimchat_conversations.all.ids)
}

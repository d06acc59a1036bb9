# One read per contact, for example the accounts a team looks after.
variable "key_account_contact_ids" {
  type    = set(string)
  default = []
}

data "kirimchat_conversations" "key_accounts" {
  for_each   = var.key_account_contact_ids
  contact_id = each.value
}

output "key_account_open_conversations" {
  value = {
    for contact_id, d in data.kirimchat_conversations.key_accounts :
    contact_id => [for c in d.conversations : c.id if c.status == "open"]
  }
}

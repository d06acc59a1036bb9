# The lookup chain: phone number → contact → that contact's conversations.
data "kirimchat_contact" "customer" {
  phone_number = "+628600598901"
}

data "kirimchat_conversations" "customer" {
  contact_id = data.kirimchat_contact.customer.id
}

output "customer_open_conversations" {
  value = [for c in data.kirimchat_conversations.customer.conversations : c.id if c.status == "open"]
}

# By id, when it is already known.
data "kirimchat_contact" "known" {
  id = "ctc_36JASHKTWG7HXK336KB5F1NY3A"
}

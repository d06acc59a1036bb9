# The lookup chain: a customer's phone number → their contact → their
# conversations. Filtering on contact_id needs the contact's id, which the
# phone number finds.

variable "customer_phone" {
  description = "A customer's phone number (E.164) to look up. By default, the customer of the most recently active conversation."
  type        = string
  default     = null
}

data "kirimchat_contacts" "all" {}

locals {
  # A phone number saved on two contacts cannot name one: skip those.
  contact_phones = [for c in data.kirimchat_contacts.all.contacts : c.phone_number if c.phone_number != null]
  unique_phones  = toset([for p in local.contact_phones : p if length([for q in local.contact_phones : q if q == p]) == 1])
  customer_phone = coalesce(var.customer_phone, [
    for c in local.conversations : c.contact.phone_number if contains(local.unique_phones, try(coalesce(c.contact.phone_number, "-"), "-"))
  ]...)
}

data "kirimchat_contact" "customer" {
  phone_number = local.customer_phone
}

data "kirimchat_conversations" "customer" {
  contact_id = data.kirimchat_contact.customer.id
}

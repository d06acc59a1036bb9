# Contacts whose name or email contains "santoso", with a key of their
# free-form metadata decoded.
data "kirimchat_contacts" "santoso" {
  search = "santoso"
}

output "santoso_tiers" {
  value = {
    for c in data.kirimchat_contacts.santoso.contacts :
    c.id => try(jsondecode(c.metadata).tier, null)
  }
}

# Everyone saved with this exact phone number (E.164).
data "kirimchat_contacts" "by_phone" {
  phone = "+628600598901"
}

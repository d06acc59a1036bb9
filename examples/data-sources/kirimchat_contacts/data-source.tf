# Contacts whose name or email contains "tanaka", with a key of their
# free-form metadata decoded.
data "kirimchat_contacts" "tanaka" {
  search = "tanaka"
}

output "tanaka_tiers" {
  value = {
    for c in data.kirimchat_contacts.tanaka.contacts :
    c.id => try(jsondecode(c.metadata).tier, null)
  }
}

# Everyone saved with this exact phone number (E.164).
data "kirimchat_contacts" "by_phone" {
  phone = "+628600598901"
}

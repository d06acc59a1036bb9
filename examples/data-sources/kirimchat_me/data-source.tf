data "kirimchat_me" "this" {}

# Warn in every plan when the key belongs to another organization, for
# example a staging key in a production workspace.
# sandbox: the check below fails
check "the_key_belongs_to_production" {
  assert {
    condition     = data.kirimchat_me.this.organization.id == "org_01HXYZABCDEFGHJKMNPQRSTVWX"
    error_message = "The API key belongs to ${data.kirimchat_me.this.organization.name}, not the production organization."
  }
}

output "read_budget_per_minute" {
  value = data.kirimchat_me.this.rate_limits.read_per_minute
}

data "kirimchat_me" "this" {}

variable "production_organization_id" {
  description = "The production organization's id (org_…), as kirimchat_me reads it. The default is the sandbox's."
  type        = string
  default     = "org_07DA0QYV23A9ZM84E490B5CH62"
}

# Warn in every plan when the key belongs to another organization, for
# example a staging key in a production workspace.
# sandbox: the check below passes
check "the_key_belongs_to_production" {
  assert {
    condition     = data.kirimchat_me.this.organization.id == var.production_organization_id
    error_message = "The API key belongs to ${data.kirimchat_me.this.organization.name}, not the production organization."
  }
}

output "read_budget_per_minute" {
  value = data.kirimchat_me.this.rate_limits.read_per_minute
}

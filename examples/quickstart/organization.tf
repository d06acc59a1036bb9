# Which organization does this key belong to? A check turns a key for the
# wrong organization into a warning in every plan.

variable "expected_organization_id" {
  description = "The organization this configuration is meant for (org_…); null skips the check."
  type        = string
  default     = null
}

data "kirimchat_me" "this" {}

# sandbox: the check below passes
check "the_key_belongs_to_the_expected_organization" {
  assert {
    condition     = var.expected_organization_id == null || data.kirimchat_me.this.organization.id == var.expected_organization_id
    error_message = "The API key belongs to ${data.kirimchat_me.this.organization.name} (${data.kirimchat_me.this.organization.id}), not ${coalesce(var.expected_organization_id, "-")}."
  }
}

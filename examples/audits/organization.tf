# The key belongs to the organization this configuration is meant for: a
# staging key in a production workspace is a warning in every plan.
variable "expected_organization_id" {
  description = "The organization's id (org_…); null skips the check."
  type        = string
  default     = null
}

data "kirimchat_me" "key" {}

# sandbox: the check below passes
check "the_key_belongs_to_the_expected_organization" {
  assert {
    condition     = var.expected_organization_id == null ? true : data.kirimchat_me.key.organization.id == var.expected_organization_id
    error_message = "The API key belongs to ${data.kirimchat_me.key.organization.name} (${data.kirimchat_me.key.organization.id})."
  }
}

# A small module that users might write, and tests for it: tests/ holds one
# file that runs against the sandbox and one that mocks the provider.

terraform {
  required_version = ">= 1.7.0"

  required_providers {
    kirimchat = {
      source = "kirimchat/kirimchat"
    }
  }
}

variable "contact_id" {
  description = "Restrict the audit to one contact; null audits every open conversation."
  type        = string
  default     = null
}

data "kirimchat_conversations" "open" {
  status     = "open"
  contact_id = var.contact_id
}

output "unassigned_ids" {
  description = "Open conversations that nobody is assigned to."
  value       = [for c in data.kirimchat_conversations.open.conversations : c.id if c.assignee == null]
}

output "open_count" {
  description = "How many conversations are open."
  value       = length(data.kirimchat_conversations.open.ids)
}

output "count_by_status" {
  description = "Conversations per status."
  value       = local.count_by_status
}

output "unassigned_open_ids" {
  description = "Open conversations nobody is assigned to."
  value       = [for c in local.unassigned_open : c.id]
}

output "longest_waiting_ids" {
  description = "Open conversations whose customer has waited longest since their last message."
  value       = [for c in local.longest_waiting : c.id]
}

output "customer_conversation_ids" {
  description = "The conversations of the customer looked up by phone number."
  value       = data.kirimchat_conversations.customer.ids
}

output "report" {
  description = "A short, human-readable report."
  value       = <<-EOT
    Organization: ${data.kirimchat_me.this.organization.name} (${data.kirimchat_me.this.organization.id})
      key …${data.kirimchat_me.this.api_key.last4}, ${data.kirimchat_me.this.rate_limits.tier} tier, ${data.kirimchat_me.this.rate_limits.read_per_minute} reads a minute

    Conversations: ${length(local.conversations)}
    %{for s, n in local.count_by_status~}
      ${format("%-9s %5d", s, n)}
    %{endfor~}

    By WhatsApp number:
    %{for number, n in local.count_by_number~}
      ${format("%-17s %5d", number, n)}
    %{endfor~}

    Open conversations by agent:
    %{for agent, n in local.open_by_agent~}
      ${format("%-17s %5d", agent, n)}
    %{endfor~}

    Open and unassigned: ${length(local.unassigned_open)}
    %{for c in slice(local.unassigned_open, 0, min(var.report_rows, length(local.unassigned_open)))~}
      ${c.id}  ${coalesce(try(c.contact.name, null), "(no name)")}, last message ${coalesce(c.last_message_at, "never")}
    %{endfor~}

    Waiting more than ${var.max_wait_hours} h since the customer's last message: ${length(local.waiting)}
    %{for c in local.longest_waiting~}
      ${c.id}  ${coalesce(try(c.contact.name, null), "(no name)")}, ${c.unread_count} unread since ${c.last_inbound_at}
    %{endfor~}

    Customer lookup: ${local.customer_phone} → ${data.kirimchat_contact.customer.id} (${coalesce(data.kirimchat_contact.customer.name, "no name")}), tier ${try(jsondecode(data.kirimchat_contact.customer.metadata).tier, "unknown")}
    %{for c in data.kirimchat_conversations.customer.conversations~}
      ${c.id}  ${c.status}, last message ${coalesce(c.last_message_at, "never")}
    %{endfor~}
  EOT
}

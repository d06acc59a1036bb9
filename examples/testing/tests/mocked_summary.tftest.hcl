# Needs no API and no key: the provider is mocked. The audits read
# kirimchat_conversation_summary, whose figures are numbers, strings, lists
# of strings and maps: override_data sets them on every CLI that has mocks
# (Terraform 1.7, OpenTofu 1.8), so each audit is tested firing and passing.
# Where override_data sets nothing, the mock answers 0 and empty lists.

mock_provider "kirimchat" {}

run "an_unassigned_conversation_fails_the_assignment_audit" {
  command = plan

  override_data {
    target = data.kirimchat_conversation_summary.open
    values = {
      unassigned_count = 1
      unassigned_ids   = ["cnv_4BQ63AFD7813XV6MP6HNXYBP5S"]
    }
  }

  expect_failures = [check.open_conversations_are_assigned]

  assert {
    condition     = output.unassigned_ids == tolist(["cnv_4BQ63AFD7813XV6MP6HNXYBP5S"])
    error_message = "The unassigned conversation should be reported."
  }
}

run "a_customer_waiting_since_this_morning_fails_todays_audit" {
  command = plan

  override_data {
    target = data.kirimchat_conversation_summary.last_day
    values = {
      waiting_count = 1
      waiting_ids   = ["cnv_4BQ63AFD7813XV6MP6HNXYBP5S"]
    }
  }

  expect_failures = [check.todays_customers_are_answered_within_4_hours]

  assert {
    condition     = output.waiting_today_ids == tolist(["cnv_4BQ63AFD7813XV6MP6HNXYBP5S"])
    error_message = "The waiting conversation should be reported."
  }
}

run "nothing_to_report_passes_every_audit" {
  command = plan

  assert {
    condition     = length(output.unassigned_ids) == 0 && length(output.waiting_today_ids) == 0
    error_message = "The mock's summaries hold no conversation."
  }
}

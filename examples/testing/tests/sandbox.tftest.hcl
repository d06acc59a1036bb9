# Runs against the sandbox serving organization.json with -rebase, as the CI
# recipe starts it (.github/workflows/terraform-test.yml): every timestamp is
# moved by the time since the file's as_of, so the organization looks the
# same any day, and so do the last day's audits. It is a small team's
# organization in good order, but for one planted conversation:
# cnv_0000000000000000000000BAD1, open, nobody assigned, its customer
# (ctc_0000000000000000000000BAD1) waiting for 6 hours.

run "the_planted_conversation_fails_the_audits" {
  command = plan

  # Each check listed must fail, and any other failing check fails the run.
  expect_failures = [
    check.open_conversations_are_assigned,
    check.todays_customers_are_answered_within_4_hours,
  ]

  assert {
    condition     = output.unassigned_ids == tolist(["cnv_0000000000000000000000BAD1"])
    error_message = "The planted conversation should be the one unassigned."
  }

  assert {
    condition     = output.waiting_today_ids == tolist(["cnv_0000000000000000000000BAD1"])
    error_message = "The planted conversation should be the one waiting past 4 hours today."
  }
}

run "the_other_customers_pass_every_audit" {
  command = plan

  variables {
    contact_ids = [
      "ctc_00000000000000000000000001",
      "ctc_00000000000000000000000002",
      "ctc_00000000000000000000000003",
      "ctc_00000000000000000000000004",
    ]
  }

  assert {
    condition     = data.kirimchat_conversation_summary.open.conversation_count == 2
    error_message = "Two of these customers' conversations are open."
  }

  assert {
    condition     = data.kirimchat_conversation_summary.last_day.conversation_count == 2
    error_message = "Both were active in the last day."
  }
}

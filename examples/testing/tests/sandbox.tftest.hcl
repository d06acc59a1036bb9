# Runs against the sandbox serving organization.json with -rebase, as the CI
# recipe starts it (.github/workflows/terraform-test.yml): every timestamp is
# moved by the time since the file's as_of, so the organization looks the
# same any day, and so do the last day's audits. It is a small team's
# organization in good order, but for one planted conversation:
# cnv_4BQ63AFD7813XV6MP6HNXYBP5S, open, nobody assigned, its customer
# (ctc_26RCP87TYH4ASWKH9APXJ05JD0) waiting for 6 hours.

run "the_planted_conversation_fails_the_audits" {
  command = plan

  # Each check listed must fail, and any other failing check fails the run.
  expect_failures = [
    check.open_conversations_are_assigned,
    check.todays_customers_are_answered_within_4_hours,
  ]

  assert {
    condition     = output.unassigned_ids == tolist(["cnv_4BQ63AFD7813XV6MP6HNXYBP5S"])
    error_message = "The planted conversation should be the one unassigned."
  }

  assert {
    condition     = output.waiting_today_ids == tolist(["cnv_4BQ63AFD7813XV6MP6HNXYBP5S"])
    error_message = "The planted conversation should be the one waiting past 4 hours today."
  }
}

run "the_other_customers_pass_every_audit" {
  command = plan

  variables {
    contact_ids = [
      "ctc_0SHYGAFJ3C5FNNQSG6VJ9QPY7G",
      "ctc_1ZZJRKF73P66PCZMJ0E01QG5DW",
      "ctc_7VPDVVZPEE7E3581FHY2M4Z5FH",
      "ctc_36JASHKTWG7HXK336KB5F1NY3A",
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

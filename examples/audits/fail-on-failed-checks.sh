#!/bin/sh
# Plans the configuration in the current folder, and exits 1 when a check
# block did not pass: terraform plan shows a failed check as a warning and
# exits 0 (a failed precondition or postcondition fails the plan itself).
# Needs a POSIX shell, python3 and the CLI: TF names it (default terraform;
# TF=tofu for OpenTofu). Arguments go to terraform plan (-var-file=...).
set -eu
tf=${TF:-terraform}

# The saved plan holds whatever the data sources read, customers' phone
# numbers included: it goes to a private folder of its own, removed on exit,
# never into the configuration's folder (where `git add .` or an artifact
# upload would pick it up).
plans=$(mktemp -d)
trap 'rm -rf "$plans"' EXIT
"$tf" plan -input=false -no-color -out="$plans/tfplan" "$@"
# A check block's status is "pass", "fail", "error", or "unknown": known only
# at apply, as over a data source whose arguments use timestamp().
"$tf" show -json "$plans/tfplan" | python3 -c '
import json, sys

bad = 0
for check in json.load(sys.stdin).get("checks", []):
    if check["address"]["kind"] != "check" or check["status"] == "pass":
        continue
    bad += 1
    print("check %s: %s" % (check["address"]["to_display"], check["status"]), file=sys.stderr)
    for instance in check.get("instances", []):
        for problem in instance.get("problems", []):
            print("  " + problem["message"], file=sys.stderr)
if bad:
    sys.exit("%d check(s) did not pass at plan" % bad)
'

#!/usr/bin/env bash
# The test suite: unit, sandbox and acceptance tests (TF_ACC=1). Acceptance
# tests drive the terraform on PATH (or TF_ACC_TERRAFORM_PATH). With
# --opentofu, or when there is no terraform at all, they drive OpenTofu,
# built from the Go module proxy on first use. Nothing is ever downloaded
# from a release site: TF_ACC_TERRAFORM_VERSION is ignored.
set -euo pipefail
cd "$(dirname "$0")/.."
unset TF_ACC_TERRAFORM_VERSION
export TF_ACC=1 CHECKPOINT_DISABLE=1

use_tofu=false
[ "${1:-}" = "--opentofu" ] && use_tofu=true
if ! $use_tofu && [ -z "${TF_ACC_TERRAFORM_PATH:-}" ] && ! command -v terraform >/dev/null 2>&1; then
  echo "terraform is not on PATH: running the acceptance tests on OpenTofu." >&2
  use_tofu=true
fi
case "$(basename "${TF_ACC_TERRAFORM_PATH:-}")" in
  tofu*) export TF_ACC_PROVIDER_HOST="${TF_ACC_PROVIDER_HOST:-registry.opentofu.org}" ;;
esac
if $use_tofu; then
  TF_ACC_TERRAFORM_PATH=$(bash scripts/opentofu.sh)
  export TF_ACC_TERRAFORM_PATH TF_ACC_PROVIDER_HOST=registry.opentofu.org
fi
tf="${TF_ACC_TERRAFORM_PATH:-terraform}"
cli_version=$("$tf" version 2>/dev/null | awk '/^(Terraform|OpenTofu) v/ && !seen++')
echo "acceptance tests on $cli_version"
go test -count=1 -timeout 15m ./...

# The CI recipe users copy, run as written on this tree: the GitHub Actions
# workflow of docs/guides/sandbox-in-ci.md
# (examples/testing/.github/workflows/terraform-test.yml, the guide's code
# block) run step by step by scripts/github-job.py, and the script its steps
# run (scripts/sandbox-ci.sh), which builds the provider and the sandbox from
# this tree.
work=$(mktemp -d)
sandbox_pid=""
cleanup() {
  if [ -n "$sandbox_pid" ]; then kill "$sandbox_pid" 2>/dev/null || true; wait "$sandbox_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
workflow=examples/testing/.github/workflows/terraform-test.yml
job() { python3 scripts/github-job.py --cli "$(command -v "$tf")" "$@"; }
# expect_fail NAME WANT... runs the rest of the line, which must fail and
# say every WANT (a grep -E pattern).
expect_fail() {
  local name=$1 out
  shift
  local wants=()
  while [ "$1" != -- ]; do wants+=("$1"); shift; done
  shift
  if out=$("$@" 2>&1); then
    echo "$out" >&2
    echo "$name: passed, and should have failed" >&2
    exit 1
  fi
  for want in "${wants[@]}"; do
    grep -Eq "$want" <<<"$out" || { echo "$out" >&2; echo "$name: failed, but without saying: $want" >&2; exit 1; }
  done
  echo "ok: $name"
}

echo "== the CI recipe fails a configuration without tests (terraform test alone passes it)"
mkdir "$work/untested"
cp examples/testing/main.tf "$work/untested/"
expect_fail "no test, no pass" "terraform test ran no test" -- env TF="$tf" bash scripts/sandbox-ci.sh "$work/untested"

# examples/testing mocks the provider: that needs Terraform 1.7 or OpenTofu
# 1.8 (the suite above runs on older CLIs too; the guide says so).
# internal/cmd/examplecheck holds the same floor for the same folder.
read -r cli minor < <(echo "$cli_version" | sed -E 's/^(Terraform|OpenTofu) v1\.([0-9]+)\..*/\1 \2/')
needs=7
[ "$cli" = OpenTofu ] && needs=8
if [ "${minor:-0}" -lt "$needs" ]; then
  echo "not run: the CI workflow on examples/testing: terraform test with a mocked provider needs Terraform 1.7 or OpenTofu 1.8 ($cli_version)"
  exit 0
fi

echo "== the CI workflow's terraform-test job, as written, on examples/testing"
cp -R examples/testing "$work/tested"
job "$workflow" terraform-test "$work/tested"

echo "== the same job on a configuration with a local module (installed without init)"
cp -R examples/testing "$work/moduled"
mkdir "$work/moduled/window"
printf 'output "hours" {\n  value = 24\n}\n' >"$work/moduled/window/main.tf"
printf '\nmodule "window" {\n  source = "./window"\n}\n' >>"$work/moduled/main.tf"
job "$workflow" terraform-test "$work/moduled"

echo "== a check that fails where no run expects it fails the job"
cp -R examples/testing "$work/unexpected"
# The planted conversation's run, without its expect_failures.
sed -i '/expect_failures = \[/,/\]/d' "$work/unexpected/tests/sandbox.tftest.hcl"
if grep -q expect_failures "$work/unexpected/tests/sandbox.tftest.hcl"; then
  echo "examples/testing/tests/sandbox.tftest.hcl: its expect_failures list is not where this test removes it" >&2
  exit 1
fi
expect_fail "an unexpected failed check" "Check block assertion failed" 'check "open_conversations_are_assigned"' \
  -- job "$workflow" terraform-test "$work/unexpected"

echo "== the CI workflow's audits job, as written, fails on the planted conversation, naming the checks"
# The sandbox stands in for Kirim.chat: the job's only secret is the key.
go build -o "$work/kirimchat-sandbox" ./cmd/kirimchat-sandbox
(cd examples/testing && exec "$work/kirimchat-sandbox" -listen 127.0.0.1:0 -url-file "$work/url" \
  -fixture tests/organization.json -rebase) >"$work/sandbox.log" 2>&1 &
sandbox_pid=$!
for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.1; done
[ -s "$work/url" ] || { cat "$work/sandbox.log" >&2; echo "the sandbox did not start" >&2; exit 1; }
cp -R examples/testing "$work/audited"
export KIRIMCHAT_BASE_URL
KIRIMCHAT_BASE_URL=$(cat "$work/url")
expect_fail "the audits job on a planted conversation" \
  "check check.open_conversations_are_assigned: fail" \
  "check check.todays_customers_are_answered_within_4_hours: fail" \
  "2 check\(s\) did not pass at plan" \
  -- job --secret KIRIMCHAT_API_KEY=kdv_live_sandboxSANDBOXsandbox0 "$workflow" audits "$work/audited"

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

# The CI recipe users copy (scripts/sandbox-ci.sh, docs/guides/sandbox-in-ci.md),
# run as written against examples/testing, with this tree's provider and sandbox.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/plugins/terraform-provider-kirimchat" .
go build -o "$work/kirimchat-sandbox" ./cmd/kirimchat-sandbox
printf 'provider_installation {\n  dev_overrides {\n    "kirimchat/kirimchat" = "%s"\n  }\n  direct {}\n}\n' "$work/plugins" >"$work/cli.tfrc"
cp -R examples/testing "$work/testing"
recipe() {
  TF="$tf" TF_INIT=false TF_CLI_CONFIG_FILE="$work/cli.tfrc" \
    KIRIMCHAT_SANDBOX="$work/kirimchat-sandbox" bash scripts/sandbox-ci.sh "$1"
}

echo "== the CI recipe fails a configuration without tests (terraform test alone passes it)"
mkdir "$work/untested"
cp examples/testing/main.tf "$work/untested/"
if out=$(recipe "$work/untested" 2>&1); then
  echo "$out" >&2
  echo "the CI recipe passed a configuration that has no test" >&2
  exit 1
fi
grep -q "terraform test ran no test" <<<"$out" || { echo "$out" >&2; echo "the CI recipe failed, but not for want of tests" >&2; exit 1; }
echo "ok: $(tail -1 <<<"$out")"

echo "== the CI recipe (scripts/sandbox-ci.sh) on examples/testing"
# examples/testing mocks the provider in one file: that needs Terraform 1.7 or
# OpenTofu 1.8 (the suite above runs on older CLIs too; the recipe says so).
# internal/cmd/examplecheck holds the same floor for the same folder.
read -r cli minor < <(echo "$cli_version" | sed -E 's/^(Terraform|OpenTofu) v1\.([0-9]+)\..*/\1 \2/')
needs=7
[ "$cli" = OpenTofu ] && needs=8
if [ "${minor:-0}" -lt "$needs" ]; then
  echo "not run: terraform test with a mocked provider needs Terraform 1.7 or OpenTofu 1.8 ($cli_version)"
  exit 0
fi
recipe "$work/testing"

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
  echo "acceptance tests on $("$TF_ACC_TERRAFORM_PATH" version 2>/dev/null | awk '/^(Terraform|OpenTofu) v/ && !seen++')"
else
  echo "acceptance tests on $("${TF_ACC_TERRAFORM_PATH:-terraform}" version 2>/dev/null | awk '/^(Terraform|OpenTofu) v/ && !seen++')"
fi
go test -count=1 -timeout 15m ./...

# The CI recipe users copy (scripts/sandbox-ci.sh, docs/guides/sandbox-in-ci.md),
# run as written against examples/testing, with this tree's provider and sandbox.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/plugins/terraform-provider-kirimchat" .
go build -o "$work/kirimchat-sandbox" ./cmd/kirimchat-sandbox
printf 'provider_installation {\n  dev_overrides {\n    "kirimchat/kirimchat" = "%s"\n  }\n  direct {}\n}\n' "$work/plugins" >"$work/cli.tfrc"
cp -R examples/testing "$work/testing"
echo "== the CI recipe (scripts/sandbox-ci.sh) on examples/testing"
TF="${TF_ACC_TERRAFORM_PATH:-terraform}" TF_INIT=false TF_CLI_CONFIG_FILE="$work/cli.tfrc" \
  KIRIMCHAT_SANDBOX="$work/kirimchat-sandbox" bash scripts/sandbox-ci.sh "$work/testing"

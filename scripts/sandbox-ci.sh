#!/usr/bin/env bash
# The CI recipe of docs/guides/sandbox-in-ci.md, run from a checkout of the
# provider's repository at any ref (no release needed): it builds the provider
# and kirimchat-sandbox from that checkout with go, installs the provider
# through dev_overrides in a CLI configuration of its own (a temporary file:
# ~/.terraformrc is neither read nor changed), and never runs `init`, which
# dev_overrides make unnecessary and which fails on a provider the registry
# does not serve; modules are installed with `get`.
#
#   sandbox-ci.sh DIR [SANDBOX FLAG...]
#     Starts kirimchat-sandbox on a free loopback port with the flags (paths
#     in them relative to DIR), such as -fixture tests/organization.json
#     -rebase; runs `terraform test` in DIR against it; fails when no test
#     ran; stops the sandbox whatever happens. A check block that fails in a
#     run fails that run, unless the run lists it in expect_failures.
#   sandbox-ci.sh -audit DIR [PLAN ARG...]
#     No sandbox: plans DIR against the API that KIRIMCHAT_API_KEY (and
#     KIRIMCHAT_BASE_URL, when set) name, and fails when a check block did not
#     pass, with the audits guide's examples/audits/fail-on-failed-checks.sh
#     from the same checkout.
#
# TF names the CLI (default: terraform; tofu for OpenTofu).
set -euo pipefail
audit=false
if [ "${1:-}" = -audit ]; then
  audit=true
  shift
fi
[ $# -ge 1 ] || { echo "usage: sandbox-ci.sh [-audit] DIR [FLAG...]" >&2; exit 2; }
dir=$(cd "$1" && pwd)
shift
repo=$(cd "$(dirname "$0")/.." && pwd)
tf="${TF:-terraform}"

work=$(mktemp -d)
sandbox_pid=""
stop_sandbox() {
  if [ -n "$sandbox_pid" ]; then
    kill "$sandbox_pid" 2>/dev/null || true
    wait "$sandbox_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap stop_sandbox EXIT

echo "building the provider and kirimchat-sandbox from $repo" >&2
go build -C "$repo" -o "$work/plugins/terraform-provider-kirimchat" .
printf 'provider_installation {\n  dev_overrides {\n    "kirimchat/kirimchat" = "%s"\n  }\n  direct {}\n}\n' \
  "$work/plugins" >"$work/cli.tfrc"
export TF_CLI_CONFIG_FILE="$work/cli.tfrc"
# Modules still need installing, which is all `get` does (init would also ask
# the registry for this provider, and fail).
"$tf" -chdir="$dir" get -no-color >&2

if $audit; then
  # A failed check is only a warning to `plan`: this script fails on it.
  cd "$dir"
  TF="$tf" sh "$repo/examples/audits/fail-on-failed-checks.sh" "$@"
  exit
fi

go build -C "$repo" -o "$work/kirimchat-sandbox" ./cmd/kirimchat-sandbox
# Port 0: the sandbox picks a free port and writes its URL to the file.
(cd "$dir" && exec "$work/kirimchat-sandbox" -listen 127.0.0.1:0 -url-file "$work/url" "$@") >"$work/sandbox.log" 2>&1 &
sandbox_pid=$!
for _ in $(seq 100); do
  [ -s "$work/url" ] && break
  if ! kill -0 "$sandbox_pid" 2>/dev/null; then
    cat "$work/sandbox.log" >&2
    echo "the sandbox did not start" >&2
    exit 1
  fi
  sleep 0.1
done
[ -s "$work/url" ] || { echo "the sandbox did not write its URL in 10 s" >&2; exit 1; }
head -n 2 "$work/sandbox.log" >&2

KIRIMCHAT_BASE_URL=$(cat "$work/url")
export KIRIMCHAT_BASE_URL KIRIMCHAT_API_KEY=kdv_live_sandboxSANDBOXsandbox0
# `terraform test` passes when it finds no test file (and before Terraform 1.6
# says only "No tests defined"): a run that tested nothing fails here.
"$tf" -chdir="$dir" test -no-color | tee "$work/test.out"
if ! grep -Eq 'Success! [1-9][0-9]* passed' "$work/test.out"; then
  echo "terraform test ran no test in $dir: it needs .tftest.hcl files, and Terraform 1.6 or OpenTofu 1.6 or later" >&2
  exit 1
fi

#!/usr/bin/env bash
# Checks every example: `fmt` clean, `validate` clean against the provider
# built from this tree (through a dev_overrides CLI config of our own), and
# the `terraform test` example passing against the sandbox.
# TF names the CLI to use (default: terraform on PATH, else OpenTofu).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
tf="${TF:-$(command -v terraform || true)}"
if [ -z "$tf" ]; then
  echo "terraform is not on PATH: checking the examples with OpenTofu." >&2
  tf=$(bash scripts/opentofu.sh)
fi

work=$(mktemp -d)
sandbox_pid=""
cleanup() {
  [ -n "$sandbox_pid" ] && kill "$sandbox_pid" 2>/dev/null && wait "$sandbox_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/plugins/terraform-provider-kirimchat" .
go build -o "$work/kirimchat-sandbox" ./cmd/kirimchat-sandbox
cat >"$work/cli.tfrc" <<CONFIG
provider_installation {
  dev_overrides {
    "kirimchat/kirimchat" = "$work/plugins"
    "hashicorp/kirimchat" = "$work/plugins"
  }
  direct {}
}
CONFIG
export TF_CLI_CONFIG_FILE="$work/cli.tfrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1

status=0
echo "== $(basename "$tf") fmt -check examples/"
if ! "$tf" fmt -check -recursive -diff examples/; then
  echo "examples are not fmt-clean: run 'make fmt'" >&2
  status=1
fi

for dir in $(find examples -name '*.tf' -exec dirname {} \; | sort -u); do
  copy="$work/validate/$dir"
  mkdir -p "$copy" && cp -R "$dir/." "$copy/"
  if out=$("$tf" -chdir="$copy" validate -no-color 2>&1); then
    echo "ok    validate $dir"
  else
    echo "FAIL  validate $dir" >&2
    echo "$out" | sed 's/^/  | /' >&2
    status=1
  fi
done

"$work/kirimchat-sandbox" -listen 127.0.0.1:0 -conversations 120 -url-file "$work/url" >/dev/null 2>&1 &
sandbox_pid=$!
for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.1; done
export KIRIMCHAT_BASE_URL KIRIMCHAT_API_KEY=kdv_live_sandboxSANDBOXsandbox0
KIRIMCHAT_BASE_URL=$(cat "$work/url")
mkdir -p "$work/test" && cp -R examples/testing/. "$work/test/"
if out=$("$tf" -chdir="$work/test" test -no-color 2>&1); then
  echo "ok    test examples/testing ($(echo "$out" | tail -1))"
else
  echo "FAIL  test examples/testing" >&2
  echo "$out" | sed 's/^/  | /' >&2
  status=1
fi
exit $status

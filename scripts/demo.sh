#!/usr/bin/env bash
# The provider's main job in one command, without a Kirim.chat account: build
# the provider, start the sandbox with a realistic organization, run
# plan/apply on examples/quickstart through a temporary dev_overrides CLI
# config, and print a short report. The sandbox is stopped whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

tf=$(command -v terraform || true)
if [ -z "$tf" ]; then
  echo "terraform is not on PATH; using OpenTofu instead." >&2
  tf=$(bash scripts/opentofu.sh)
fi

work=$(mktemp -d)
sandbox_pid=""
cleanup() {
  if [ -n "$sandbox_pid" ] && kill -0 "$sandbox_pid" 2>/dev/null; then
    kill "$sandbox_pid" 2>/dev/null || true
    wait "$sandbox_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
  echo "demo failed: $1" >&2
  [ -n "${2:-}" ] && [ -f "$2" ] && sed 's/^/  | /' "$2" >&2
  exit 1
}

echo "== Building the provider and the sandbox"
go build -o "$work/plugins/terraform-provider-kirimchat" . || fail "the provider does not build"
go build -o "$work/kirimchat-sandbox" ./cmd/kirimchat-sandbox || fail "the sandbox does not build"

"$work/kirimchat-sandbox" -listen 127.0.0.1:0 -seed "${DEMO_SEED:-2026}" -conversations "${DEMO_CONVERSATIONS:-400}" \
  -url-file "$work/url" >"$work/sandbox.out" 2>"$work/sandbox.log" &
sandbox_pid=$!
for _ in $(seq 100); do
  [ -s "$work/url" ] && break
  kill -0 "$sandbox_pid" 2>/dev/null || fail "the sandbox stopped at start" "$work/sandbox.log"
  sleep 0.1
done
[ -s "$work/url" ] || fail "the sandbox did not start within 10 s" "$work/sandbox.log"
head -1 "$work/sandbox.out"
org_id=$(head -1 "$work/sandbox.out" | sed -n 's/.*(\(org_[0-9A-Z]*\)).*/\1/p')

# A CLI configuration of our own: the user's ~/.terraformrc is never read or touched.
cat >"$work/cli.tfrc" <<CONFIG
provider_installation {
  dev_overrides {
    "kirimchat/kirimchat" = "$work/plugins"
  }
  direct {}
}
CONFIG
export TF_CLI_CONFIG_FILE="$work/cli.tfrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
export KIRIMCHAT_BASE_URL KIRIMCHAT_API_KEY=kdv_live_sandboxSANDBOXsandbox0
KIRIMCHAT_BASE_URL=$(cat "$work/url")
cp -R "$root/examples/quickstart" "$work/quickstart"

echo "== $(basename "$tf") plan and apply on examples/quickstart"
vars=(-var "expected_organization_id=$org_id")
"$tf" -chdir="$work/quickstart" plan -input=false -no-color "${vars[@]}" >"$work/plan.log" 2>&1 || fail "plan failed" "$work/plan.log"
"$tf" -chdir="$work/quickstart" apply -input=false -auto-approve -no-color "${vars[@]}" >"$work/apply.log" 2>&1 || fail "apply failed" "$work/apply.log"
requests=$(grep -c ' /v1/' "$work/sandbox.log" || true)
echo "plan and apply read the data sources with $requests API requests (pages of 100)"
echo

"$tf" -chdir="$work/quickstart" output -raw report || fail "no report output"
echo

checks=$(grep -ho '^check "[^"]*"' "$work"/quickstart/*.tf | cut -d'"' -f2)
failed=$(awk '
  /Check block assertion failed/ { state = 1; next }
  state == 1 && match($0, /in check "[^"]+"/) { name = substr($0, RSTART + 10, RLENGTH - 11); next }
  state == 1 && name != "" && /^$/ { state = 2; msg = ""; next }
  state == 2 && /^$/ { printf "%s\t%s\n", name, msg; state = 0; name = ""; next }
  state == 2 { msg = msg (msg == "" ? "" : " ") $0 }
' "$work/apply.log")
echo "Audit: $(echo "$checks" | wc -l) check blocks, $(printf '%s' "$failed" | grep -c . || true) failed (shown by $(basename "$tf") as warnings, not errors)"
for check in $checks; do
  message=$(printf '%s\n' "$failed" | awk -F'\t' -v n="$check" '$1 == n { print $2 }')
  if [ -n "$message" ]; then
    echo "  x $check: $message"
  else
    echo "  ok $check"
  fi
done

#!/usr/bin/env bash
# What an audit costs, for N conversations on the sandbox (default 10,000):
# plan output lines and state bytes of the same unassigned-conversations
# audit written three ways (a data source inside the check block, a shared
# top-level data source, the ephemeral resource), and the requests of a
# 24-hour last_message_after read against a full drain. Prints a Markdown
# table (BENCHMARKS.md). TF names the CLI (default: terraform on PATH).
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10000}"
tf="${TF:-$(command -v terraform)}"

work=$(mktemp -d)
sandbox_pid=""
cleanup() {
  [ -n "$sandbox_pid" ] && kill "$sandbox_pid" 2>/dev/null && wait "$sandbox_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/plugins/terraform-provider-kirimchat" .
go build -o "$work/kirimchat-sandbox" ./cmd/kirimchat-sandbox
printf 'provider_installation {\n  dev_overrides {\n    "kirimchat/kirimchat" = "%s"\n  }\n  direct {}\n}\n' "$work/plugins" >"$work/cli.tfrc"
"$work/kirimchat-sandbox" -listen 127.0.0.1:0 -conversations "$n" -url-file "$work/url" >/dev/null 2>"$work/requests.log" &
sandbox_pid=$!
for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.1; done
export TF_CLI_CONFIG_FILE="$work/cli.tfrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
export KIRIMCHAT_API_KEY=kdv_live_sandboxSANDBOXsandbox0 KIRIMCHAT_BASE_URL
KIRIMCHAT_BASE_URL=$(cat "$work/url")

head='terraform {
  required_providers {
    kirimchat = { source = "kirimchat/kirimchat" }
  }
}
'
declare -A configs
configs[check-scoped]='check "open_conversations_are_assigned" {
  data "kirimchat_conversations" "open" {
    status = "open"
  }
  assert {
    condition     = alltrue([for c in data.kirimchat_conversations.open.conversations : c.assignee != null])
    error_message = "Some open conversations have no assignee."
  }
}'
configs[top-level]='data "kirimchat_conversations" "open" {
  status = "open"
}
check "open_conversations_are_assigned" {
  assert {
    condition     = alltrue([for c in data.kirimchat_conversations.open.conversations : c.assignee != null])
    error_message = "Some open conversations have no assignee."
  }
}'
configs[ephemeral]='ephemeral "kirimchat_conversations" "open" {
  status = "open"
}
check "open_conversations_are_assigned" {
  assert {
    condition     = alltrue([for c in ephemeral.kirimchat_conversations.open.conversations : c.assignee != null])
    error_message = "Some open conversations have no assignee."
  }
}'

requests() { grep -c ' /v1/conversations' "$work/requests.log" || true; }

echo "$("$tf" version | sed -n 1p), $n conversations"
echo
echo "| the audit | plan output lines | state bytes |"
echo "|---|---:|---:|"
for kind in check-scoped top-level ephemeral; do
  dir="$work/$kind"
  mkdir -p "$dir"
  printf '%s%s\n' "$head" "${configs[$kind]}" >"$dir/main.tf"
  # A first apply writes the state; the plan after it is the one every run shows.
  "$tf" -chdir="$dir" apply -auto-approve -input=false -no-color >/dev/null
  lines=$("$tf" -chdir="$dir" plan -input=false -no-color | wc -l)
  bytes=$(wc -c <"$dir/terraform.tfstate")
  echo "| $kind | $lines | $bytes |"
done

echo
echo "| the read | conversations | requests |"
echo "|---|---:|---:|"
for kind in window drain; do
  dir="$work/$kind"
  mkdir -p "$dir"
  args=""
  [ "$kind" = window ] && args='last_message_after = timeadd(plantimestamp(), "-24h")'
  printf '%sdata "kirimchat_conversations" "x" {\n  %s\n}\noutput "n" {\n  value = length(data.kirimchat_conversations.x.ids)\n}\n' "$head" "$args" >"$dir/main.tf"
  before=$(requests)
  "$tf" -chdir="$dir" plan -input=false -no-color -out="$dir/plan" >/dev/null
  after=$(requests)
  count=$("$tf" -chdir="$dir" show -json "$dir/plan" | sed -n 's/.*"n":{"sensitive":false,"value":\([0-9]*\).*/\1/p')
  label="all $n (full drain)"
  # shellcheck disable=SC2016 # backticks of Markdown, not a command
  [ "$kind" = window ] && label='`last_message_after` = 24 h ago'
  echo "| $label | ${count:-?} | $((after - before)) |"
done

#!/usr/bin/env bash
# What an audit costs, on the sandbox. Prints Markdown tables (BENCHMARKS.md,
# docs/guides/audits.md). TF names the CLI (default: terraform on PATH).
#
#   audit-figures.sh [N]            N conversations (default 10,000): plan
#     output lines, state bytes and requests of the same unassigned-
#     conversations audit written four ways (a data source inside the check
#     block, a shared top-level data source, the ephemeral resource, the
#     summary), and the requests of a 24-hour last_message_after read
#     against a full drain.
#   audit-figures.sh --vips V N...  the time of `terraform plan` for "V VIP
#     customers are answered within an hour" over N conversations, written
#     four ways: contains() over a list, contains() over a set, a map lookup,
#     and the summary's contact_ids. The VIPs are the first V contacts of the
#     organization. RUNS plans each (default 3; 1 when the first takes over
#     a minute), the median.
set -euo pipefail
cd "$(dirname "$0")/.."
tf="${TF:-$(command -v terraform)}"

work=$(mktemp -d)
sandbox_pid=""
stop_sandbox() {
  if [ -n "$sandbox_pid" ]; then
    kill "$sandbox_pid" 2>/dev/null && wait "$sandbox_pid" 2>/dev/null
    sandbox_pid=""
  fi
  return 0
}
cleanup() {
  stop_sandbox
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/plugins/terraform-provider-kirimchat" .
go build -o "$work/kirimchat-sandbox" ./cmd/kirimchat-sandbox
printf 'provider_installation {\n  dev_overrides {\n    "kirimchat/kirimchat" = "%s"\n  }\n  direct {}\n}\n' "$work/plugins" >"$work/cli.tfrc"
export TF_CLI_CONFIG_FILE="$work/cli.tfrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
export KIRIMCHAT_API_KEY=kdv_live_sandboxSANDBOXsandbox0 KIRIMCHAT_BASE_URL

# start_sandbox N [FLAG...]: a sandbox of N conversations, logging every
# request to $work/requests.log.
start_sandbox() {
  local n=$1
  shift
  rm -f "$work/url"
  "$work/kirimchat-sandbox" -listen 127.0.0.1:0 -conversations "$n" -url-file "$work/url" "$@" >/dev/null 2>"$work/requests.log" &
  sandbox_pid=$!
  for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.1; done
  KIRIMCHAT_BASE_URL=$(cat "$work/url")
}

# requests [PATH]: how many requests the sandbox has answered (to PATH).
requests() { grep -c " /v1/${1:-}" "$work/requests.log" || true; }

head='terraform {
  required_providers {
    kirimchat = { source = "kirimchat/kirimchat" }
  }
}
'

if [ "${1:-}" = "--vips" ]; then
  v="${2:?usage: audit-figures.sh --vips V N...}"
  shift 2
  [ $# -gt 0 ] || set -- 2000 5000
  list='data "kirimchat_conversations" "open" {
  status = "open"
}
'
  waits='c.unread_count > 0 && (c.last_inbound_at == null ? false : timecmp(c.last_inbound_at, timeadd(plantimestamp(), "-1h")) < 0)'
  declare -A form label
  label[list]='`contains(var.vip_contact_ids, c.contact.id)`, a `list(string)`'
  form[list]='variable "vip_contact_ids" {
  type = list(string)
}
'$list'locals {
  vip_waiting = [
    for c in data.kirimchat_conversations.open.conversations : c.id
    if c.contact == null ? false : contains(var.vip_contact_ids, c.contact.id) && '$waits'
  ]
}'
  label[set]='`contains(var.vip_contact_ids, c.contact.id)`, a `set(string)`'
  form[set]='variable "vip_contact_ids" {
  type = set(string)
}
'$list'locals {
  vip_waiting = [
    for c in data.kirimchat_conversations.open.conversations : c.id
    if c.contact == null ? false : contains(var.vip_contact_ids, c.contact.id) && '$waits'
  ]
}'
  label[map]='`lookup(local.vip, c.contact.id, false)`, a map'
  form[map]='variable "vip_contact_ids" {
  type = set(string)
}
'$list'locals {
  vip = { for id in var.vip_contact_ids : id => true }
  vip_waiting = [
    for c in data.kirimchat_conversations.open.conversations : c.id
    if c.contact == null ? false : lookup(local.vip, c.contact.id, false) && '$waits'
  ]
}'
  label[summary]='`kirimchat_conversation_summary`, `contact_ids`'
  form[summary]='variable "vip_contact_ids" {
  type = set(string)
}
data "kirimchat_conversation_summary" "vip" {
  status              = "open"
  contact_ids         = var.vip_contact_ids
  waiting_longer_than = "1h"
  as_of               = plantimestamp()
}
locals {
  vip_waiting = data.kirimchat_conversation_summary.vip.waiting_ids
}'
  check='
check "vip_customers_are_answered_within_an_hour" {
  assert {
    condition     = length(local.vip_waiting) == 0
    error_message = "${length(local.vip_waiting)} VIP conversation(s) wait: ${join(", ", slice(local.vip_waiting, 0, min(5, length(local.vip_waiting))))}."
  }
}
'
  echo "$("$tf" version | sed -n 1p), $v VIP contacts, $(nproc) cores, the median of ${RUNS:-3} plans (1 past a minute)"
  echo
  echo "| conversations | the VIP lookup | \`terraform plan\` | requests | VIP conversations waiting |"
  echo "|---:|---|---:|---:|---:|"
  for n in "$@"; do
    "$work/kirimchat-sandbox" -conversations "$n" -dump-fixture "$work/fixture.json" >/dev/null
    python3 - "$work/fixture.json" "$v" >"$work/vips.auto.tfvars.json" <<'PY'
import json, sys
contacts = json.load(open(sys.argv[1]))["contacts"][: int(sys.argv[2])]
print(json.dumps({"vip_contact_ids": [c["id"] for c in contacts]}))
PY
    # A bucket no plan empties: the figures are Terraform's and the
    # provider's time, not the rate limit's (the requests column says what a
    # real bucket would have to serve).
    start_sandbox "$n" -reads-per-minute 1000000
    for kind in list set map summary; do
      dir="$work/vips-$n-$kind"
      mkdir -p "$dir"
      printf '%s%s%s' "$head" "${form[$kind]}" "$check" >"$dir/main.tf"
      cp "$work/vips.auto.tfvars.json" "$dir/"
      times=()
      for run in $(seq "${RUNS:-3}"); do
        before=$(requests)
        began=$(date +%s%N)
        "$tf" -chdir="$dir" plan -input=false -no-color >"$dir/plan.out" 2>&1 || { cat "$dir/plan.out" >&2; exit 1; }
        times+=($((($(date +%s%N) - began) / 1000000)))
        made=$(($(requests) - before))
        if [ "${times[0]}" -gt 60000 ]; then break; fi
      done
      ms=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((${#times[@]} + 1) / 2))p")
      waiting=$(sed -n 's/.*\b\([0-9][0-9]*\) VIP conversation(s) wait.*/\1/p' "$dir/plan.out")
      printf '| %s | %s | %d.%d s | %d | %s |\n' "$n" "${label[$kind]}" $((ms / 1000)) $((ms % 1000 / 100)) "$made" "${waiting:-0}"
    done
    stop_sandbox
  done
  exit 0
fi

n="${1:-10000}"
start_sandbox "$n"

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
configs[summary]='data "kirimchat_conversation_summary" "open" {
  status = "open"
  as_of  = plantimestamp()
}
check "open_conversations_are_assigned" {
  assert {
    condition     = data.kirimchat_conversation_summary.open.unassigned_count == 0
    error_message = "Some open conversations have no assignee."
  }
}'

echo "$("$tf" version | sed -n 1p), $n conversations"
echo
echo "| the audit | plan output lines | state bytes | requests (plan) |"
echo "|---|---:|---:|---:|"
for kind in check-scoped top-level ephemeral summary; do
  dir="$work/$kind"
  mkdir -p "$dir"
  printf '%s%s\n' "$head" "${configs[$kind]}" >"$dir/main.tf"
  # A first apply writes the state; the plan after it is the one every run shows.
  "$tf" -chdir="$dir" apply -auto-approve -input=false -no-color >/dev/null
  before=$(requests conversations)
  lines=$("$tf" -chdir="$dir" plan -input=false -no-color | wc -l)
  after=$(requests conversations)
  bytes=$(wc -c <"$dir/terraform.tfstate")
  echo "| $kind | $lines | $bytes | $((after - before)) |"
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
  before=$(requests conversations)
  "$tf" -chdir="$dir" plan -input=false -no-color -out="$dir/plan" >/dev/null
  after=$(requests conversations)
  count=$("$tf" -chdir="$dir" show -json "$dir/plan" | sed -n 's/.*"n":{"sensitive":false,"value":\([0-9]*\).*/\1/p')
  label="all $n (full drain)"
  # shellcheck disable=SC2016 # backticks of Markdown, not a command
  [ "$kind" = window ] && label='`last_message_after` = 24 h ago'
  echo "| $label | ${count:-?} | $((after - before)) |"
done

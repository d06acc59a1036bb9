#!/usr/bin/env bash
# Runs `terraform test` on a configuration against a Kirim.chat sandbox
# started for the run, and stops the sandbox whatever happens: the recipe of
# docs/guides/sandbox-in-ci.md, as a script to copy into your own CI.
#
#   sandbox-ci.sh [DIR]        DIR: the configuration (default: .)
#
# KIRIMCHAT_SANDBOX names the sandbox binary (default: kirimchat-sandbox on
# PATH); TF the CLI (default: terraform); SANDBOX_FLAGS extra sandbox flags,
# such as "-seed 7"; TF_INIT=false skips `init`, for a CLI configuration
# whose dev_overrides already provide the provider (as this repository's
# own run does).
set -euo pipefail
dir="${1:-.}"
sandbox="${KIRIMCHAT_SANDBOX:-kirimchat-sandbox}"
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

# Port 0: the sandbox picks a free port and writes its URL to the file.
# shellcheck disable=SC2086 # SANDBOX_FLAGS is a list of flags
"$sandbox" -listen 127.0.0.1:0 -url-file "$work/url" ${SANDBOX_FLAGS:-} >"$work/sandbox.log" 2>&1 &
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

KIRIMCHAT_BASE_URL=$(cat "$work/url")
export KIRIMCHAT_BASE_URL KIRIMCHAT_API_KEY=kdv_live_sandboxSANDBOXsandbox0
if [ "${TF_INIT:-true}" != false ]; then
  "$tf" -chdir="$dir" init -input=false -backend=false >/dev/null
fi
# `terraform test` passes when it finds no test file (and before Terraform 1.6
# says only "No tests defined"): a run that tested nothing fails here.
"$tf" -chdir="$dir" test -no-color | tee "$work/test.out"
if ! grep -Eq 'Success! [1-9][0-9]* passed' "$work/test.out"; then
  echo "terraform test ran no test in $dir: it needs .tftest.hcl files, and Terraform 1.6 or OpenTofu 1.6 or later" >&2
  exit 1
fi

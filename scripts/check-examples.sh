#!/usr/bin/env bash
# Executes every example against the sandbox (internal/cmd/examplecheck):
# fmt-clean, applied with the provider built from this tree through a CLI
# configuration of its own, each annotated check block passing or failing
# as annotated, and examples/testing's `terraform test` passing; on every
# CLI the README supports: the local terraform, OpenTofu 1.12.6 and the
# oldest terraform supported, 1.5.7 (both built from the Go module proxy on
# first use and cached in .tools/). TF names one CLI to use instead.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${TF:-}" ]; then
  clis=("$TF")
else
  clis=()
  if command -v terraform >/dev/null 2>&1; then clis+=("$(command -v terraform)"); fi
  clis+=("$(bash scripts/opentofu.sh)" "$(bash scripts/terraform.sh 1.5.7)")
fi
CHECKPOINT_DISABLE=1 go run ./internal/cmd/examplecheck "${clis[@]}"

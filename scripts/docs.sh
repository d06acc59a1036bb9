#!/usr/bin/env bash
# Regenerates docs/ with tfplugindocs (pinned in tools/go.mod), offline,
# against the local terraform, or OpenTofu standing in for it. With --check,
# fails when that changed anything: docs/ must be committed up to date.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Our own empty CLI configuration: a missing or personal one must not matter.
: >"$work/empty.tfrc"
export TF_CLI_CONFIG_FILE="$work/empty.tfrc" CHECKPOINT_DISABLE=1
if ! command -v terraform >/dev/null 2>&1; then
  # tfplugindocs looks for a binary named terraform; OpenTofu answers the same commands.
  mkdir -p "$work/bin" && ln -s "$(bash scripts/opentofu.sh)" "$work/bin/terraform"
  export PATH="$work/bin:$PATH"
fi

(cd tools && go generate ./...)

if [ "${1:-}" = "--check" ]; then
  if [ -n "$(git status --porcelain -- docs examples)" ]; then
    git status --short -- docs examples >&2
    git diff -- docs examples >&2
    echo "docs/ or examples/ are stale: run 'make docs' and commit the result." >&2
    exit 1
  fi
  echo "docs/ is up to date"
fi

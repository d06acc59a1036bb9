#!/usr/bin/env bash
# Prints the path of a terraform binary of the given version (default: the
# oldest the README supports), building it from the Go module proxy the
# first time (a few minutes on two cores), then reusing it from .tools/.
# Terraform's module can be built from a writable copy of its module-cache
# folder; nothing is downloaded from a release site.
set -euo pipefail
cd "$(dirname "$0")/.."

version="${1:-${TERRAFORM_VERSION:-1.5.7}}"
out="$PWD/.tools/terraform-$version/terraform"
if [ -x "$out" ]; then
  echo "$out"
  exit 0
fi

src=$(go mod download -json "github.com/hashicorp/terraform@v$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
if [ -z "$src" ] || [ ! -d "$src" ]; then
  echo "could not download github.com/hashicorp/terraform@v$version" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
cp -R "$src/." "$work/"
chmod -R u+w "$work"
mkdir -p "$(dirname "$out")"
echo "building terraform $version (first time only, a few minutes)..." >&2
(cd "$work" && GOFLAGS=-mod=mod go build -trimpath -o "$out" .) >&2
echo "$out"

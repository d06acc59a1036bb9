#!/usr/bin/env bash
# Prints the path of an OpenTofu binary, building it from the Go module proxy
# the first time (about ten minutes on two cores), then reusing it.
# OpenTofu's module has replace directives, so `go install` cannot build it;
# a writable copy of its module-cache folder can.
set -euo pipefail
cd "$(dirname "$0")/.."

version="${OPENTOFU_VERSION:-1.12.6}"
out="$PWD/.tools/opentofu-$version/tofu"
if [ -x "$out" ]; then
  echo "$out"
  exit 0
fi

src=$(go mod download -json "github.com/opentofu/opentofu@v$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
if [ -z "$src" ] || [ ! -d "$src" ]; then
  echo "could not download github.com/opentofu/opentofu@v$version" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
cp -R "$src/." "$work/"
chmod -R u+w "$work"
mkdir -p "$(dirname "$out")"
echo "building OpenTofu $version (first time only, about ten minutes)..." >&2
(cd "$work" && GOFLAGS=-mod=mod go build -trimpath -o "$out" ./cmd/tofu) >&2
echo "$out"

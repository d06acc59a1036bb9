#!/usr/bin/env bash
# Prints the path of a CLI built from the Go module proxy, building it the
# first time and reusing it from .tools/ after:
#
#   build-cli.sh NAME BINARY MODULE VERSION PACKAGE     (into .tools/NAME-VERSION/BINARY)
#
# The module is built in a writable copy of its module-cache folder (its
# replace directives keep `go install` from building it); nothing is
# downloaded from a release site. opentofu.sh and terraform.sh call it.
set -euo pipefail
cd "$(dirname "$0")/.."
name=$1 binary=$2 module=$3 version=$4 package=$5

out="$PWD/.tools/$name-$version/$binary"
if [ -x "$out" ]; then
  echo "$out"
  exit 0
fi
began=$SECONDS # the download included
src=$(go mod download -json "$module@v$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
if [ -z "$src" ] || [ ! -d "$src" ]; then
  echo "could not download $module@v$version" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
cp -R "$src/." "$work/"
chmod -R u+w "$work"
mkdir -p "$(dirname "$out")"
echo "building $name $version from $module (first time only, minutes)..." >&2
(cd "$work" && GOFLAGS=-mod=mod go build -trimpath -o "$out" "$package") >&2
echo "built $name $version in $((SECONDS - began)) s (CI logs keep the figure)" >&2
echo "$out"

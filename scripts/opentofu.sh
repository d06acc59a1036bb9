#!/usr/bin/env bash
# Prints the path of an OpenTofu binary (OPENTOFU_VERSION, default 1.12.6),
# built from the Go module proxy the first time (2m14s on two cores with an
# empty module and build cache), then reused from .tools/.
set -euo pipefail
exec bash "$(dirname "$0")/build-cli.sh" opentofu tofu github.com/opentofu/opentofu "${OPENTOFU_VERSION:-1.12.6}" ./cmd/tofu

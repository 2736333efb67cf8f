#!/usr/bin/env bash
# Packs what a llama-server build needs from a llama.cpp git directory (bare or not) into one
# xz-compressed tarball, plus gguf-py (the model writer's GGUF library). Runs where the git history is;
# the GPU machine only unpacks the result. The llama.cpp source is never committed to this repository.
#
#   scripts/llamacpp/source-subset.sh GIT_DIR [COMMIT] OUT.tar.xz
#
# The tarball unpacks to llama.cpp/ and holds llama.cpp/COMMIT (the full commit id) for the records.
set -euo pipefail

if [[ $# -lt 2 || $# -gt 3 ]]; then
  echo "usage: $0 GIT_DIR [COMMIT] OUT.tar.xz" >&2
  exit 2
fi
git_dir=$1
if [[ $# -eq 3 ]]; then commit=$2; out=$3; else commit=HEAD; out=$2; fi
if ! git -C "$git_dir" rev-parse --git-dir >/dev/null 2>&1; then
  echo "$git_dir is not a git directory" >&2
  exit 2
fi
full=$(git -C "$git_dir" rev-parse --verify "$commit^{commit}")

# The top CMakeLists adds ggml, src, common, vendor/cpp-httplib and tools/ (whose CMakeLists adds every
# tool, so every tool's CMake files must exist even though only llama-server is built); tools/ui needs
# scripts/ui-assets.cmake even with the web UI off. Tests, examples and pocs stay out (their options are
# off in build.sh). The excludes drop web-UI sources, media fixtures and Python tests no build reads.
paths=(CMakeLists.txt LICENSE cmake common ggml include src tools vendor licenses scripts/ui-assets.cmake gguf-py)
excludes=(
  ':(exclude)tools/ui/src' ':(exclude)tools/ui/tests' ':(exclude)tools/ui/static' ':(exclude)tools/ui/package-lock.json'
  ':(exclude)tools/server/tests' ':(exclude)tools/server/bench' ':(exclude)tools/mtmd/test-*' ':(exclude)gguf-py/tests'
)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git -C "$git_dir" archive --format=tar --prefix=llama.cpp/ "$full" -- "${paths[@]}" "${excludes[@]}" >"$tmp/src.tar" 2>"$tmp/archive.err" || {
  cat "$tmp/archive.err" >&2
  exit 1
}
mkdir -p "$tmp/extra/llama.cpp"
echo "$full" >"$tmp/extra/llama.cpp/COMMIT"
tar -C "$tmp/extra" -rf "$tmp/src.tar" llama.cpp/COMMIT
mkdir -p "$(dirname "$out")"
xz -T0 -6 -c "$tmp/src.tar" >"$out.part"
mv "$out.part" "$out"
echo "$out: llama.cpp $full, $(($(stat -c %s "$out") / 1024)) KiB"

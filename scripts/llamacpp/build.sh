#!/usr/bin/env bash
# Builds llama.cpp's llama-server (and nothing else) from a source tree: Release, no web UI, no
# OpenSSL, ninja on every core. CUDA for sm_90 (H100/H200) by default; --cpu builds the CPU backend
# only (for checking the scripts on a machine without a GPU). Skips the build when BUILD_DIR already
# holds a llama-server built from the same commit with the same options.
#
#   scripts/llamacpp/build.sh [--cpu] [--cuda-arch 90] SRC_DIR BUILD_DIR
#
# Option names checked against that source's CMake files (commit d32676d7): LLAMA_BUILD_UI,
# LLAMA_USE_PREBUILT_UI (the UI would otherwise be downloaded), LLAMA_OPENSSL, LLAMA_BUILD_TESTS,
# LLAMA_BUILD_EXAMPLES, LLAMA_BUILD_APP, LLAMA_BUILD_SERVER (CMakeLists.txt); GGML_CUDA, GGML_NATIVE
# (ggml/CMakeLists.txt); CMAKE_CUDA_ARCHITECTURES (ggml/src/ggml-cuda/CMakeLists.txt). LLAMA_CURL is
# gone (a deprecation warning), so it is not passed.
set -euo pipefail

backend=cuda
arch=90
args=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --cpu) backend=cpu; shift ;;
    --cuda-arch) arch=$2; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) args+=("$1"); shift ;;
  esac
done
if [[ ${#args[@]} -ne 2 ]]; then
  echo "usage: $0 [--cpu] [--cuda-arch 90] SRC_DIR BUILD_DIR" >&2
  exit 2
fi
src=$(cd "${args[0]}" && pwd)
build=${args[1]}
[[ -f $src/CMakeLists.txt && -d $src/tools/server ]] || { echo "$src is not a llama.cpp source tree (no tools/server)" >&2; exit 2; }

commit=$(cat "$src/COMMIT" 2>/dev/null || git -C "$src" rev-parse HEAD 2>/dev/null || echo unknown)
flags=(
  -G Ninja
  -DCMAKE_BUILD_TYPE=Release
  -DBUILD_SHARED_LIBS=OFF
  -DLLAMA_BUILD_UI=OFF -DLLAMA_USE_PREBUILT_UI=OFF
  -DLLAMA_OPENSSL=OFF
  -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_APP=OFF
  -DLLAMA_BUILD_TOOLS=ON -DLLAMA_BUILD_SERVER=ON
)
if [[ $backend == cuda ]]; then
  if ! command -v nvcc >/dev/null; then
    for d in /usr/local/cuda/bin /usr/local/cuda-*/bin; do
      [[ -x $d/nvcc ]] && { export PATH=$d:$PATH; break; }
    done
  fi
  command -v nvcc >/dev/null || { echo "nvcc not found (install the CUDA toolkit or pass --cpu)" >&2; exit 2; }
  flags+=(-DGGML_CUDA=ON "-DCMAKE_CUDA_ARCHITECTURES=$arch" -DGGML_NATIVE=ON)
else
  flags+=(-DGGML_CUDA=OFF -DGGML_NATIVE=ON)
fi

stamp="$build/.scoot-build"
want="$commit ${flags[*]}"
if [[ -x $build/bin/llama-server && -f $stamp && "$(cat "$stamp")" == "$want" ]]; then
  echo "llama-server already built in $build ($backend, llama.cpp $commit)"
  exit 0
fi

jobs=$(nproc)
t0=$(date +%s)
cmake -S "$src" -B "$build" "${flags[@]}" >"$build.configure.log" 2>&1 || { tail -n 40 "$build.configure.log" >&2; exit 1; }
t1=$(date +%s)
cmake --build "$build" --target llama-server -j "$jobs" >"$build.build.log" 2>&1 || { tail -n 60 "$build.build.log" >&2; exit 1; }
t2=$(date +%s)
echo "$want" >"$stamp"
echo "built $build/bin/llama-server ($backend, llama.cpp $commit): configure $((t1 - t0)) s, build $((t2 - t1)) s on $jobs cores"

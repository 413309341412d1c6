#!/usr/bin/env bash
# Configures and builds Crema with CUDA (-DCPU_ONLY=OFF) in build-cuda/.
#
#   scripts/build_cuda.sh [extra cmake arguments...]
#
# Environment:
#   CUDA_HOME        CUDA toolkit root (default /usr/local/cuda)
#   CUDA_ARCHS       CMAKE_CUDA_ARCHITECTURES (default: native when a GPU is
#                    visible, else "80;90")
#   BUILD_DIR        build directory (default build-cuda)
#   JOBS             parallel jobs (default: number of cores)
#   TARGETS          ninja targets (default: all)
# Any further arguments go to cmake, e.g. -DUSE_CUDNN=OFF.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cuda_home="${CUDA_HOME:-/usr/local/cuda}"
build_dir="${BUILD_DIR:-$root/build-cuda}"
jobs="${JOBS:-$(nproc)}"

if [[ ! -x "$cuda_home/bin/nvcc" ]]; then
  echo "build_cuda.sh: no nvcc under $cuda_home (set CUDA_HOME)" >&2
  exit 1
fi

if [[ -z "${CUDA_ARCHS:-}" ]]; then
  if command -v nvidia-smi >/dev/null && nvidia-smi -L >/dev/null 2>&1; then
    CUDA_ARCHS=native
  else
    CUDA_ARCHS="80;90"
  fi
fi

launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache
            -DCMAKE_CUDA_COMPILER_LAUNCHER=ccache)
fi

generator=()
if command -v ninja >/dev/null; then generator=(-G Ninja); fi

mkdir -p "$build_dir"
cmake -S "$root" -B "$build_dir" "${generator[@]}" "${launcher[@]}" \
  -DCPU_ONLY=OFF \
  -DCMAKE_CUDA_COMPILER="$cuda_home/bin/nvcc" \
  -DCUDAToolkit_ROOT="$cuda_home" \
  -DCMAKE_CUDA_ARCHITECTURES="$CUDA_ARCHS" \
  "$@"
# shellcheck disable=SC2086
cmake --build "$build_dir" --parallel "$jobs" ${TARGETS:+--target $TARGETS}

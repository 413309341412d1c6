#!/usr/bin/env bash
# Configures (Release) and builds Crema into build/ (or $BUILD_DIR). Extra
# arguments go to CMake, e.g. `bash scripts/build.sh -DCPU_ONLY=OFF`.
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${BUILD_DIR:-build}
configure=(-S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release)
# The generator of an existing build folder cannot change.
if [ ! -f "$build_dir/CMakeCache.txt" ] && command -v ninja >/dev/null; then
  configure+=(-G Ninja)
fi
if command -v ccache >/dev/null; then
  configure+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi

cmake "${configure[@]}" "$@"
cmake --build "$build_dir" -j "$(nproc)"

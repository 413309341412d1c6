#!/usr/bin/env bash
# Configures and builds the sanitized tree that scripts/sanitize_tests.sh
# and scripts/fuzz.sh share: clang 16, ASan and UBSan, and the libFuzzer
# targets, in build-fuzz/ (or $BUILD_DIR). Arguments are the targets to
# build (default: the tests and the fuzzers).
#   CXX=g++ BUILD_DIR=build-sanitize bash scripts/build_sanitized.sh test_sanitized
# builds the same sanitizers with gcc, without fuzzers (they need clang).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install_fuzz_deps.sh

build_dir=${BUILD_DIR:-build-fuzz}
cxx=${CXX:-clang++-16}
case "$cxx" in
  *clang*) cc=${cxx/clang++/clang}; fuzzers=ON; line_tables=-gline-tables-only ;;
  *) cc=${cxx/g++/gcc}; fuzzers=OFF; line_tables=-g1 ;;
esac
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(test_sanitized)
  [ "$fuzzers" = ON ] && targets+=(fuzzers)
fi

# -O1 with line tables only: stacks name file and line, and the build takes
# much less time than -O2 -g (it runs on small CI machines). pycaffe and the
# MPI backend are left out: their tests run in the main build.
configure=(-S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo
           "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 $line_tables -DNDEBUG"
           "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 $line_tables -DNDEBUG"
           -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx"
           -DSANITIZE=address,undefined -DBUILD_FUZZERS="$fuzzers"
           -DBUILD_python=OFF -DUSE_MPI=OFF)
if [ ! -f "$build_dir/CMakeCache.txt" ] && command -v ninja >/dev/null; then
  configure+=(-G Ninja)
fi
if command -v ccache >/dev/null; then
  configure+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
# The build runs the test binary to list its tests (gtest_discover_tests).
source scripts/sanitizer_env.sh
cmake "${configure[@]}"
cmake --build "$build_dir" -j "${JOBS:-$(nproc)}" --target "${targets[@]}"

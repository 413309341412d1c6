#!/usr/bin/env bash
# Builds the part of the suite listed in tests/CMakeLists.txt
# (test_sanitized: parsers and upgrades, net construction and its errors,
# weights, blobs and memory, a few layers forward and backward, the solvers,
# the databases, data loading and transformation) with AddressSanitizer and
# UndefinedBehaviorSanitizer (scripts/build_sanitized.sh: build-fuzz/ with
# clang 16, shared with the fuzzers) and runs it, one shard per core.
# Exits non-zero on any failure or finding.
#   CXX=g++ BUILD_DIR=build-sanitize bash scripts/sanitize_tests.sh
# does the same with gcc's sanitizers.
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${BUILD_DIR:-build-fuzz}
bash scripts/build_sanitized.sh test_sanitized
source scripts/sanitizer_env.sh
# Tests ask for allocations no machine has, to see the OutOfMemoryError.
export ASAN_OPTIONS=${ASAN_OPTIONS:-allocator_may_return_null=1}

shards=${JOBS:-$(nproc)}
logs=$build_dir/sanitize-logs
mkdir -p "$logs"
pids=()
for ((shard = 0; shard < shards; shard++)); do
  GTEST_TOTAL_SHARDS=$shards GTEST_SHARD_INDEX=$shard \
    "$build_dir/tests/test_sanitized" > "$logs/shard$shard.log" 2>&1 &
  pids+=($!)
done
failed=0
for ((shard = 0; shard < shards; shard++)); do
  if wait "${pids[$shard]}"; then
    grep -E '^\[  PASSED  \]' "$logs/shard$shard.log" | sed "s/^/shard $shard: /"
  else
    echo "FAIL shard $shard of the sanitized tests ($logs/shard$shard.log):"
    grep -E '^\[  FAILED  \]|^==[0-9]+==ERROR|runtime error|^SUMMARY' \
      "$logs/shard$shard.log" | head -20
    failed=1
  fi
done
exit $failed

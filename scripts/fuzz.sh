#!/usr/bin/env bash
# Builds the libFuzzer targets (build-fuzz/, clang 16, ASan + UBSan),
# replays every input under fuzz/regressions/<target>/ (each crash ever
# found), then fuzzes each target for the given seconds (default 60) from
# its seed corpus under fuzz/corpus/<target>/. Exits non-zero if any input
# crashes, trips a sanitizer or a CHECK, leaks, or runs over 10 s.
#   bash scripts/fuzz.sh [seconds_per_target]
# FUZZ_TARGETS="datum caffemodel" picks targets; logs, new inputs and
# crashing inputs go to $FUZZ_OUT (default build-fuzz/fuzz-out/).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

seconds=${1:-60}
build_dir=${BUILD_DIR:-build-fuzz}
out=${FUZZ_OUT:-$build_dir/fuzz-out}
bash scripts/build_sanitized.sh fuzzers
source scripts/sanitizer_env.sh
# A huge allocation asked for by the input fails (and the library turns the
# failure into caffe::OutOfMemoryError) instead of ending the run: large
# but valid nets are not bugs. Memory that is really used still counts
# against -rss_limit_mb.
export ASAN_OPTIONS=${ASAN_OPTIONS:-allocator_may_return_null=1:max_allocation_size_mb=512}

# The longest input worth trying, per target: text nets need room, binary
# files of the small net are a few KB.
declare -A max_len=([net_prototxt]=16384 [net_upgrade]=16384
                    [caffemodel]=8192 [solverstate]=8192
                    [mean_binaryproto]=4096 [datum]=4096)
targets=(${FUZZ_TARGETS:-net_prototxt net_upgrade caffemodel solverstate mean_binaryproto datum})

mkdir -p "$out"
out=$(cd "$out" && pwd)
# Layers may write files (HDF5Output): the runs happen in a scratch folder.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"

failed=()
for target in "${targets[@]}"; do
  fuzzer=$root/$build_dir/fuzz/fuzz_$target
  flags=(-max_len="${max_len[$target]}" -timeout=10 -rss_limit_mb=2048)
  regressions=$root/fuzz/regressions/$target
  if [ -d "$regressions" ] && [ -n "$(ls -A "$regressions")" ]; then
    echo "== $target: replaying $(ls "$regressions" | wc -l) regression input(s)"
    if ! "$fuzzer" "${flags[@]}" "$regressions"/* > "$out/$target.regressions.log" 2>&1; then
      echo "FAIL $target: a regression input crashes again ($out/$target.regressions.log)"
      failed+=("$target(regression)")
    fi
  fi
  echo "== $target: fuzzing for ${seconds}s"
  # New inputs go to the first folder, never into the committed seeds.
  mkdir -p "$out/corpus/$target" "$out/crashes/$target"
  if "$fuzzer" "${flags[@]}" -max_total_time="$seconds" -print_final_stats=1 \
      -artifact_prefix="$out/crashes/$target/" \
      "$out/corpus/$target" "$root/fuzz/corpus/$target" \
      > "$out/$target.log" 2>&1; then
    grep -E '^#[0-9]+[[:space:]]+DONE' "$out/$target.log" | tail -1 || true
    grep -E 'stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$out/$target.log" | tr '\n' ' '
    echo
  else
    echo "FAIL $target: see $out/$target.log; the input is in $out/crashes/$target/"
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|Check failed)' "$out/$target.log" | head -5 || true
    failed+=("$target")
  fi
done

if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzz: failures in ${failed[*]}"
  exit 1
fi
echo "fuzz: no failures in ${targets[*]}"

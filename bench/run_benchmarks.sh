#!/usr/bin/env bash
# Whole-net benchmarks with the caffe tool (see bench/README.md):
#   - `caffe time` (forward + backward, per layer) for LeNet (batch 64, the
#     Fashion-MNIST training net) and CaffeNet (batch 10), at 1 and 2 threads;
#   - LeNet training speed in iterations per second, at 1 and 2 threads.
# Needs a build (scripts/build.sh) and the Fashion-MNIST LMDBs
# (scripts/train_fashion_mnist.sh creates both). Full logs go to
# build/bench_logs/. ITERATIONS (default 20) and TRAIN_ITERATIONS (default 500)
# change the lengths.
set -euo pipefail
cd "$(dirname "$0")/.."

caffe=${BUILD_DIR:-build}/tools/caffe
# Idle OpenMP threads sleep rather than spin (see bench/README.md).
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
iterations=${ITERATIONS:-20}
train_iterations=${TRAIN_ITERATIONS:-500}
logs=${BUILD_DIR:-build}/bench_logs
mkdir -p "$logs"

if [ ! -x "$caffe" ]; then
  echo "run_benchmarks: $caffe is missing; run scripts/build.sh first" >&2
  exit 1
fi
if [ ! -d data/fashion_mnist/fashion_mnist_train_lmdb ]; then
  echo "run_benchmarks: no Fashion-MNIST LMDB; run scripts/train_fashion_mnist.sh first" >&2
  exit 1
fi

# Runs caffe with the given thread count, its output in a log file.
run_caffe() {
  local threads=$1 log=$2
  shift 2
  if ! OMP_NUM_THREADS=$threads "$caffe" "$@" --threads="$threads" >"$log" 2>&1; then
    echo "run_benchmarks: caffe $* failed:" >&2
    tail -n 1 "$log" >&2
    exit 1
  fi
}

# Prints the number after "<label>" in a log, without " ms.".
value() { grep -o "$2[0-9.e+-]*" "$1" | tail -n 1 | sed "s/^$2//"; }

echo "| net | threads | forward (ms) | backward (ms) | forward-backward (ms) |"
echo "| --- | --- | --- | --- | --- |"
for net in lenet caffenet; do
  case $net in
    lenet) model=examples/fashion_mnist/lenet_train_test.prototxt ;;
    caffenet) model=models/bvlc_reference_caffenet/deploy.prototxt ;;
  esac
  for threads in 1 2; do
    log=$logs/time_${net}_${threads}t.log
    run_caffe "$threads" "$log" time --model="$model" --iterations="$iterations"
    echo "| $net | $threads | $(value "$log" 'Average Forward pass: ') |" \
         "$(value "$log" 'Average Backward pass: ') |" \
         "$(value "$log" 'Average Forward-Backward: ') |"
  done
done

# Training speed: the Fashion-MNIST solver without test nets or snapshots.
solver=$logs/lenet_bench_solver.prototxt
sed -e "s/^max_iter:.*/max_iter: $train_iterations/" \
    -e '/^test_iter:/d' -e '/^test_interval:/d' \
    -e 's/^snapshot:.*/snapshot: 0/' \
    examples/fashion_mnist/lenet_solver.prototxt >"$solver"
echo "snapshot_after_train: false" >>"$solver"
echo
echo "| LeNet training | threads | iterations/s |"
echo "| --- | --- | --- |"
for threads in 1 2; do
  log=$logs/train_lenet_${threads}t.log
  start=$(date +%s.%N)
  run_caffe "$threads" "$log" train --solver="$solver"
  end=$(date +%s.%N)
  rate=$(awk -v n="$train_iterations" -v a="$start" -v b="$end" \
         'BEGIN { printf "%.1f", n / (b - a) }')
  echo "| batch 64 | $threads | $rate |"
done

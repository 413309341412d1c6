#!/usr/bin/env bash
# Data-pipeline throughput (see bench/README.md, "Data throughput"):
#   1. convert_imageset on COUNT (default 10000) synthetic SIZE x SIZE
#      (default 32) JPEGs: raw pixels and --encoded, each as is and resized to
#      RESIZE x RESIZE (default 64); images per second of wall time.
#   2. The Data layer reading an encoded LMDB of LAYER_COUNT (default 1000)
#      256 x 256 JPEGs with CaffeNet's transformation (crop 227, mirror,
#      mean_value), batch 50, LAYER_BATCHES (default 40) timed batches, at
#      OMP_NUM_THREADS 1 and 2 (bench/data_layer_throughput.cpp).
#   Each figure of 1 and 2 is the best of REPEAT (default 3) runs.
#   3. `caffe time` of a CaffeNet training net (batch 10, SoftmaxWithLoss)
#      fed by that Data layer, against the same net fed by DummyData, at 1
#      and 2 threads: if prefetching keeps up, the Data layer's forward time
#      is only the copy of a ready batch.
# Needs a build with the tools and bench programs (ninja in build/). Work
# files and logs go to build/data_bench/ (removed first).
set -euo pipefail
cd "$(dirname "$0")/.."

build=${BUILD_DIR:-build}
count=${COUNT:-10000}
size=${SIZE:-32}
resize=${RESIZE:-64}
layer_count=${LAYER_COUNT:-1000}
layer_batches=${LAYER_BATCHES:-40}
iterations=${ITERATIONS:-10}
repeat=${REPEAT:-3}
work=$build/data_bench
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}

for program in tools/convert_imageset tools/caffe bench/make_jpegs \
               bench/data_layer_throughput; do
  if [ ! -x "$build/$program" ]; then
    echo "data_throughput: $build/$program is missing; build first (ninja)" >&2
    exit 1
  fi
done
rm -rf "$work"
mkdir -p "$work/small" "$work/large"

now() { date +%s.%N; }
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.0f", n / (b - a) }'; }

# Runs a command quietly into a log; on failure shows the log's end.
run() {
  local log=$1
  shift
  if ! "$@" >"$log" 2>&1; then
    echo "data_throughput: $* failed:" >&2
    tail -n 3 "$log" >&2
    exit 1
  fi
}

echo "Generating $count ${size}x${size} JPEGs and $layer_count 256x256 JPEGs..."
run "$work/make_small.log" "$build/bench/make_jpegs" "$work/small" "$count" "$size"
run "$work/make_large.log" "$build/bench/make_jpegs" "$work/large" "$layer_count" 256

echo
echo "| convert_imageset, $count ${size}x${size} JPEGs | seconds | images/s |"
echo "| --- | --- | --- |"
# Best (shortest) of $repeat runs: the machine may be shared.
convert() {
  local label=$1 name=$2
  shift 2
  local start end seconds best=""
  for ((i = 0; i < repeat; ++i)); do
    rm -rf "$work/db_$name"
    start=$(now)
    run "$work/convert_$name.log" "$build/tools/convert_imageset" "$@" \
      "$work/small/" "$work/small/list.txt" "$work/db_$name"
    end=$(now)
    seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
    if [ -z "$best" ] || awk -v s="$seconds" -v b="$best" 'BEGIN { exit !(s < b) }'; then
      best=$seconds
    fi
  done
  echo "| $label | $best | $(awk -v n="$count" -v s="$best" 'BEGIN { printf "%.0f", n / s }') |"
}
convert "raw pixels" raw
convert "--encoded" encoded --encoded
convert "raw, resized to ${resize}x${resize}" raw_resized \
  --resize_width="$resize" --resize_height="$resize"
convert "--encoded, resized to ${resize}x${resize}" encoded_resized --encoded \
  --resize_width="$resize" --resize_height="$resize"

run "$work/convert_large.log" "$build/tools/convert_imageset" --encoded \
  "$work/large/" "$work/large/list.txt" "$work/lmdb_256"

echo
echo "| Data layer, encoded 256x256 JPEG LMDB, crop 227 + mirror + mean, batch 50 | OMP_NUM_THREADS | busy work per batch (ms) | images/s | mean Forward time (ms) | cores used |"
echo "| --- | --- | --- | --- | --- | --- |"
# The number after "NAME: " in the log.
field() { sed -n "s/.*$2: \([0-9.]*\).*/\1/p" "$1"; }
# Best (highest images/s) of $repeat runs.
layer_run() {
  local threads=$1 compute_ms=$2 log=$work/layer_${1}t_${2}ms.log
  local best=0 best_forward="" best_cores="" rate
  for ((i = 0; i < repeat; ++i)); do
    OMP_NUM_THREADS=$threads run "$log" "$build/bench/data_layer_throughput" \
      "$work/lmdb_256" 50 "$layer_batches" 227 "$compute_ms"
    rate=$(field "$log" 'images\/s')
    if awk -v r="$rate" -v b="$best" 'BEGIN { exit !(r > b) }'; then
      best=$rate
      best_forward=$(field "$log" 'Forward time (ms)')
      best_cores=$(field "$log" 'cores used')
    fi
  done
  echo "| $layer_batches batches after the prefetch queue is drained | $threads | $compute_ms | $best | $best_forward | $best_cores |"
}
layer_run 1 0
layer_run 2 0
# A consumer needing 50 images per 100 ms (500 images/s) of its own work.
layer_run 1 100

# CaffeNet training nets: the deploy definition with its Input layer replaced
# by the given data layer, and the softmax turned into SoftmaxWithLoss.
caffenet_train() {
  local data_layer=$1
  echo "name: \"CaffeNetTrain\""
  echo "$data_layer"
  awk 'started { print } /^}/ && !started { started = 1 }' \
    models/bvlc_reference_caffenet/deploy.prototxt |
    sed -e 's/type: "Softmax"/type: "SoftmaxWithLoss"/' \
        -e 's/top: "prob"/top: "loss"/' \
        -e '/name: "prob"/,/^}/ s/bottom: "fc8"/bottom: "fc8"\n  bottom: "label"/'
}
caffenet_train "layer { name: \"data\" type: \"Data\" top: \"data\" top: \"label\"
  data_param { source: \"$work/lmdb_256\" backend: LMDB batch_size: 10 }
  transform_param { crop_size: 227 mirror: true
    mean_value: 104 mean_value: 117 mean_value: 123 } }" >"$work/caffenet_data.prototxt"
caffenet_train "layer { name: \"data\" type: \"DummyData\" top: \"data\" top: \"label\"
  dummy_data_param { shape { dim: 10 dim: 3 dim: 227 dim: 227 } shape { dim: 10 }
    data_filler { type: \"gaussian\" std: 50 }
    data_filler { type: \"constant\" value: 0 } } }" >"$work/caffenet_dummy.prototxt"

value() {
  sed -n "s/.*$2\([0-9.]*\) ms.*/\1/p" "$1" | tail -n 1 |
    awk '{ printf "%.1f", $1 }'
}
echo
echo "| CaffeNet train net, batch 10 ($iterations iterations) | threads | data layer forward (ms) | forward-backward (ms) | \"Waiting for data\" lines |"
echo "| --- | --- | --- | --- | --- |"
for threads in 1 2; do
  for input in data dummy; do
    log=$work/time_${input}_${threads}t.log
    OMP_NUM_THREADS=$threads run "$log" "$build/tools/caffe" time \
      --model="$work/caffenet_$input.prototxt" --iterations="$iterations" \
      --threads="$threads"
    label="Data layer (LMDB, JPEG decode + transform)"
    [ "$input" = dummy ] && label="DummyData"
    echo "| $label | $threads | $(value "$log" 'data[[:space:]]forward: ') | $(value "$log" 'Average Forward-Backward: ') | $(grep -c 'Waiting for data' "$log" || true) |"
  done
done

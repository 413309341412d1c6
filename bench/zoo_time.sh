#!/usr/bin/env bash
# The `caffe time` table of bench/README.md: GoogLeNet, ResNet-50 and
# SqueezeNet 1.1 at batch 10 of 3x224x224 (random weights), on 1 and 2
# threads, Crema's forward and forward+backward beside OpenCV DNN's forward
# of the same net (bench/opencv_forward, which alternates Crema and OpenCV
# passes so that both see the same load). Each figure is the median of
# ROUNDS runs (default 3) of ITERATIONS passes (default 5). Needs a build
# with the caffe tool and bench/opencv_forward (OpenCV enabled). Logs go to
# build/bench_logs/zoo_*.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${BUILD_DIR:-build}
caffe=$build/tools/caffe
opencv_forward=$build/bench/opencv_forward
iterations=${ITERATIONS:-5}
rounds=${ROUNDS:-3}
logs=$build/bench_logs
mkdir -p "$logs"
for program in "$caffe" "$opencv_forward"; do
  if [ ! -x "$program" ]; then
    echo "zoo_time: $program is missing; build it first" >&2
    exit 1
  fi
done

# The deploy definition with batch 10 and 224x224 inputs, in the log folder.
batch10() {
  local name=$1 source=$2 out=$logs/zoo_$1.prototxt
  sed -e '0,/input_dim: 1$/s//input_dim: 10/' \
      -e 's/dim: 1 dim: 3 dim: 2[0-9]* dim: 2[0-9]*/dim: 10 dim: 3 dim: 224 dim: 224/' \
      -e 's/dim: 10 dim: 3 dim: 227 dim: 227/dim: 10 dim: 3 dim: 224 dim: 224/' \
      "$source" >"$out"
  echo "$out"
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) m = v[(NR + 1) / 2];
  else m = (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f\n", m }'; }

# Prints the number after a label in a log.
value() { grep -o "$2[0-9.e+-]*" "$1" | tail -n 1 | sed "s/^$2//"; }

echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| net (batch 10, 224x224) | threads | Crema forward (ms) | Crema forward+backward (ms) | Crema forward, alternating with OpenCV (ms) | OpenCV DNN forward (ms) |"
echo "| --- | --- | --- | --- | --- | --- |"
for net in googlenet resnet50 squeezenet11; do
  case $net in
    googlenet) model=$(batch10 $net models/bvlc_googlenet/deploy.prototxt) ;;
    resnet50) model=$(batch10 $net models/resnet50/deploy.prototxt) ;;
    squeezenet11) model=$(batch10 $net models/squeezenet_v1.1/deploy.prototxt) ;;
  esac
  for threads in 1 2; do
    forward=() both=() alternating=() opencv=()
    for round in $(seq "$rounds"); do
      log=$logs/zoo_${net}_${threads}t_$round.log
      OMP_NUM_THREADS=$threads "$caffe" time --model="$model" \
        --iterations="$iterations" --threads="$threads" >"$log" 2>&1 || {
        echo "zoo_time: caffe time failed, see $log" >&2
        exit 1
      }
      forward+=("$(value "$log" 'Average Forward pass: ')")
      both+=("$(value "$log" 'Average Forward-Backward: ')")
      OMP_NUM_THREADS=$threads "$opencv_forward" "$model" 10 "$iterations" \
        "$threads" >"$log.opencv" 2>&1 || {
        echo "zoo_time: opencv_forward failed, see $log.opencv" >&2
        exit 1
      }
      alternating+=("$(grep -o 'crema median [0-9.]*' "$log.opencv" | grep -o '[0-9.]*$')")
      opencv+=("$(grep -o 'opencv median [0-9.]*' "$log.opencv" | grep -o '[0-9.]*$')")
    done
    echo "| $net | $threads | $(printf '%s\n' "${forward[@]}" | median) |" \
         "$(printf '%s\n' "${both[@]}" | median) |" \
         "$(printf '%s\n' "${alternating[@]}" | median) |" \
         "$(printf '%s\n' "${opencv[@]}" | median) |"
  done
done
echo
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

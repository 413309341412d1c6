#!/usr/bin/env bash
# Runs the large deploy nets of models/ (GoogLeNet, ResNet-50/101/152, VGG16/19,
# AlexNet, R-CNN, Flickr Style) at batch 1 with random weights in Crema and in OpenCV's Caffe
# importer, and prints each net's max relative difference of the logits
# (scaled by the largest OpenCV logit) and the forward times of one pass (the
# first, so start-up costs included). These are the DISABLED_ ModelZooLargeTest cases
# of tests/models/test_model_zoo.cpp; ctest skips them. Needs a build with
# test_all (scripts/build.sh); several GiB of memory for VGG16.
set -euo pipefail
cd "$(dirname "$0")/.."

test_all=${BUILD_DIR:-build}/tests/test_all
if [ ! -x "$test_all" ]; then
  echo "compare_opencv: $test_all is missing; build test_all first" >&2
  exit 1
fi
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
"$test_all" --gtest_also_run_disabled_tests \
  --gtest_filter="ModelZooLargeTest.*${1:-}*"

#!/usr/bin/env bash
# Reproduces this folder's fashion_mnist_lenet.caffemodel and mean.binaryproto
# and the test accuracy in readme.md. Run from anywhere after building
# (scripts/build.sh); BUILD_DIR defaults to build. Creates the Fashion-MNIST
# LMDBs first when they are missing (needs dataset-fashion-mnist). The logs go
# to $BUILD_DIR/fashion_mnist_lenet_{train,test}.log.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${BUILD_DIR:-build}
tools=$build/tools
here=models/fashion_mnist_lenet

if [ ! -d data/fashion_mnist/fashion_mnist_train_lmdb ] ||
   [ ! -d data/fashion_mnist/fashion_mnist_test_lmdb ]; then
  bash data/fashion_mnist/get_fashion_mnist.sh
  bash data/fashion_mnist/create_fashion_mnist.sh
fi

# The solver's random_seed makes the run repeat exactly for a given build and
# thread count; one thread is also the fastest for LeNet (bench/README.md).
# Idle OpenMP threads sleep rather than spin on a shared machine.
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
start=$(date +%s)
"$tools/caffe" train --solver=examples/fashion_mnist/lenet_solver.prototxt \
  --threads=1 2>&1 | tee "$build/fashion_mnist_lenet_train.log"
echo "train: $(( $(date +%s) - start )) s"
cp examples/fashion_mnist/lenet_iter_10000.caffemodel \
  "$here/fashion_mnist_lenet.caffemodel"

rm -f "$here/mean.binaryproto"
"$tools/compute_image_mean" data/fashion_mnist/fashion_mnist_train_lmdb \
  "$here/mean.binaryproto"

# 100 batches of 100: the 10,000 test images.
"$tools/caffe" test --model=examples/fashion_mnist/lenet_train_test.prototxt \
  --weights="$here/fashion_mnist_lenet.caffemodel" --iterations=100 \
  --threads=1 2>&1 | tee "$build/fashion_mnist_lenet_test.log"
sha1sum "$here/fashion_mnist_lenet.caffemodel"

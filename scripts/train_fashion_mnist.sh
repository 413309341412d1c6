#!/usr/bin/env bash
# From a fresh checkout to a trained LeNet: installs the packages, builds,
# converts Fashion-MNIST to LMDB, trains for 10,000 iterations on the CPU and
# prints the final test accuracy. The weights land in
# examples/fashion_mnist/lenet_iter_10000.caffemodel.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install_deps.sh
bash scripts/build.sh

if [ ! -d data/fashion_mnist/fashion_mnist_train_lmdb ] ||
   [ ! -d data/fashion_mnist/fashion_mnist_test_lmdb ]; then
  bash data/fashion_mnist/get_fashion_mnist.sh
  bash data/fashion_mnist/create_fashion_mnist.sh
fi

log=${BUILD_DIR:-build}/train_fashion_mnist.log
bash examples/fashion_mnist/train_lenet.sh "$@" 2>&1 | tee "$log"

# The solver's last test ends with "Test net output #N: accuracy = X".
accuracy=$(grep -o 'Test net output #[0-9]*: accuracy = [0-9.eE+-]*' "$log" |
           tail -n 1 | sed 's/.*= //')
if [ -z "$accuracy" ]; then
  echo "train_fashion_mnist: no test accuracy in $log" >&2
  exit 1
fi
echo
echo "Fashion-MNIST test accuracy: $accuracy"

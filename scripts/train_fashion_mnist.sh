#!/usr/bin/env bash
# From a fresh checkout to a trained LeNet: installs the packages, builds,
# converts Fashion-MNIST to LMDB, trains for 10,000 iterations on the CPU and
# prints the final test accuracy, then draws the training curve (loss and
# test accuracy against iteration) beside the weights, which land in
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

# Idle OpenMP threads sleep instead of spinning: spinning threads slow
# everything down badly when the cores are shared with other work.
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
log=${BUILD_DIR:-build}/train_fashion_mnist.log
bash examples/fashion_mnist/train_lenet.sh "$@" 2>&1 | tee "$log"

# The last "Iteration N, Testing net (#0)" and the accuracy it printed.
read -r accuracy iteration < <(awk '
  /Iteration [0-9]+, Testing net \(#0\)/ {
    for (i = 1; i < NF; ++i) if ($i == "Iteration") iteration = $(i + 1)
    sub(",", "", iteration)
  }
  /Test net output #[0-9]+: accuracy = / { accuracy = $NF }
  END { if (accuracy != "") print accuracy, iteration }' "$log")
if [ -z "${accuracy:-}" ]; then
  echo "train_fashion_mnist: no test accuracy in $log" >&2
  exit 1
fi
echo
echo "Fashion-MNIST test accuracy: $accuracy (after $iteration iterations)"

curve=examples/fashion_mnist/lenet_training_curve.png
/usr/bin/python3 tools/extra/plot_training_log.py curve "$curve" "$log" \
  --title "LeNet on Fashion-MNIST"
echo "Training curve: $curve"

#!/usr/bin/env bash
# Trains LeNet on Fashion-MNIST; run from the repository root after building
# and creating the LMDBs (data/fashion_mnist/). Extra arguments go to caffe.
set -euo pipefail
exec "${BUILD_DIR:-build}/tools/caffe" train --solver=examples/fashion_mnist/lenet_solver.prototxt "$@"

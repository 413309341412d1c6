#!/usr/bin/env bash
# Converts the unpacked Fashion-MNIST idx files (see get_fashion_mnist.sh)
# into fashion_mnist_train_lmdb and fashion_mnist_test_lmdb beside this
# script. The directory holding convert_mnist_data is the first argument,
# else $CAFFE_TOOLS, else $BUILD_DIR/tools (BUILD_DIR defaults to build) under
# the repository root. BACKEND=leveldb makes LevelDB databases instead.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BUILD="${BUILD_DIR:-build}"
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
TOOLS="${1:-${CAFFE_TOOLS:-$BUILD/tools}}"
BACKEND="${BACKEND:-lmdb}"
CONVERT="$TOOLS/convert_mnist_data"

if [ ! -x "$CONVERT" ]; then
  echo "create_fashion_mnist.sh: $CONVERT not found; build it (ninja" \
       "convert_mnist_data) or pass the tools directory as argument" >&2
  exit 1
fi
for name in train-images-idx3-ubyte train-labels-idx1-ubyte \
            t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
  if [ ! -f "$HERE/$name" ]; then
    echo "create_fashion_mnist.sh: $HERE/$name missing; run" \
         "data/fashion_mnist/get_fashion_mnist.sh first" >&2
    exit 1
  fi
done

echo "Creating $BACKEND databases..."
rm -rf "$HERE/fashion_mnist_train_$BACKEND" "$HERE/fashion_mnist_test_$BACKEND"
"$CONVERT" --backend="$BACKEND" "$HERE/train-images-idx3-ubyte" \
  "$HERE/train-labels-idx1-ubyte" "$HERE/fashion_mnist_train_$BACKEND"
"$CONVERT" --backend="$BACKEND" "$HERE/t10k-images-idx3-ubyte" \
  "$HERE/t10k-labels-idx1-ubyte" "$HERE/fashion_mnist_test_$BACKEND"
echo "Done."

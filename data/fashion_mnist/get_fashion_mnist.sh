#!/usr/bin/env bash
# Unpacks Fashion-MNIST (idx files) from the Debian package
# dataset-fashion-mnist into this directory.
set -euo pipefail

SOURCE_DIR="${FASHION_MNIST_DIR:-/usr/share/datasets/fashion-mnist}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
FILES="train-images-idx3-ubyte train-labels-idx1-ubyte
       t10k-images-idx3-ubyte t10k-labels-idx1-ubyte"

for name in $FILES; do
  if [ ! -f "$SOURCE_DIR/$name.gz" ]; then
    echo "get_fashion_mnist.sh: $SOURCE_DIR/$name.gz not found;" \
         "install it with: apt-get install dataset-fashion-mnist" >&2
    exit 1
  fi
done

echo "Unpacking Fashion-MNIST from $SOURCE_DIR into $HERE..."
for name in $FILES; do
  gunzip -c "$SOURCE_DIR/$name.gz" > "$HERE/$name.tmp"
  mv "$HERE/$name.tmp" "$HERE/$name"
done
echo "Done."

#!/usr/bin/env bash
# Installs the Debian 12 packages that building, testing and the Fashion-MNIST
# example need. Does nothing when they are all installed already; uses sudo
# when not run as root.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config
  libprotobuf-dev protobuf-compiler
  libopenblas-dev libdnnl-dev
  libgoogle-glog-dev libgflags-dev libgtest-dev
  liblmdb-dev libleveldb-dev libhdf5-dev libopencv-dev zlib1g-dev
  openmpi-bin libopenmpi-dev
  python3 python3-dev pybind11-dev python3-numpy python3-protobuf
  python3-matplotlib python3-skimage python3-scipy python3-pydot graphviz
  python3-pytest
  dataset-fashion-mnist
)

bash "$(dirname "$0")/apt_install.sh" install_deps "${packages[@]}"

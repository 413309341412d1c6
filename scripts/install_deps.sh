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

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null |
      grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install_deps: all ${#packages[@]} packages are installed"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null; then
  as_root=(sudo)
else
  echo "install_deps: need root (or sudo) to install: ${missing[*]}" >&2
  exit 1
fi

echo "install_deps: installing ${missing[*]}"
"${as_root[@]}" apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y --no-install-recommends "${missing[@]}"

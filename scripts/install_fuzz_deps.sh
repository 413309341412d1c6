#!/usr/bin/env bash
# Installs what the sanitizer and fuzzer builds need beyond
# scripts/install_deps.sh: clang 16 with its sanitizer and libFuzzer
# runtimes, and LLVM's OpenMP (clang's -fopenmp uses libomp, not libgomp).
# Does nothing when they are installed; uses sudo when not run as root.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install_deps.sh

packages=(clang-16 libclang-rt-16-dev libomp-16-dev)
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null |
      grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null; then
  as_root=(sudo)
else
  echo "install_fuzz_deps: need root (or sudo) to install: ${missing[*]}" >&2
  exit 1
fi
echo "install_fuzz_deps: installing ${missing[*]}"
"${as_root[@]}" apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y --no-install-recommends "${missing[@]}"

#!/usr/bin/env bash
# Installs what the sanitizer and fuzzer builds need beyond
# scripts/install_deps.sh: clang 16 with its sanitizer and libFuzzer
# runtimes, and LLVM's OpenMP (clang's -fopenmp uses libomp, not libgomp).
# Does nothing when they are installed; uses sudo when not run as root.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install_deps.sh

packages=(clang-16 libclang-rt-16-dev libomp-16-dev)
bash scripts/apt_install.sh install_fuzz_deps "${packages[@]}"

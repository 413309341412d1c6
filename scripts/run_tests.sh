#!/usr/bin/env bash
# Installs what is needed, builds, and runs the whole test suite (C++,
# Python, MPI, sanitizers, fuzzing); exits non-zero if anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install_deps.sh
bash scripts/build.sh
# Test processes run side by side: let idle OpenMP threads sleep rather than
# spin on the cores the other tests need.
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
(cd "${BUILD_DIR:-build}" && ctest --output-on-failure -j "$(nproc)")

# A representative part of the suite under ASan and UBSan, then each fuzz
# target for FUZZ_SECONDS (both in build-fuzz/, clang 16).
bash scripts/sanitize_tests.sh
bash scripts/fuzz.sh "${FUZZ_SECONDS:-30}"

# Where CUDA is installed, the CUDA library and the caffe tool must compile
# and link too (one architecture, to keep it short); there may be no GPU to
# run them on.
if [ -x "${CUDA_HOME:-/usr/local/cuda}/bin/nvcc" ]; then
  CUDA_ARCHS=${CUDA_ARCHS:-90} TARGETS="caffe caffe_tool" bash scripts/build_cuda.sh
fi

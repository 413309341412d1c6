#!/usr/bin/env bash
# Installs what is needed, builds, and runs the whole test suite; exits
# non-zero if anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install_deps.sh
bash scripts/build.sh
cd "${BUILD_DIR:-build}"
# Test processes run side by side: let idle OpenMP threads sleep rather than
# spin on the cores the other tests need.
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
ctest --output-on-failure -j "$(nproc)"

#!/usr/bin/env bash
# Builds the tests with AddressSanitizer and UndefinedBehaviorSanitizer
# (scripts/build_sanitized.sh: build-fuzz/ with clang 16, shared with the
# fuzzers) and runs a representative part of the suite under them: the
# parsers and upgrades, net construction and its errors, blobs and memory,
# a few layers forward and backward, the solvers, the databases, data
# loading and transformation. Exits non-zero on any failure or finding.
#   CXX=g++ BUILD_DIR=build-sanitize bash scripts/sanitize_tests.sh
# does the same with gcc's sanitizers.
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${BUILD_DIR:-build-fuzz}
bash scripts/build_sanitized.sh test_all
source scripts/sanitizer_env.sh

# Test suites (the part before "/" or "." of a test's name).
suites=(
  # Parsers, file reading, legacy upgrades, errors.
  IOTest ErrorTest OutOfMemoryErrorTest
  UpgradeV0Test UpgradeV1Test UpgradeNetInputTest UpgradeBatchNormTest
  UpgradeSolverTest UpgradeStepsTest UpgradeFileTest
  # Memory and blobs.
  SyncedMemoryTest BlobTest
  # Net construction, filtering, splits, weights and their errors.
  NetTest NetFilterTest InsertSplitsTest NetErrorsTest NetFileErrorsTest
  CopyTrainedLayersErrorsTest LayerFactoryTest NetBadInputTest
  # Layers forward and backward.
  ConvolutionLayerTest PoolingLayerTest InnerProductLayerTest
  SoftmaxWithLossLayerTest BatchNormLayerTest
  # Solvers: update rules, snapshots, restore.
  SGDSolverTest SGDLearningRateTest SolverTest AdaptiveSolverTest
  # Databases and data loading.
  DBTest LMDBTest DataLayerTest DataTransformerTest ImageIOCVTest
)
regex="^($(IFS='|'; echo "${suites[*]}"))[/.]"
cd "$build_dir"
ctest --output-on-failure -j "${JOBS:-$(nproc)}" --timeout 600 -R "$regex"

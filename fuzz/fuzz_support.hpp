#ifndef CAFFE_FUZZ_FUZZ_SUPPORT_HPP_
#define CAFFE_FUZZ_FUZZ_SUPPORT_HPP_

// What the fuzz targets share: a quiet, single-threaded start, the one
// temporary file a target writes when the API under test reads a path, and
// the fixed small net and solvers that weights and solver states are loaded
// into. A caffe::Error is a correct answer to bad input; everything else a
// target sees (a crash, a sanitizer report, a CHECK failure, an exception of
// another type, a hang) is a bug in the library.

#include <cstddef>
#include <cstdint>
#include <string>

#include "caffe/proto/caffe.pb.h"

namespace caffe {
namespace fuzz {

// Logs FATAL only (CHECK failures still print), runs on one thread, CPU
// mode, fixed seed: executions are fast and an input always does the same.
void InitForFuzzing();

// Writes bytes to this process's temporary file for suffix (".caffemodel",
// ".solverstate", ".binaryproto": some readers go by the name) and returns
// its path. The file is reused by every execution and removed at exit.
const std::string& WriteTempFile(const uint8_t* data, size_t size,
                                 const std::string& suffix);

// A small net with learnable parameters of several kinds (convolution,
// batch norm, scale, PReLU, inner product) fed by DummyData, ending in a
// Euclidean loss: weights and solver states are restored into it.
NetParameter SmallNet();

// The registered solver types, and a solver parameter that trains
// SmallNet() with type (lr policy multistep, so that a restored
// current_step is used).
extern const char* const kSolverTypes[];
extern const int kNumSolverTypes;
SolverParameter SmallSolver(const std::string& type);

}  // namespace fuzz
}  // namespace caffe

#endif  // CAFFE_FUZZ_FUZZ_SUPPORT_HPP_

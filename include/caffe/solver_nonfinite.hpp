#ifndef CAFFE_SOLVER_NONFINITE_HPP_
#define CAFFE_SOLVER_NONFINITE_HPP_

#include <string>

#include "caffe/error.hpp"

namespace caffe {

// A training loss or parameter gradient that became NaN or infinite; it
// stops Solver::Step unless the solver allows non-finite values
// (Solver::set_allow_nonfinite, `caffe train --allow_nonfinite`). For a
// loss the layer fields name the first layer, in forward order, with an
// output that is not finite, and the blob field that output; for a gradient
// the layer is the first, in backward order, whose parameter gradient is not
// finite. The detail says which snapshot, if any, kept the last finite
// weights.
class NonFiniteError : public Error {
 public:
  NonFiniteError(int iteration, const std::string& detail);

  // The iteration whose forward-backward pass produced the value (the
  // number "Iteration N" log lines show).
  int iteration() const { return iteration_; }

 private:
  int iteration_;
};

}  // namespace caffe

#endif  // CAFFE_SOLVER_NONFINITE_HPP_

#ifndef CAFFE_UTIL_COMMA_LIST_HPP_
#define CAFFE_UTIL_COMMA_LIST_HPP_

#include <string>
#include <vector>

#include "caffe/common.hpp"

namespace caffe {

// The items of a comma-separated list, as the caffe tool's --weights, --gpu
// and --stage flags and a solver's `weights` field are written. Empty items
// are dropped ("a,,b," gives a and b; "" gives none).
vector<string> SplitOnComma(const string& list);

}  // namespace caffe

#endif  // CAFFE_UTIL_COMMA_LIST_HPP_

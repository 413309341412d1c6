#ifndef CAFFE_UTIL_FORMAT_HPP_
#define CAFFE_UTIL_FORMAT_HPP_

#include <iomanip>
#include <sstream>
#include <string>

namespace caffe {

// n in decimal, padded on the left with zeros to numberOfLeadingZeros
// characters (the width, despite the name Caffe gave it): format_int(7, 3)
// is "007". Caffe's tools name database keys and snapshot files with it.
inline std::string format_int(int n, int numberOfLeadingZeros = 0) {
  std::ostringstream text;
  text << std::setw(numberOfLeadingZeros) << std::setfill('0') << n;
  return text.str();
}

}  // namespace caffe

#endif  // CAFFE_UTIL_FORMAT_HPP_

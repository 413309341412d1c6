#include "caffe/util/comma_list.hpp"

#include <algorithm>

namespace caffe {

vector<string> SplitOnComma(const string& list) {
  vector<string> items;
  size_t start = 0;
  while (start <= list.size()) {
    const size_t end = std::min(list.find(',', start), list.size());
    if (end > start) items.push_back(list.substr(start, end - start));
    start = end + 1;
  }
  return items;
}

}  // namespace caffe

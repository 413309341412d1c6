#include <string>

#include "caffe/net.hpp"

namespace caffe {

template <typename Dtype>
void RequireLayers(const Net<Dtype>& net, const string& source) {
  if (!net.layers().empty()) return;
  Error error(StrCat(
      "the net has no layers for phase ", Phase_Name(net.phase()),
      " (the definition has none, or every layer's include/exclude rules "
      "leave it out for this phase, level and stages)"));
  error.set_file(source);
  throw error;
}

template void RequireLayers(const Net<float>&, const string&);
template void RequireLayers(const Net<double>&, const string&);

}  // namespace caffe

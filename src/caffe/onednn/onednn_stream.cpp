#include "onednn_stream.hpp"

namespace caffe {

dnnl::engine& OneDNNEngine() {
  static dnnl::engine* engine = new dnnl::engine(dnnl::engine::kind::cpu, 0);
  return *engine;
}

dnnl::stream& OneDNNStream() {
  thread_local dnnl::stream stream(OneDNNEngine());
  return stream;
}

}  // namespace caffe

#ifndef CAFFE_ONEDNN_ONEDNN_STREAM_HPP_
#define CAFFE_ONEDNN_ONEDNN_STREAM_HPP_

#include <dnnl.hpp>

namespace caffe {

// The CPU engine every oneDNN primitive of this process is built for.
dnnl::engine& OneDNNEngine();
// The calling thread's stream on OneDNNEngine(): primitives may run from
// several threads (two nets side by side), each on its own stream.
dnnl::stream& OneDNNStream();

}  // namespace caffe

#endif  // CAFFE_ONEDNN_ONEDNN_STREAM_HPP_

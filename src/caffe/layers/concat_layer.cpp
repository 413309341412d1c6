#include "caffe/layers/concat_layer.hpp"

#include <vector>

namespace caffe {

namespace {

// Copies num_blocks blocks of block_size values from src to dst, the n-th
// block starting at n * src_stride in src and n * dst_stride in dst.
template <typename Dtype>
void CopyBlocks(int num_blocks, int block_size, const Dtype* src,
                int src_stride, Dtype* dst, int dst_stride) {
  for (int n = 0; n < num_blocks; ++n) {
    caffe_copy(block_size, src + n * src_stride, dst + n * dst_stride);
  }
}

}  // namespace

template <typename Dtype>
void ConcatLayer<Dtype>::LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                    const vector<Blob<Dtype>*>& top) {
  const ConcatParameter& param = this->layer_param_.concat_param();
  CAFFE_REQUIRE(!(param.has_axis() && param.has_concat_dim()))
      << "concat_param takes either axis or concat_dim, not both (axis "
      << param.axis() << ", concat_dim " << param.concat_dim() << ")";
}

template <typename Dtype>
void ConcatLayer<Dtype>::Reshape(const vector<Blob<Dtype>*>& bottom,
                                 const vector<Blob<Dtype>*>& top) {
  const ConcatParameter& param = this->layer_param_.concat_param();
  const int num_axes = bottom[0]->num_axes();
  if (param.has_concat_dim()) {
    CAFFE_REQUIRE(param.concat_dim() < static_cast<uint32_t>(num_axes))
        << "concat_dim " << param.concat_dim() << " out of range for a "
        << num_axes << "-D bottom of shape " << bottom[0]->shape_string();
    concat_axis_ = static_cast<int>(param.concat_dim());
  } else {
    concat_axis_ = bottom[0]->CanonicalAxisIndex(param.axis());
  }
  vector<int> top_shape = bottom[0]->shape();
  num_concats_ = bottom[0]->count(0, concat_axis_);
  concat_input_size_ = bottom[0]->count(concat_axis_ + 1);
  for (size_t i = 1; i < bottom.size(); ++i) {
    bool compatible = bottom[i]->num_axes() == num_axes;
    for (int j = 0; compatible && j < num_axes; ++j) {
      compatible = j == concat_axis_ || bottom[i]->shape(j) == top_shape[j];
    }
    CAFFE_REQUIRE(compatible)
        << "bottom[" << i << "] has shape " << bottom[i]->shape_string()
        << " but bottom[0] has shape " << bottom[0]->shape_string()
        << "; all bottoms must agree except on the concat axis "
        << concat_axis_;
    top_shape[concat_axis_] += bottom[i]->shape(concat_axis_);
  }
  top[0]->Reshape(top_shape);
  if (bottom.size() == 1) {
    top[0]->ShareData(*bottom[0]);
    top[0]->ShareDiff(*bottom[0]);
  }
}

template <typename Dtype>
void ConcatLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                     const vector<Blob<Dtype>*>& top) {
  if (bottom.size() == 1) return;
  Dtype* top_data = top[0]->mutable_cpu_data();
  const int top_stride = top[0]->shape(concat_axis_) * concat_input_size_;
  int offset = 0;
  for (const Blob<Dtype>* blob : bottom) {
    const int block = blob->shape(concat_axis_) * concat_input_size_;
    CopyBlocks(num_concats_, block, blob->cpu_data(), block,
               top_data + offset, top_stride);
    offset += block;
  }
}

template <typename Dtype>
void ConcatLayer<Dtype>::Backward_cpu(const vector<Blob<Dtype>*>& top,
                                      const vector<bool>& propagate_down,
                                      const vector<Blob<Dtype>*>& bottom) {
  if (bottom.size() == 1) return;
  const Dtype* top_diff = top[0]->cpu_diff();
  const int top_stride = top[0]->shape(concat_axis_) * concat_input_size_;
  int offset = 0;
  for (size_t i = 0; i < bottom.size(); ++i) {
    const int block = bottom[i]->shape(concat_axis_) * concat_input_size_;
    if (propagate_down[i]) {
      CopyBlocks(num_concats_, block, top_diff + offset, top_stride,
                 bottom[i]->mutable_cpu_diff(), block);
    }
    offset += block;
  }
}

INSTANTIATE_CLASS(ConcatLayer);
REGISTER_LAYER_CLASS(Concat);

}  // namespace caffe

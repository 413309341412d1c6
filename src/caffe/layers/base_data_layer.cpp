#include "caffe/layers/base_data_layer.hpp"

#include "caffe/util/math_functions.hpp"

namespace caffe {

template <typename Dtype>
BaseDataLayer<Dtype>::BaseDataLayer(const LayerParameter& param)
    : Layer<Dtype>(param), transform_param_(param.transform_param()) {}

template <typename Dtype>
void BaseDataLayer<Dtype>::LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                      const vector<Blob<Dtype>*>& top) {
  output_labels_ = top.size() != 1;
  data_transformer_.reset(
      new DataTransformer<Dtype>(transform_param_, this->phase_));
  data_transformer_->InitRand();
  DataLayerSetUp(bottom, top);
}

template <typename Dtype>
BasePrefetchingDataLayer<Dtype>::BasePrefetchingDataLayer(
    const LayerParameter& param)
    : BaseDataLayer<Dtype>(param) {
  const int prefetch = static_cast<int>(param.data_param().prefetch());
  CAFFE_REQUIRE(prefetch > 0)
      << "data_param.prefetch must be at least 1, got " << prefetch;
  for (int i = 0; i < prefetch; ++i) {
    prefetch_.emplace_back(new Batch<Dtype>());
    prefetch_free_.push(prefetch_.back().get());
  }
}

template <typename Dtype>
BasePrefetchingDataLayer<Dtype>::~BasePrefetchingDataLayer() {
  StopInternalThread();
}

template <typename Dtype>
void BasePrefetchingDataLayer<Dtype>::LayerSetUp(
    const vector<Blob<Dtype>*>& bottom, const vector<Blob<Dtype>*>& top) {
  BaseDataLayer<Dtype>::LayerSetUp(bottom, top);
  // Allocate now, on this thread, rather than on the prefetch thread while
  // this one may be allocating too.
  for (auto& batch : prefetch_) {
    batch->data_.mutable_cpu_data();
    if (this->output_labels_) batch->label_.mutable_cpu_data();
  }
  // Caffe reseeds here too; matching its draws from this thread's stream
  // keeps seeded runs in step with it.
  this->data_transformer_->InitRand();
  StartInternalThread();
}

template <typename Dtype>
void BasePrefetchingDataLayer<Dtype>::InternalThreadEntry() {
  try {
    while (!must_stop()) {
      Batch<Dtype>* batch = prefetch_free_.pop();
      load_batch(batch);
      prefetch_full_.push(batch);
    }
  } catch (const std::exception&) {
    // Forward is waiting on the full queue: hand it the error instead.
    prefetch_error_ = std::current_exception();
    prefetch_full_.push(nullptr);
  }
}

template <typename Dtype>
void BasePrefetchingDataLayer<Dtype>::Forward_cpu(
    const vector<Blob<Dtype>*>& bottom, const vector<Blob<Dtype>*>& top) {
  Batch<Dtype>* batch = prefetch_full_.pop("Waiting for data");
  if (!batch) {
    prefetch_full_.push(nullptr);
    std::rethrow_exception(prefetch_error_);
  }
  top[0]->ReshapeLike(batch->data_);
  caffe_copy(batch->data_.count(), batch->data_.cpu_data(),
             top[0]->mutable_cpu_data());
  if (this->output_labels_) {
    top[1]->ReshapeLike(batch->label_);
    caffe_copy(batch->label_.count(), batch->label_.cpu_data(),
               top[1]->mutable_cpu_data());
  }
  prefetch_free_.push(batch);
}

INSTANTIATE_CLASS(BaseDataLayer);
INSTANTIATE_CLASS(BasePrefetchingDataLayer);

}  // namespace caffe

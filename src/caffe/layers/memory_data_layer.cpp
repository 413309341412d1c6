#include "caffe/layers/memory_data_layer.hpp"

#include <vector>

namespace caffe {

template <typename Dtype>
void MemoryDataLayer<Dtype>::DataLayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                            const vector<Blob<Dtype>*>& top) {
  const MemoryDataParameter& param = this->layer_param_.memory_data_param();
  batch_size_ = param.batch_size();
  channels_ = param.channels();
  height_ = param.height();
  width_ = param.width();
  CAFFE_REQUIRE(batch_size_ > 0 && channels_ > 0 && height_ > 0 && width_ > 0)
      << "memory_data_param batch_size, channels, height and width must all "
         "be positive, got "
      << batch_size_ << ", " << channels_ << ", " << height_ << ", " << width_;
  size_ = channels_ * height_ * width_;
  top[0]->Reshape(batch_size_, channels_, height_, width_);
  top[1]->Reshape(batch_size_, 1, 1, 1);
  added_data_.Reshape(batch_size_, channels_, height_, width_);
  added_label_.Reshape(batch_size_, 1, 1, 1);
  data_ = nullptr;
  labels_ = nullptr;
  has_new_data_ = false;
}

template <typename Dtype>
void MemoryDataLayer<Dtype>::AddDatumVector(const vector<Datum>& datum_vector) {
  CAFFE_REQUIRE(!has_new_data_)
      << "cannot add data until the data added before has been served";
  const int num = datum_vector.size();
  CAFFE_REQUIRE(num > 0) << "no datums to add";
  CAFFE_REQUIRE(num % batch_size_ == 0)
      << "the number of datums (" << num
      << ") must be a multiple of batch_size (" << batch_size_ << ")";
  added_data_.Reshape(num, channels_, height_, width_);
  added_label_.Reshape(num, 1, 1, 1);
  this->data_transformer_->Transform(datum_vector, &added_data_);
  Dtype* labels = added_label_.mutable_cpu_data();
  for (int i = 0; i < num; ++i) labels[i] = datum_vector[i].label();
  Reset(added_data_.mutable_cpu_data(), labels, num);
  has_new_data_ = true;
}

#ifdef USE_OPENCV
template <typename Dtype>
void MemoryDataLayer<Dtype>::AddMatVector(const vector<cv::Mat>& mat_vector,
                                          const vector<int>& labels) {
  CAFFE_REQUIRE(!has_new_data_)
      << "cannot add data until the data added before has been served";
  const int num = mat_vector.size();
  CAFFE_REQUIRE(num > 0) << "no images to add";
  CAFFE_REQUIRE(labels.size() == mat_vector.size())
      << mat_vector.size() << " images but " << labels.size() << " labels";
  CAFFE_REQUIRE(num % batch_size_ == 0)
      << "the number of images (" << num
      << ") must be a multiple of batch_size (" << batch_size_ << ")";
  added_data_.Reshape(num, channels_, height_, width_);
  added_label_.Reshape(num, 1, 1, 1);
  this->data_transformer_->Transform(mat_vector, &added_data_);
  Dtype* label_data = added_label_.mutable_cpu_data();
  for (int i = 0; i < num; ++i) label_data[i] = labels[i];
  Reset(added_data_.mutable_cpu_data(), label_data, num);
  has_new_data_ = true;
}
#endif  // USE_OPENCV

template <typename Dtype>
void MemoryDataLayer<Dtype>::Reset(Dtype* data, Dtype* labels, int n) {
  CHECK(data);
  CHECK(labels);
  CAFFE_REQUIRE(n > 0 && n % batch_size_ == 0)
      << "n = " << n << " must be a positive multiple of batch_size ("
      << batch_size_ << ")";
  // An explicit Reset drops whatever added data was still pending.
  has_new_data_ = false;
  data_ = data;
  labels_ = labels;
  n_ = n;
  pos_ = 0;
}

template <typename Dtype>
void MemoryDataLayer<Dtype>::set_batch_size(int new_size) {
  CAFFE_REQUIRE(!has_new_data_)
      << "cannot change batch_size until the added data has been served";
  CAFFE_REQUIRE(new_size > 0) << "batch_size must be positive, got "
                              << new_size;
  batch_size_ = new_size;
  added_data_.Reshape(batch_size_, channels_, height_, width_);
  added_label_.Reshape(batch_size_, 1, 1, 1);
}

template <typename Dtype>
void MemoryDataLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                         const vector<Blob<Dtype>*>& top) {
  CAFFE_REQUIRE(data_ != nullptr)
      << "no data: call Reset, AddDatumVector or AddMatVector first";
  CAFFE_REQUIRE(n_ % batch_size_ == 0)
      << n_ << " examples are not a multiple of batch_size (" << batch_size_
      << ")";
  top[0]->Reshape(batch_size_, channels_, height_, width_);
  top[1]->Reshape(batch_size_, 1, 1, 1);
  top[0]->set_cpu_data(data_ + pos_ * size_);
  top[1]->set_cpu_data(labels_ + pos_);
  pos_ = (pos_ + batch_size_) % n_;
  if (pos_ == 0) has_new_data_ = false;
}

INSTANTIATE_CLASS(MemoryDataLayer);
REGISTER_LAYER_CLASS(MemoryData);

}  // namespace caffe

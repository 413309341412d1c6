#ifndef CAFFE_TESTS_SUPPORT_FILLED_BOTTOM_TEST_HPP_
#define CAFFE_TESTS_SUPPORT_FILLED_BOTTOM_TEST_HPP_

#include <memory>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/proto/caffe.pb.h"
#include "support/test_caffe_main.hpp"

namespace caffe {

// A typed test of a layer with one bottom and one top: the bottom has the
// given shape and is drawn (after the seed is set) from a Gaussian of mean 0
// and standard deviation bottom_std; the top starts empty.
template <typename TypeParam>
class FilledBottomTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  explicit FilledBottomTest(const vector<int>& shape = {2, 3, 4, 5},
                            const float bottom_std = 1)
      : blob_bottom_(new Blob<Dtype>(shape)),
        blob_top_(new Blob<Dtype>()),
        bottom_std_(bottom_std) {}
  void SetUp() override {
    MultiDeviceTest<TypeParam>::SetUp();
    FillerParameter filler_param;
    filler_param.set_std(bottom_std_);
    GaussianFiller<Dtype>(filler_param).Fill(blob_bottom_.get());
    blob_bottom_vec_.push_back(blob_bottom_.get());
    blob_top_vec_.push_back(blob_top_.get());
  }

  std::unique_ptr<Blob<Dtype> > blob_bottom_;
  std::unique_ptr<Blob<Dtype> > blob_top_;
  vector<Blob<Dtype>*> blob_bottom_vec_;
  vector<Blob<Dtype>*> blob_top_vec_;

 private:
  const float bottom_std_;
};

// The same set-up for tests that hold the blobs by value beside the layer's
// parameter: bottom_ (of the given shape, drawn from a Gaussian of the given
// mean and standard deviation), top_, their vectors, and param_ with the
// layer's type.
template <typename TypeParam>
class LayerParamTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  explicit LayerParamTest(const std::string& type,
                          const vector<int>& shape = {2, 3, 4, 5},
                          const float mean = 0, const float std = 1)
      : type_(type), shape_(shape) {
    filler_.set_mean(mean);
    filler_.set_std(std);
  }
  void SetUp() override {
    MultiDeviceTest<TypeParam>::SetUp();
    if (this->IsSkipped()) return;
    bottom_.Reshape(shape_);
    GaussianFiller<Dtype>(filler_).Fill(&bottom_);
    bottom_vec_ = {&bottom_};
    top_vec_ = {&top_};
    param_.set_type(type_);
  }

  Blob<Dtype> bottom_, top_;
  vector<Blob<Dtype>*> bottom_vec_, top_vec_;
  LayerParameter param_;

 private:
  const std::string type_;
  const vector<int> shape_;
  FillerParameter filler_;
};

}  // namespace caffe

#endif  // CAFFE_TESTS_SUPPORT_FILLED_BOTTOM_TEST_HPP_

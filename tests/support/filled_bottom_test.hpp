#ifndef CAFFE_TESTS_SUPPORT_FILLED_BOTTOM_TEST_HPP_
#define CAFFE_TESTS_SUPPORT_FILLED_BOTTOM_TEST_HPP_

#include <memory>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
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

}  // namespace caffe

#endif  // CAFFE_TESTS_SUPPORT_FILLED_BOTTOM_TEST_HPP_

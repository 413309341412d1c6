#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/layer_factory.hpp"
#include "caffe/layers/accuracy_layer.hpp"
#include "layers/layer_error_util.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename TypeParam>
class AccuracyLayerTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  static constexpr int kClasses = 10;

  // Scores 6 x 10 x 2 x 3: 36 positions, 10 classes.
  AccuracyLayerTest()
      : blob_bottom_data_(new Blob<Dtype>(6, kClasses, 2, 3)),
        blob_bottom_label_(new Blob<Dtype>(6, 1, 2, 3)),
        blob_top_(new Blob<Dtype>()),
        blob_top_per_class_(new Blob<Dtype>()) {}
  void SetUp() override {
    MultiDeviceTest<TypeParam>::SetUp();
    FillerParameter filler_param;
    GaussianFiller<Dtype> filler(filler_param);
    filler.Fill(blob_bottom_data_.get());
    for (int i = 0; i < blob_bottom_label_->count(); ++i) {
      blob_bottom_label_->mutable_cpu_data()[i] = caffe_rng_rand() % kClasses;
    }
    blob_bottom_vec_.push_back(blob_bottom_data_.get());
    blob_bottom_vec_.push_back(blob_bottom_label_.get());
    blob_top_vec_.push_back(blob_top_.get());
  }

  // Whether the label at (n, h, w) ranks within the top k: fewer than k
  // other classes score at least as high.
  bool IsRight(const int n, const int h, const int w, const int k) const {
    const Blob<Dtype>& x = *blob_bottom_data_;
    const int label = static_cast<int>(blob_bottom_label_->data_at(n, 0, h, w));
    int higher = 0;
    for (int c = 0; c < kClasses; ++c) {
      if (c != label && x.data_at(n, c, h, w) >= x.data_at(n, label, h, w)) {
        ++higher;
      }
    }
    return higher < k;
  }

  // Overall and per-class accuracy counted naively, skipping `ignored`
  // (-1: none).
  void Expected(const int k, const int ignored, double* overall,
                vector<double>* per_class) const {
    int right = 0, seen = 0;
    vector<int> class_right(kClasses, 0), class_seen(kClasses, 0);
    for (int n = 0; n < 6; ++n) {
      for (int h = 0; h < 2; ++h) {
        for (int w = 0; w < 3; ++w) {
          const int label =
              static_cast<int>(blob_bottom_label_->data_at(n, 0, h, w));
          if (label == ignored) continue;
          const bool is_right = IsRight(n, h, w, k);
          right += is_right;
          ++seen;
          class_right[label] += is_right;
          ++class_seen[label];
        }
      }
    }
    *overall = seen ? static_cast<double>(right) / seen : 0;
    per_class->clear();
    for (int c = 0; c < kClasses; ++c) {
      per_class->push_back(class_seen[c] ? static_cast<double>(class_right[c]) /
                                               class_seen[c]
                                         : 0);
    }
  }

  // Runs the layer and compares both tops with Expected.
  void CheckForward(const LayerParameter& layer_param, const int k,
                    const int ignored) {
    this->blob_top_vec_.push_back(blob_top_per_class_.get());
    AccuracyLayer<Dtype> layer(layer_param);
    layer.SetUp(blob_bottom_vec_, blob_top_vec_);
    EXPECT_EQ(Dtype(0),
              layer.Forward(blob_bottom_vec_, blob_top_vec_));  // not a loss
    double overall;
    vector<double> per_class;
    Expected(k, ignored, &overall, &per_class);
    EXPECT_EQ(0, blob_top_->num_axes());
    EXPECT_NEAR(overall, blob_top_->cpu_data()[0], 1e-6);
    ASSERT_EQ(vector<int>(1, kClasses), blob_top_per_class_->shape());
    for (int c = 0; c < kClasses; ++c) {
      EXPECT_NEAR(per_class[c], blob_top_per_class_->cpu_data()[c], 1e-6)
          << "class " << c;
    }
  }

  // Expects SetUp plus Forward to throw a caffe::Error mentioning every
  // fragment.
  void ExpectError(const LayerParameter& layer_param,
                   const vector<std::string>& fragments) {
    AccuracyLayer<Dtype> layer(layer_param);
    ExpectLayerError(&layer, blob_bottom_vec_, blob_top_vec_, fragments);
  }

  std::unique_ptr<Blob<Dtype> > blob_bottom_data_;
  std::unique_ptr<Blob<Dtype> > blob_bottom_label_;
  std::unique_ptr<Blob<Dtype> > blob_top_;
  std::unique_ptr<Blob<Dtype> > blob_top_per_class_;
  vector<Blob<Dtype>*> blob_bottom_vec_;
  vector<Blob<Dtype>*> blob_top_vec_;
};

TYPED_TEST_SUITE(AccuracyLayerTest, TestDtypesAndDevices);

TYPED_TEST(AccuracyLayerTest, TestForwardHandNumbers) {
  typedef typename TypeParam::Dtype Dtype;
  // Three samples, three classes. Sample 1 ties its label with another
  // class: a tie counts against the label.
  Blob<Dtype> scores(vector<int>{3, 3});
  Blob<Dtype> labels(vector<int>{3});
  const Dtype score_values[] = {0.1, 0.7, 0.2,   // label 1: right
                                0.4, 0.4, 0.2,   // label 1: tie, wrong
                                0.5, 0.3, 0.2};  // label 2: wrong
  const Dtype label_values[] = {1, 1, 2};
  caffe_copy(9, score_values, scores.mutable_cpu_data());
  caffe_copy(3, label_values, labels.mutable_cpu_data());
  vector<Blob<Dtype>*> bottom{&scores, &labels};
  AccuracyLayer<Dtype> top1((LayerParameter()));
  top1.SetUp(bottom, this->blob_top_vec_);
  top1.Forward(bottom, this->blob_top_vec_);
  EXPECT_NEAR(1. / 3, this->blob_top_->cpu_data()[0], 1e-6);

  LayerParameter layer_param;
  layer_param.mutable_accuracy_param()->set_top_k(2);
  AccuracyLayer<Dtype> top2(layer_param);
  top2.SetUp(bottom, this->blob_top_vec_);
  top2.Forward(bottom, this->blob_top_vec_);
  EXPECT_NEAR(2. / 3, this->blob_top_->cpu_data()[0], 1e-6);
}

TYPED_TEST(AccuracyLayerTest, TestForwardTop1) {
  this->CheckForward(LayerParameter(), 1, -1);
}

TYPED_TEST(AccuracyLayerTest, TestForwardTopK) {
  LayerParameter layer_param;
  layer_param.mutable_accuracy_param()->set_top_k(3);
  this->CheckForward(layer_param, 3, -1);
}

TYPED_TEST(AccuracyLayerTest, TestForwardIgnoreLabel) {
  LayerParameter layer_param;
  layer_param.mutable_accuracy_param()->set_ignore_label(4);
  this->blob_bottom_label_->mutable_cpu_data()[0] = 4;
  this->CheckForward(layer_param, 1, 4);
}

TYPED_TEST(AccuracyLayerTest, TestForwardLastAxis) {
  typedef typename TypeParam::Dtype Dtype;
  // Scores 4 x 3 x 10 with classes on the last axis; labels 4 x 3.
  Blob<Dtype> scores(vector<int>{4, 3, 10});
  Blob<Dtype> labels(vector<int>{4, 3});
  FillerParameter filler_param;
  GaussianFiller<Dtype> filler(filler_param);
  filler.Fill(&scores);
  for (int i = 0; i < labels.count(); ++i) {
    labels.mutable_cpu_data()[i] = caffe_rng_rand() % 10;
  }
  LayerParameter layer_param;
  layer_param.mutable_accuracy_param()->set_axis(-1);
  layer_param.mutable_accuracy_param()->set_top_k(2);
  AccuracyLayer<Dtype> layer(layer_param);
  vector<Blob<Dtype>*> bottom{&scores, &labels};
  layer.SetUp(bottom, this->blob_top_vec_);
  layer.Forward(bottom, this->blob_top_vec_);
  int right = 0;
  for (int i = 0; i < 12; ++i) {
    const Dtype* row = scores.cpu_data() + i * 10;
    const int label = static_cast<int>(labels.cpu_data()[i]);
    int higher = 0;
    for (int c = 0; c < 10; ++c) higher += c != label && row[c] >= row[label];
    right += higher < 2;
  }
  EXPECT_NEAR(right / 12., this->blob_top_->cpu_data()[0], 1e-6);
}

TYPED_TEST(AccuracyLayerTest, TestTopKTooLarge) {
  LayerParameter layer_param;
  layer_param.mutable_accuracy_param()->set_top_k(11);
  this->ExpectError(layer_param, {"top_k (11)", "10"});
}

TYPED_TEST(AccuracyLayerTest, TestTopKZero) {
  LayerParameter layer_param;
  layer_param.mutable_accuracy_param()->set_top_k(0);
  this->ExpectError(layer_param, {"top_k", "got 0"});
}

TYPED_TEST(AccuracyLayerTest, TestLabelCountMismatch) {
  this->blob_bottom_label_->Reshape(6, 1, 2, 2);
  this->ExpectError(LayerParameter(), {"6 10 2 3 (360)", "6 1 2 2 (24)"});
}

TYPED_TEST(AccuracyLayerTest, TestLabelOutOfRange) {
  typedef typename TypeParam::Dtype Dtype;
  this->blob_bottom_label_->mutable_cpu_data()[7] = Dtype(10);
  this->ExpectError(LayerParameter(), {"label 10", "[0, 10)"});
}

TYPED_TEST(AccuracyLayerTest, TestBackwardRejected) {
  typedef typename TypeParam::Dtype Dtype;
  AccuracyLayer<Dtype> layer((LayerParameter()));
  layer.SetUp(this->blob_bottom_vec_, this->blob_top_vec_);
  layer.Forward(this->blob_bottom_vec_, this->blob_top_vec_);
  // Nothing asked, nothing done.
  layer.Backward(this->blob_top_vec_, {false, false}, this->blob_bottom_vec_);
  try {
    layer.Backward(this->blob_top_vec_, {true, false}, this->blob_bottom_vec_);
    FAIL() << "expected caffe::Error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("bottom[0]"), std::string::npos)
        << e.what();
  }
}

TYPED_TEST(AccuracyLayerTest, TestRegistered) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter layer_param;
  layer_param.set_type("Accuracy");
  EXPECT_STREQ("Accuracy",
               LayerRegistry<Dtype>::CreateLayer(layer_param)->type());
}

}  // namespace caffe

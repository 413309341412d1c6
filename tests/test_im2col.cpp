#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/filler.hpp"
#include "caffe/util/im2col.hpp"
#include "caffe/util/math_functions.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename Dtype>
class Im2colTest : public ::testing::Test {
 protected:
  void SetUp() override { Caffe::set_random_seed(1701); }

  static void Fill(Blob<Dtype>* blob) {
    GaussianFiller<Dtype>(FillerParameter()).Fill(blob);
  }

  void CheckNdMatches2d(const int channels, const int height, const int width) {
    const int kernel[2] = {3, 2}, pad[2] = {1, 2}, stride[2] = {2, 1},
              dilation[2] = {2, 1};
    const int im_shape[3] = {channels, height, width};
    int col_shape[3] = {channels * kernel[0] * kernel[1], 0, 0};
    for (int a = 0; a < 2; ++a) {
      col_shape[a + 1] =
          (im_shape[a + 1] + 2 * pad[a] - (dilation[a] * (kernel[a] - 1) + 1)) /
              stride[a] +
          1;
    }
    Blob<Dtype> im(vector<int>{channels, height, width});
    Fill(&im);
    Blob<Dtype> col_2d(vector<int>(col_shape, col_shape + 3));
    Blob<Dtype> col_nd(vector<int>(col_shape, col_shape + 3));
    im2col_cpu(im.cpu_data(), channels, height, width, kernel[0], kernel[1],
               pad[0], pad[1], stride[0], stride[1], dilation[0], dilation[1],
               col_2d.mutable_cpu_data());
    im2col_nd_cpu(im.cpu_data(), 2, im_shape, col_shape, kernel, pad, stride,
                  dilation, col_nd.mutable_cpu_data());
    for (int i = 0; i < col_2d.count(); ++i) {
      EXPECT_EQ(col_2d.cpu_data()[i], col_nd.cpu_data()[i]) << i;
    }

    Blob<Dtype> back_2d(im.shape()), back_nd(im.shape());
    col2im_cpu(col_2d.cpu_data(), channels, height, width, kernel[0], kernel[1],
               pad[0], pad[1], stride[0], stride[1], dilation[0], dilation[1],
               back_2d.mutable_cpu_data());
    col2im_nd_cpu(col_2d.cpu_data(), 2, im_shape, col_shape, kernel, pad,
                  stride, dilation, back_nd.mutable_cpu_data());
    for (int i = 0; i < back_2d.count(); ++i) {
      EXPECT_NEAR(back_2d.cpu_data()[i], back_nd.cpu_data()[i], 1e-5) << i;
    }
  }
};

TYPED_TEST_SUITE(Im2colTest, TestDtypes);

TYPED_TEST(Im2colTest, HandNumbers) {
  // 3x3 image 1..9, 2x2 kernel, stride 1: each row of the column matrix is
  // one kernel offset across the four output positions.
  const TypeParam image[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  const TypeParam expected[16] = {1, 2, 4, 5,   // offset (0, 0)
                                  2, 3, 5, 6,   // offset (0, 1)
                                  4, 5, 7, 8,   // offset (1, 0)
                                  5, 6, 8, 9};  // offset (1, 1)
  TypeParam col[16];
  im2col_cpu(image, 1, 3, 3, 2, 2, 0, 0, 1, 1, 1, 1, col);
  for (int i = 0; i < 16; ++i) EXPECT_EQ(expected[i], col[i]) << i;

  // Pad 1, stride 2, 2x2 kernel: output 2x2; zeros where the window
  // reaches into the padding.
  const TypeParam padded[16] = {0, 0, 0, 5,   // offset (0, 0)
                                0, 0, 4, 6,   // offset (0, 1)
                                0, 2, 0, 8,   // offset (1, 0)
                                1, 3, 7, 9};  // offset (1, 1)
  im2col_cpu(image, 1, 3, 3, 2, 2, 1, 1, 2, 2, 1, 1, col);
  for (int i = 0; i < 16; ++i) EXPECT_EQ(padded[i], col[i]) << i;
}

// The 2-D and N-D versions agree, on a small image and on one large enough
// to run in parallel.
TYPED_TEST(Im2colTest, NdMatches2d) {
  this->CheckNdMatches2d(3, 7, 6);
  this->CheckNdMatches2d(16, 64, 60);
}

// col2im is the adjoint of im2col: <im2col(x), y> = <x, col2im(y)>.
TYPED_TEST(Im2colTest, Col2imIsAdjoint) {
  const int im_shape[4] = {2, 5, 4, 6};
  const int kernel[3] = {2, 3, 2}, pad[3] = {1, 0, 1}, stride[3] = {1, 2, 2},
            dilation[3] = {2, 1, 1};
  int col_shape[4] = {im_shape[0] * kernel[0] * kernel[1] * kernel[2], 0, 0, 0};
  for (int a = 0; a < 3; ++a) {
    col_shape[a + 1] =
        (im_shape[a + 1] + 2 * pad[a] - (dilation[a] * (kernel[a] - 1) + 1)) /
            stride[a] +
        1;
  }
  Blob<TypeParam> x(vector<int>(im_shape, im_shape + 4));
  Blob<TypeParam> y(vector<int>(col_shape, col_shape + 4));
  this->Fill(&x);
  this->Fill(&y);
  Blob<TypeParam> col_x(y.shape()), im_y(x.shape());
  im2col_nd_cpu(x.cpu_data(), 3, im_shape, col_shape, kernel, pad, stride,
                dilation, col_x.mutable_cpu_data());
  col2im_nd_cpu(y.cpu_data(), 3, im_shape, col_shape, kernel, pad, stride,
                dilation, im_y.mutable_cpu_data());
  const TypeParam lhs =
      caffe_cpu_dot(y.count(), col_x.cpu_data(), y.cpu_data());
  const TypeParam rhs = caffe_cpu_dot(x.count(), x.cpu_data(), im_y.cpu_data());
  EXPECT_NEAR(lhs, rhs, 1e-3 * std::max<TypeParam>(1, std::fabs(lhs)));
}

}  // namespace caffe

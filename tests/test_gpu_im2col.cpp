// Device im2col/col2im against the CPU versions (the oracle). Only built
// with CUDA; skips without a GPU.
#ifndef CPU_ONLY

#include <vector>

#include "caffe/blob.hpp"
#include "caffe/syncedmem.hpp"
#include "caffe/util/im2col.hpp"
#include "caffe/util/math_functions.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

// Geometry with padding, stride and dilation all in play, and a kernel that
// is not square, so that swapped axes would show.
struct Im2colGeometry {
  int channels = 3, height = 7, width = 6;
  int kernel[2] = {3, 2};
  int pad[2] = {1, 2};
  int stride[2] = {2, 1};
  int dilation[2] = {1, 2};

  int col_extent(int axis, int size) const {
    return (size + 2 * pad[axis] - (dilation[axis] * (kernel[axis] - 1) + 1)) /
               stride[axis] +
           1;
  }
  int height_col() const { return col_extent(0, height); }
  int width_col() const { return col_extent(1, width); }
  int im_count() const { return channels * height * width; }
  int col_count() const {
    return channels * kernel[0] * kernel[1] * height_col() * width_col();
  }
};

// An int array with a device copy, for the N-D kernels' shape arguments.
class DeviceInts {
 public:
  explicit DeviceInts(const std::vector<int>& values)
      : memory_(values.size() * sizeof(int)) {
    int* host = static_cast<int*>(memory_.mutable_cpu_data());
    for (size_t i = 0; i < values.size(); ++i) host[i] = values[i];
  }
  const int* gpu() { return static_cast<const int*>(memory_.gpu_data()); }

 private:
  SyncedMemory memory_;
};

template <typename Dtype>
void ExpectSame(const std::vector<Dtype>& expected, const Blob<Dtype>& actual) {
  ASSERT_EQ(static_cast<int>(expected.size()), actual.count());
  for (int i = 0; i < actual.count(); ++i) {
    EXPECT_NEAR(expected[i], actual.cpu_data()[i], 1e-5) << "at " << i;
  }
}

template <typename Dtype>
class GpuIm2colTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!GpuAvailable()) GTEST_SKIP() << "no GPU on this machine";
    Caffe::set_mode(Caffe::GPU);
    Caffe::set_random_seed(1701);
    im_.Reshape(std::vector<int>{g_.im_count()});
    col_.Reshape(std::vector<int>{g_.col_count()});
    caffe_rng_uniform<Dtype>(im_.count(), -1, 1, im_.mutable_cpu_data());
    caffe_rng_uniform<Dtype>(col_.count(), -1, 1, col_.mutable_cpu_data());
  }
  void TearDown() override { Caffe::set_mode(Caffe::CPU); }

  Im2colGeometry g_;
  Blob<Dtype> im_, col_;
};

TYPED_TEST_SUITE(GpuIm2colTest, TestDtypes);

TYPED_TEST(GpuIm2colTest, TwoDMatchesCpuBothWays) {
  typedef TypeParam Dtype;
  const Im2colGeometry& g = this->g_;
  Blob<Dtype> out(std::vector<int>{g.col_count()});
  std::vector<Dtype> expected(g.col_count());
  im2col_cpu(this->im_.cpu_data(), g.channels, g.height, g.width, g.kernel[0],
             g.kernel[1], g.pad[0], g.pad[1], g.stride[0], g.stride[1],
             g.dilation[0], g.dilation[1], expected.data());
  im2col_gpu(this->im_.gpu_data(), g.channels, g.height, g.width, g.kernel[0],
             g.kernel[1], g.pad[0], g.pad[1], g.stride[0], g.stride[1],
             g.dilation[0], g.dilation[1], out.mutable_gpu_data());
  ExpectSame(expected, out);

  Blob<Dtype> im_out(std::vector<int>{g.im_count()});
  caffe_gpu_set<Dtype>(im_out.count(), 5, im_out.mutable_gpu_data());
  std::vector<Dtype> im_expected(g.im_count());
  col2im_cpu(this->col_.cpu_data(), g.channels, g.height, g.width, g.kernel[0],
             g.kernel[1], g.pad[0], g.pad[1], g.stride[0], g.stride[1],
             g.dilation[0], g.dilation[1], im_expected.data());
  col2im_gpu(this->col_.gpu_data(), g.channels, g.height, g.width, g.kernel[0],
             g.kernel[1], g.pad[0], g.pad[1], g.stride[0], g.stride[1],
             g.dilation[0], g.dilation[1], im_out.mutable_gpu_data());
  ExpectSame(im_expected, im_out);  // overwritten, not accumulated
}

// N-D im2col and col2im on the GPU against the CPU for one geometry:
// im_shape is (channels, spatial...), the rest have one entry per axis.
template <typename Dtype>
void ExpectNdMatchesCpu(const std::vector<int>& im_shape,
                        const std::vector<int>& kernel,
                        const std::vector<int>& pad,
                        const std::vector<int>& stride,
                        const std::vector<int>& dilation) {
  const int axes = static_cast<int>(kernel.size());
  std::vector<int> col_shape{im_shape[0]};
  int im_count = im_shape[0], out_count = 1;
  for (int d = 0; d < axes; ++d) {
    col_shape[0] *= kernel[d];
    const int extent = dilation[d] * (kernel[d] - 1) + 1;
    col_shape.push_back((im_shape[d + 1] + 2 * pad[d] - extent) / stride[d] +
                        1);
    im_count *= im_shape[d + 1];
    out_count *= col_shape.back();
  }
  const int col_count = col_shape[0] * out_count;
  Blob<Dtype> im(std::vector<int>{im_count}), col(std::vector<int>{col_count});
  caffe_rng_uniform<Dtype>(im_count, -1, 1, im.mutable_cpu_data());
  caffe_rng_uniform<Dtype>(col_count, -1, 1, col.mutable_cpu_data());
  DeviceInts d_im_shape(im_shape), d_col_shape(col_shape), d_kernel(kernel),
      d_pad(pad), d_stride(stride), d_dilation(dilation);

  Blob<Dtype> col_out(std::vector<int>{col_count});
  std::vector<Dtype> col_expected(col_count);
  im2col_nd_cpu(im.cpu_data(), axes, im_shape.data(), col_shape.data(),
                kernel.data(), pad.data(), stride.data(), dilation.data(),
                col_expected.data());
  im2col_nd_gpu(im.gpu_data(), axes, im_shape[0] * out_count, d_im_shape.gpu(),
                d_col_shape.gpu(), d_kernel.gpu(), d_pad.gpu(), d_stride.gpu(),
                d_dilation.gpu(), col_out.mutable_gpu_data());
  ExpectSame(col_expected, col_out);

  Blob<Dtype> im_out(std::vector<int>{im_count});
  caffe_gpu_set<Dtype>(im_count, 5, im_out.mutable_gpu_data());
  std::vector<Dtype> im_expected(im_count);
  col2im_nd_cpu(col.cpu_data(), axes, im_shape.data(), col_shape.data(),
                kernel.data(), pad.data(), stride.data(), dilation.data(),
                im_expected.data());
  col2im_nd_gpu(col.gpu_data(), axes, im_count, d_im_shape.gpu(),
                d_col_shape.gpu(), d_kernel.gpu(), d_pad.gpu(), d_stride.gpu(),
                d_dilation.gpu(), im_out.mutable_gpu_data());
  ExpectSame(im_expected, im_out);
}

TYPED_TEST(GpuIm2colTest, NdMatchesCpuBothWaysIn2d) {
  const Im2colGeometry& g = this->g_;
  ExpectNdMatchesCpu<TypeParam>(
      {g.channels, g.height, g.width}, {g.kernel[0], g.kernel[1]},
      {g.pad[0], g.pad[1]}, {g.stride[0], g.stride[1]},
      {g.dilation[0], g.dilation[1]});
}

TYPED_TEST(GpuIm2colTest, NdMatchesCpuBothWaysIn3d) {
  ExpectNdMatchesCpu<TypeParam>({2, 5, 6, 4}, {3, 2, 2}, {1, 0, 1}, {2, 1, 1},
                                {1, 2, 1});
}

}  // namespace caffe

#endif  // !CPU_ONLY

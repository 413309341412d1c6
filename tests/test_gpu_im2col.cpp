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

  static void ExpectSame(const std::vector<Dtype>& expected,
                         const Blob<Dtype>& actual) {
    ASSERT_EQ(static_cast<int>(expected.size()), actual.count());
    for (int i = 0; i < actual.count(); ++i) {
      EXPECT_NEAR(expected[i], actual.cpu_data()[i], 1e-5) << "at " << i;
    }
  }

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
  this->ExpectSame(expected, out);

  Blob<Dtype> im_out(std::vector<int>{g.im_count()});
  caffe_gpu_set<Dtype>(im_out.count(), 5, im_out.mutable_gpu_data());
  std::vector<Dtype> im_expected(g.im_count());
  col2im_cpu(this->col_.cpu_data(), g.channels, g.height, g.width, g.kernel[0],
             g.kernel[1], g.pad[0], g.pad[1], g.stride[0], g.stride[1],
             g.dilation[0], g.dilation[1], im_expected.data());
  col2im_gpu(this->col_.gpu_data(), g.channels, g.height, g.width, g.kernel[0],
             g.kernel[1], g.pad[0], g.pad[1], g.stride[0], g.stride[1],
             g.dilation[0], g.dilation[1], im_out.mutable_gpu_data());
  this->ExpectSame(im_expected, im_out);  // overwritten, not accumulated
}

TYPED_TEST(GpuIm2colTest, NdMatchesCpuBothWays) {
  typedef TypeParam Dtype;
  const Im2colGeometry& g = this->g_;
  const std::vector<int> im_shape{g.channels, g.height, g.width};
  const std::vector<int> col_shape{g.channels * g.kernel[0] * g.kernel[1],
                                   g.height_col(), g.width_col()};
  const std::vector<int> kernel(g.kernel, g.kernel + 2);
  const std::vector<int> pad(g.pad, g.pad + 2);
  const std::vector<int> stride(g.stride, g.stride + 2);
  const std::vector<int> dilation(g.dilation, g.dilation + 2);
  DeviceInts d_im_shape(im_shape), d_col_shape(col_shape), d_kernel(kernel),
      d_pad(pad), d_stride(stride), d_dilation(dilation);

  Blob<Dtype> out(std::vector<int>{g.col_count()});
  std::vector<Dtype> expected(g.col_count());
  im2col_nd_cpu(this->im_.cpu_data(), 2, im_shape.data(), col_shape.data(),
                kernel.data(), pad.data(), stride.data(), dilation.data(),
                expected.data());
  const int num_kernels = g.channels * g.height_col() * g.width_col();
  im2col_nd_gpu(this->im_.gpu_data(), 2, num_kernels, d_im_shape.gpu(),
                d_col_shape.gpu(), d_kernel.gpu(), d_pad.gpu(), d_stride.gpu(),
                d_dilation.gpu(), out.mutable_gpu_data());
  this->ExpectSame(expected, out);

  Blob<Dtype> im_out(std::vector<int>{g.im_count()});
  caffe_gpu_set<Dtype>(im_out.count(), 5, im_out.mutable_gpu_data());
  std::vector<Dtype> im_expected(g.im_count());
  col2im_nd_cpu(this->col_.cpu_data(), 2, im_shape.data(), col_shape.data(),
                kernel.data(), pad.data(), stride.data(), dilation.data(),
                im_expected.data());
  col2im_nd_gpu(this->col_.gpu_data(), 2, g.im_count(), d_im_shape.gpu(),
                d_col_shape.gpu(), d_kernel.gpu(), d_pad.gpu(), d_stride.gpu(),
                d_dilation.gpu(), im_out.mutable_gpu_data());
  this->ExpectSame(im_expected, im_out);
}

}  // namespace caffe

#endif  // !CPU_ONLY

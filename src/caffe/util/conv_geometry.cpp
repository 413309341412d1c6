#include "caffe/util/conv_geometry.hpp"

#include "caffe/error.hpp"

namespace caffe {

namespace {

// Fills `out` from one setting; see ReadConvGeometry for the forms.
void ReadPerAxisSetting(
    const std::string& name,
    const google::protobuf::RepeatedField<google::protobuf::uint32>& values,
    const bool has_h, const bool has_w, const int h, const int w,
    const int default_value, const int num_spatial_axes,
    SyncedArray<int>* out) {
  out->Reshape(num_spatial_axes);
  int* data = out->mutable_cpu_data();
  if (has_h || has_w) {
    CAFFE_REQUIRE(num_spatial_axes == 2)
        << name << "_h and " << name << "_w apply to 2-D convolution only, "
        << "but the input has " << num_spatial_axes << " spatial axes";
    CAFFE_REQUIRE(values.size() == 0)
        << "either " << name << " or " << name << "_h and " << name
        << "_w may be given, not both";
    CAFFE_REQUIRE(has_h && has_w)
        << name << "_h and " << name << "_w must be given together";
    data[0] = h;
    data[1] = w;
    return;
  }
  const int num_values = values.size();
  CAFFE_REQUIRE(num_values == 0 || num_values == 1 ||
                num_values == num_spatial_axes)
      << name << " must be given once or once per spatial axis ("
      << num_spatial_axes << "), but was given " << num_values << " times";
  for (int i = 0; i < num_spatial_axes; ++i) {
    data[i] = num_values == 0
                  ? default_value
                  : static_cast<int>(values[num_values == 1 ? 0 : i]);
  }
}

void RequirePositive(const char* name, const SyncedArray<int>& values) {
  for (int i = 0; i < values.count(); ++i) {
    CAFFE_REQUIRE(values.cpu_data()[i] > 0)
        << name << " must be positive, spatial axis " << i << " has "
        << values.cpu_data()[i];
  }
}

}  // namespace

void ReadConvGeometry(const ConvolutionParameter& param,
                      const int num_spatial_axes, SyncedArray<int>* kernel,
                      SyncedArray<int>* stride, SyncedArray<int>* pad,
                      SyncedArray<int>* dilation) {
  // With no spatial axis there is no kernel to give (a 0-D convolution is a
  // fully connected map over the channels), as in Caffe.
  CAFFE_REQUIRE(num_spatial_axes == 0 || param.kernel_size_size() > 0 ||
                param.has_kernel_h() || param.has_kernel_w())
      << "kernel_size (or kernel_h and kernel_w) must be specified";
  ReadPerAxisSetting("kernel", param.kernel_size(), param.has_kernel_h(),
                     param.has_kernel_w(), param.kernel_h(), param.kernel_w(),
                     0, num_spatial_axes, kernel);
  ReadPerAxisSetting("stride", param.stride(), param.has_stride_h(),
                     param.has_stride_w(), param.stride_h(), param.stride_w(),
                     1, num_spatial_axes, stride);
  ReadPerAxisSetting("pad", param.pad(), param.has_pad_h(), param.has_pad_w(),
                     param.pad_h(), param.pad_w(), 0, num_spatial_axes, pad);
  ReadPerAxisSetting("dilation", param.dilation(), false, false, 0, 0, 1,
                     num_spatial_axes, dilation);
  RequirePositive("kernel size", *kernel);
  RequirePositive("stride", *stride);
  RequirePositive("dilation", *dilation);
}

int ConvOutputSize(const int input_size, const int kernel, const int pad,
                   const int stride, const int dilation, const int axis,
                   const std::string& input_name) {
  const int extent = dilation * (kernel - 1) + 1;
  CAFFE_REQUIRE(input_size + 2 * pad >= extent)
      << "the kernel (extent " << extent << " on spatial axis " << axis
      << ") does not fit the padded input "
      << (input_name.empty() ? "" : input_name + " ") << "(size "
      << input_size << " + 2 * pad " << pad << ")";
  return (input_size + 2 * pad - extent) / stride + 1;
}

}  // namespace caffe

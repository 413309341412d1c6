#ifndef CAFFE_UTIL_CONV_GEOMETRY_HPP_
#define CAFFE_UTIL_CONV_GEOMETRY_HPP_

#include <string>

#include "caffe/proto/caffe.pb.h"
#include "caffe/util/synced_array.hpp"

namespace caffe {

// The kernel, stride, pad and dilation of a ConvolutionParameter (used by
// Convolution, Deconvolution and Im2col), one entry per spatial axis. Each
// setting is given as nothing (defaults: kernel none, stride 1, pad 0,
// dilation 1), one value for every axis, one value per axis, or, for 2-D
// only, the name_h / name_w pair. Throws caffe::Error when the kernel is
// missing (unless num_spatial_axes is 0, which needs none), a setting is given a wrong number of times or in both forms, or a
// kernel size, stride or dilation is not positive.
void ReadConvGeometry(const ConvolutionParameter& param, int num_spatial_axes,
                      SyncedArray<int>* kernel, SyncedArray<int>* stride,
                      SyncedArray<int>* pad, SyncedArray<int>* dilation);

// The output length of a convolution along one axis:
//   (input + 2 * pad - (dilation * (kernel - 1) + 1)) / stride + 1.
// Throws caffe::Error when the dilated kernel does not fit the padded input;
// the message names the spatial axis and `input_name` (e.g. a shape
// string; may be empty).
int ConvOutputSize(int input_size, int kernel, int pad, int stride,
                   int dilation, int axis, const std::string& input_name);

}  // namespace caffe

#endif  // CAFFE_UTIL_CONV_GEOMETRY_HPP_

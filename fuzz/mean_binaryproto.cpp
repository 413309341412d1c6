// .binaryproto mean bytes -> DataTransformer with that mean_file, then a
// transform of an image of the mean's own shape, whole and cropped.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/data_transformer.hpp"
#include "fuzz_support.hpp"

namespace {

// Images larger than this are not worth the time of an execution.
const int64_t kMaxPixels = 1 << 20;

void TransformImage(const caffe::TransformationParameter& param,
                    caffe::Phase phase, const caffe::Datum& datum) {
  caffe::DataTransformer<float> transformer(param, phase);
  transformer.InitRand();
  caffe::Blob<float> out(transformer.InferBlobShape(datum));
  transformer.Transform(datum, &out);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  caffe::fuzz::InitForFuzzing();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  caffe::TransformationParameter param;
  param.set_mean_file(caffe::fuzz::WriteTempFile(data, size, ".binaryproto"));
  param.set_scale(0.5f);
  try {
    caffe::DataTransformer<float> transformer(param, caffe::TEST);
  } catch (const caffe::Error&) {
    return 0;
  }
  // The mean was accepted: transform an image of its C x H x W shape.
  caffe::BlobProto mean;
  if (!mean.ParseFromArray(data, static_cast<int>(size))) __builtin_trap();
  const std::vector<int> shape = caffe::BlobProtoShape(mean);
  if (shape.size() < 3) __builtin_trap();
  caffe::Datum datum;
  datum.set_channels(shape[shape.size() - 3]);
  datum.set_height(shape[shape.size() - 2]);
  datum.set_width(shape[shape.size() - 1]);
  const int64_t pixels =
      int64_t{datum.channels()} * datum.height() * datum.width();
  if (pixels <= 0 || pixels > kMaxPixels) return 0;
  datum.set_data(std::string(static_cast<size_t>(pixels), '\x80'));
  try {
    TransformImage(param, caffe::TEST, datum);
    param.set_crop_size(std::min(datum.height(), datum.width()) / 2 + 1);
    param.set_mirror(true);
    TransformImage(param, caffe::TRAIN, datum);
  } catch (const caffe::Error&) {
  }
  return 0;
}

// Datum bytes (an LMDB or LevelDB value) -> what DataLayer does with each
// entry: parse, InferBlobShape, Transform, under several transformation
// parameters (raw, cropped and mirrored in TRAIN, centre-cropped with
// per-channel means in TEST, encoded images forced to colour and to grey).

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/data_transformer.hpp"
#include "caffe/util/io.hpp"
#include "fuzz_support.hpp"

namespace {

struct Setting {
  caffe::TransformationParameter param;
  caffe::Phase phase;
};

std::vector<Setting> Settings() {
  std::vector<Setting> settings;
  caffe::TransformationParameter plain;
  settings.push_back({plain, caffe::TEST});

  caffe::TransformationParameter train = plain;
  train.set_crop_size(3);
  train.set_mirror(true);
  train.set_scale(1.0f / 255);
  settings.push_back({train, caffe::TRAIN});

  caffe::TransformationParameter means = plain;
  means.set_crop_size(2);
  for (float value : {104.0f, 117.0f, 123.0f}) means.add_mean_value(value);
  settings.push_back({means, caffe::TEST});

  caffe::TransformationParameter colour = plain;
  colour.set_force_color(true);
  settings.push_back({colour, caffe::TEST});

  caffe::TransformationParameter grey = plain;
  grey.set_force_gray(true);
  grey.add_mean_value(128.0f);
  settings.push_back({grey, caffe::TRAIN});
  return settings;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  caffe::fuzz::InitForFuzzing();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<Setting> settings = Settings();
  caffe::Datum datum;
  // DataLayer rejects an entry that does not parse with an Error.
  if (!datum.ParseFromArray(data, static_cast<int>(size))) return 0;
  for (const Setting& setting : settings) {
    try {
      caffe::DataTransformer<float> transformer(setting.param, setting.phase);
      transformer.InitRand();
      caffe::Blob<float> out(transformer.InferBlobShape(datum));
      transformer.Transform(datum, &out);
    } catch (const caffe::Error&) {
    }
  }
#ifdef USE_OPENCV
  // What convert_imageset and the tools do with an encoded datum.
  if (datum.encoded()) {
    caffe::Datum decoded = datum;
    try {
      caffe::DecodeDatumNative(&decoded);
    } catch (const caffe::Error&) {
    }
  }
#endif
  return 0;
}

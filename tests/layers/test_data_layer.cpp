#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#ifdef USE_OPENCV
#include <opencv2/core/core.hpp>
#include <opencv2/imgcodecs.hpp>
#endif

#include "caffe/blob.hpp"
#include "caffe/layer_factory.hpp"
#include "caffe/layers/data_layer.hpp"
#include "caffe/proto/caffe.pb.h"
#include "caffe/util/db.hpp"
#include "caffe/util/io.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

namespace {

const int kChannels = 2, kHeight = 3, kWidth = 4;
const int kNumEntries = 5;

// Entry i: label i, pixel (c, h, w) = 10 * i + (c * kHeight + h) * kWidth + w.
Datum EntryDatum(int i) {
  Datum datum;
  datum.set_channels(kChannels);
  datum.set_height(kHeight);
  datum.set_width(kWidth);
  datum.set_label(i);
  string data(kChannels * kHeight * kWidth, '\0');
  for (size_t j = 0; j < data.size(); ++j) {
    data[j] = static_cast<char>(10 * i + j);
  }
  datum.set_data(data);
  return datum;
}

string Key(int i) {
  char key[16];
  snprintf(key, sizeof(key), "%08d", i);
  return key;
}

void WriteEntries(DataParameter::DB backend, const string& path,
                  const vector<string>& values) {
  std::unique_ptr<db::DB> db(db::GetDB(backend));
  db->Open(path, db::NEW);
  std::unique_ptr<db::Transaction> txn(db->NewTransaction());
  for (size_t i = 0; i < values.size(); ++i) {
    txn->Put(Key(static_cast<int>(i)), values[i]);
  }
  txn->Commit();
}

void WriteDatums(DataParameter::DB backend, const string& path,
                 const vector<Datum>& datums) {
  vector<string> values;
  for (const Datum& datum : datums) values.push_back(datum.SerializeAsString());
  WriteEntries(backend, path, values);
}

vector<Datum> StandardDatums() {
  vector<Datum> datums;
  for (int i = 0; i < kNumEntries; ++i) datums.push_back(EntryDatum(i));
  return datums;
}

void ExpectMessageContains(const Error& error, const string& text) {
  EXPECT_NE(string::npos, string(error.what()).find(text))
      << "message \"" << error.what() << "\" lacks \"" << text << "\"";
}

}  // namespace

template <typename TypeParam>
class DataLayerTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  DataLayerTest()
      : data_(new Blob<Dtype>()),
        label_(new Blob<Dtype>()),
        top_({data_.get(), label_.get()}) {}

  // A Data layer parameter reading path with the given batch size.
  LayerParameter Param(DataParameter::DB backend, const string& path,
                       int batch_size, Phase phase = TRAIN) {
    LayerParameter param;
    param.set_phase(phase);
    DataParameter* data_param = param.mutable_data_param();
    data_param->set_batch_size(batch_size);
    data_param->set_source(path);
    data_param->set_backend(backend);
    return param;
  }

  // Forwards once and checks that the batch holds entries first, first+1,
  // ... (mod kNumEntries), untransformed.
  void ExpectNextBatch(Layer<Dtype>* layer, int batch_size, int first) {
    layer->Forward(bottom_, top_);
    ASSERT_EQ((vector<int>{batch_size, kChannels, kHeight, kWidth}),
              data_->shape());
    ASSERT_EQ(vector<int>{batch_size}, label_->shape());
    for (int n = 0; n < batch_size; ++n) {
      const int entry = (first + n) % kNumEntries;
      EXPECT_EQ(entry, label_->cpu_data()[n]);
      const int size = kChannels * kHeight * kWidth;
      for (int j = 0; j < size; ++j) {
        ASSERT_EQ((10 * entry + j) % 256, data_->cpu_data()[n * size + j])
            << "item " << n << " value " << j;
      }
    }
  }

  void CheckReadsInOrderAndWraps(DataParameter::DB backend) {
    const string path = temp_dir_.file("db");
    WriteDatums(backend, path, StandardDatums());
    DataLayer<Dtype> layer(Param(backend, path, 3));
    layer.SetUp(bottom_, top_);
    EXPECT_EQ((vector<int>{3, kChannels, kHeight, kWidth}), data_->shape());
    for (int first : {0, 3, 1, 4}) ExpectNextBatch(&layer, 3, first);
  }

  TempDir temp_dir_;
  std::unique_ptr<Blob<Dtype> > data_, label_;
  vector<Blob<Dtype>*> bottom_, top_;
};

TYPED_TEST_SUITE(DataLayerTest, TestDtypesAndDevices);

#ifdef USE_LMDB
TYPED_TEST(DataLayerTest, ReadsLMDBInOrderAndWraps) {
  this->CheckReadsInOrderAndWraps(DataParameter_DB_LMDB);
}
#endif

#ifdef USE_LEVELDB
TYPED_TEST(DataLayerTest, ReadsLevelDBInOrderAndWraps) {
  this->CheckReadsInOrderAndWraps(DataParameter_DB_LEVELDB);
}
#endif

#ifdef USE_LMDB
TYPED_TEST(DataLayerTest, IsRegisteredAsData) {
  typedef typename TypeParam::Dtype Dtype;
  const string path = this->temp_dir_.file("db");
  WriteDatums(DataParameter_DB_LMDB, path, StandardDatums());
  LayerParameter param = this->Param(DataParameter_DB_LMDB, path, 2);
  param.set_type("Data");
  shared_ptr<Layer<Dtype> > layer = LayerRegistry<Dtype>::CreateLayer(param);
  EXPECT_STREQ("Data", layer->type());
  layer->SetUp(this->bottom_, this->top_);
  this->ExpectNextBatch(layer.get(), 2, 0);
}

TYPED_TEST(DataLayerTest, DataOnlyWithoutLabelTop) {
  typedef typename TypeParam::Dtype Dtype;
  const string path = this->temp_dir_.file("db");
  WriteDatums(DataParameter_DB_LMDB, path, StandardDatums());
  DataLayer<Dtype> layer(this->Param(DataParameter_DB_LMDB, path, 2));
  const vector<Blob<Dtype>*> top = {this->data_.get()};
  layer.SetUp(this->bottom_, top);
  layer.Forward(this->bottom_, top);
  layer.Forward(this->bottom_, top);
  EXPECT_EQ(30, this->data_->cpu_data()[1 * kChannels * kHeight * kWidth]);
}

TYPED_TEST(DataLayerTest, BottomsAreRejected) {
  typedef typename TypeParam::Dtype Dtype;
  const string path = this->temp_dir_.file("db");
  WriteDatums(DataParameter_DB_LMDB, path, StandardDatums());
  DataLayer<Dtype> layer(this->Param(DataParameter_DB_LMDB, path, 2));
  Blob<Dtype> bottom(1, 1, 1, 1);
  const vector<Blob<Dtype>*> bottoms = {&bottom};
  EXPECT_THROW(layer.SetUp(bottoms, this->top_), Error);
}

TYPED_TEST(DataLayerTest, RandSkipStartsAtASeededEntry) {
  typedef typename TypeParam::Dtype Dtype;
  const string path = this->temp_dir_.file("db");
  WriteDatums(DataParameter_DB_LMDB, path, StandardDatums());
  LayerParameter param = this->Param(DataParameter_DB_LMDB, path, 2);
  param.mutable_data_param()->set_rand_skip(kNumEntries);
  vector<int> firsts;
  for (unsigned int seed : {1u, 1u, 2u, 3u, 4u, 5u, 6u}) {
    Caffe::set_random_seed(seed);
    DataLayer<Dtype> layer(param);
    layer.SetUp(this->bottom_, this->top_);
    layer.Forward(this->bottom_, this->top_);
    const int first = static_cast<int>(this->label_->cpu_data()[0]);
    ASSERT_GE(first, 0);
    ASSERT_LT(first, kNumEntries);
    EXPECT_EQ((first + 1) % kNumEntries, this->label_->cpu_data()[1]);
    firsts.push_back(first);
  }
  EXPECT_EQ(firsts[0], firsts[1]) << "same seed, same skip";
  EXPECT_NE(std::count(firsts.begin(), firsts.end(), firsts[0]),
            static_cast<long>(firsts.size()))
      << "six seeds all skipping the same count";
}

TYPED_TEST(DataLayerTest, AppliesTransformParam) {
  typedef typename TypeParam::Dtype Dtype;
  const string path = this->temp_dir_.file("db");
  WriteDatums(DataParameter_DB_LMDB, path, StandardDatums());
  LayerParameter param = this->Param(DataParameter_DB_LMDB, path, 2, TEST);
  param.mutable_transform_param()->set_crop_size(2);
  param.mutable_transform_param()->set_scale(0.5);
  param.mutable_transform_param()->add_mean_value(4);
  DataLayer<Dtype> layer(param);
  layer.SetUp(this->bottom_, this->top_);
  layer.Forward(this->bottom_, this->top_);
  ASSERT_EQ((vector<int>{2, kChannels, 2, 2}), this->data_->shape());
  // The centre crop of a 3 x 4 image starts at (0, 1).
  for (int n = 0; n < 2; ++n) {
    for (int c = 0; c < kChannels; ++c) {
      for (int h = 0; h < 2; ++h) {
        for (int w = 0; w < 2; ++w) {
          const int source = 10 * n + (c * kHeight + h) * kWidth + w + 1;
          EXPECT_EQ((source - 4) * Dtype(0.5),
                    this->data_->data_at(n, c, h, w));
        }
      }
    }
  }
}

TYPED_TEST(DataLayerTest, SeededRandomTransformsRepeat) {
  typedef typename TypeParam::Dtype Dtype;
  const string path = this->temp_dir_.file("db");
  WriteDatums(DataParameter_DB_LMDB, path, StandardDatums());
  LayerParameter param = this->Param(DataParameter_DB_LMDB, path, 5);
  param.mutable_transform_param()->set_crop_size(2);
  param.mutable_transform_param()->set_mirror(true);
  vector<vector<Dtype> > runs(2);
  for (auto& run : runs) {
    Caffe::set_random_seed(1701);
    DataLayer<Dtype> layer(param);
    layer.SetUp(this->bottom_, this->top_);
    for (int iter = 0; iter < 3; ++iter) {
      layer.Forward(this->bottom_, this->top_);
      run.insert(run.end(), this->data_->cpu_data(),
                 this->data_->cpu_data() + this->data_->count());
    }
  }
  EXPECT_EQ(runs[0], runs[1]);
}

TYPED_TEST(DataLayerTest, MissingSourceThrowsNamingIt) {
  typedef typename TypeParam::Dtype Dtype;
  const string path = this->temp_dir_.file("no_such_lmdb");
  DataLayer<Dtype> layer(this->Param(DataParameter_DB_LMDB, path, 2));
  try {
    layer.SetUp(this->bottom_, this->top_);
    FAIL() << "a missing source should throw";
  } catch (const Error& error) {
    ExpectMessageContains(error, path);
  }
}

TYPED_TEST(DataLayerTest, CorruptFirstEntryThrowsAtSetUp) {
  typedef typename TypeParam::Dtype Dtype;
  const string path = this->temp_dir_.file("db");
  WriteEntries(DataParameter_DB_LMDB, path, {"\xff\xff\xff not a datum"});
  DataLayer<Dtype> layer(this->Param(DataParameter_DB_LMDB, path, 2));
  try {
    layer.SetUp(this->bottom_, this->top_);
    FAIL() << "a corrupt entry should throw";
  } catch (const Error& error) {
    ExpectMessageContains(error, Key(0));
  }
}

TYPED_TEST(DataLayerTest, CorruptLaterEntryThrowsFromForward) {
  typedef typename TypeParam::Dtype Dtype;
  const string path = this->temp_dir_.file("db");
  WriteEntries(DataParameter_DB_LMDB, path,
               {EntryDatum(0).SerializeAsString(),
                EntryDatum(1).SerializeAsString(), "\xff\xff\xff garbage"});
  DataLayer<Dtype> layer(this->Param(DataParameter_DB_LMDB, path, 2));
  layer.SetUp(this->bottom_, this->top_);
  this->ExpectNextBatch(&layer, 2, 0);
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      layer.Forward(this->bottom_, this->top_);
      FAIL() << "the batch with the corrupt entry should throw";
    } catch (const Error& error) {
      ExpectMessageContains(error, Key(2));
    }
  }
}

TYPED_TEST(DataLayerTest, DatumsOfDifferentSizesInABatchThrow) {
  typedef typename TypeParam::Dtype Dtype;
  const string path = this->temp_dir_.file("db");
  Datum small = EntryDatum(1);
  small.set_width(2);
  small.mutable_data()->resize(kChannels * kHeight * 2);
  WriteDatums(DataParameter_DB_LMDB, path, {EntryDatum(0), small});
  DataLayer<Dtype> layer(this->Param(DataParameter_DB_LMDB, path, 2));
  layer.SetUp(this->bottom_, this->top_);
  try {
    layer.Forward(this->bottom_, this->top_);
    FAIL() << "a 3x2 datum in a batch of 3x4 ones should throw";
  } catch (const Error& error) {
    ExpectMessageContains(error, Key(1));
  }
}

TYPED_TEST(DataLayerTest, StopsPromptlyWithoutForward) {
  typedef typename TypeParam::Dtype Dtype;
  const string path = this->temp_dir_.file("db");
  WriteDatums(DataParameter_DB_LMDB, path, StandardDatums());
  for (int i = 0; i < 20; ++i) {
    DataLayer<Dtype> layer(this->Param(DataParameter_DB_LMDB, path, 1));
    layer.SetUp(this->bottom_, this->top_);
  }
}

#ifdef USE_OPENCV
// Datums holding PNG (lossless) or JPEG (lossy) encodings of EntryDatum's
// images (as 2-channel images cannot be encoded, these have 3).
TYPED_TEST(DataLayerTest, ReadsEncodedDatums) {
  typedef typename TypeParam::Dtype Dtype;
  for (const string format : {"png", "jpg"}) {
    const string path = this->temp_dir_.file("db_" + format);
    vector<Datum> encoded, raw;
    for (int i = 0; i < kNumEntries; ++i) {
      cv::Mat image(8, 8, CV_8UC3);
      for (int j = 0; j < 8 * 8 * 3; ++j) {
        image.data[j] = static_cast<uchar>(40 + 20 * i + (j % 24));
      }
      vector<uchar> bytes;
      ASSERT_TRUE(cv::imencode("." + format, image, bytes));
      Datum datum;
      datum.set_data(string(bytes.begin(), bytes.end()));
      datum.set_encoded(true);
      datum.set_label(i);
      encoded.push_back(datum);
      Datum plain;
      CVMatToDatum(image, &plain);
      raw.push_back(plain);
    }
    WriteDatums(DataParameter_DB_LMDB, path, encoded);
    DataLayer<Dtype> layer(this->Param(DataParameter_DB_LMDB, path, 5));
    layer.SetUp(this->bottom_, this->top_);
    layer.Forward(this->bottom_, this->top_);
    ASSERT_EQ((vector<int>{5, 3, 8, 8}), this->data_->shape());
    const Dtype tolerance = format == "png" ? 0 : 12;
    for (int n = 0; n < kNumEntries; ++n) {
      EXPECT_EQ(n, this->label_->cpu_data()[n]);
      for (int j = 0; j < 3 * 8 * 8; ++j) {
        const Dtype expected = static_cast<uint8_t>(raw[n].data()[j]);
        ASSERT_NEAR(expected, this->data_->cpu_data()[n * 192 + j], tolerance)
            << format << " item " << n << " value " << j;
      }
    }
  }
}
#endif  // USE_OPENCV
#endif  // USE_LMDB

}  // namespace caffe

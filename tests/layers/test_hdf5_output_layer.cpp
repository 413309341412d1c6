// HDF5Output has no tops and no backward, so there is no gradient check;
// the test reads the file back.
#ifdef USE_HDF5

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layers/hdf5_output_layer.hpp"
#include "caffe/util/hdf5.hpp"
#include "layers/layer_error_util.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

namespace {

// The dataset's dims and values (as doubles).
void ReadBack(const string& path, const char* name, vector<hsize_t>* dims,
              vector<double>* values) {
  hdf5::Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT),
                    H5Fclose);
  ASSERT_TRUE(file.ok());
  H5T_class_t type_class;
  ASSERT_TRUE(hdf5::DatasetInfo(file.get(), name, dims, &type_class));
  hsize_t count = 1;
  for (hsize_t d : *dims) count *= d;
  values->resize(count);
  ASSERT_GE(hdf5::ReadDataset(file.get(), name, values->data()), 0);
}

}  // namespace

template <typename TypeParam>
class HDF5OutputLayerTest : public MultiDeviceTest<TypeParam> {};

TYPED_TEST_SUITE(HDF5OutputLayerTest, TestDtypesAndDevices);

TYPED_TEST(HDF5OutputLayerTest, WritesDataAndLabel) {
  typedef typename TypeParam::Dtype Dtype;
  TempDir dir;
  LayerParameter param;
  param.mutable_hdf5_output_param()->set_file_name(dir.file("out.h5"));
  Blob<Dtype> data(2, 3, 4, 5), label(2, 1, 1, 1);
  for (int i = 0; i < data.count(); ++i) data.mutable_cpu_data()[i] = i * 0.5;
  label.mutable_cpu_data()[0] = 7;
  label.mutable_cpu_data()[1] = 3;
  const vector<Blob<Dtype>*> bottom = {&data, &label};
  {
    HDF5OutputLayer<Dtype> layer(param);
    layer.SetUp(bottom, {});
    EXPECT_EQ(layer.file_name(), dir.file("out.h5"));
    layer.Forward(bottom, {});
    // A second batch replaces the first.
    for (int i = 0; i < data.count(); ++i) data.mutable_cpu_data()[i] = i;
    layer.Forward(bottom, {});
  }
  vector<hsize_t> dims;
  vector<double> values;
  ReadBack(dir.file("out.h5"), "data", &dims, &values);
  EXPECT_EQ(dims, (vector<hsize_t>{2, 3, 4, 5}));
  for (int i = 0; i < data.count(); ++i) EXPECT_EQ(values[i], i);
  ReadBack(dir.file("out.h5"), "label", &dims, &values);
  EXPECT_EQ(dims, (vector<hsize_t>{2, 1, 1, 1}));
  EXPECT_EQ(values, (vector<double>{7, 3}));
}

TYPED_TEST(HDF5OutputLayerTest, UnwritableFile) {
  typedef typename TypeParam::Dtype Dtype;
  LayerParameter param;
  param.set_type("HDF5Output");
  param.mutable_hdf5_output_param()->set_file_name("/nonexistent/dir/out.h5");
  Blob<Dtype> data(2, 3, 1, 1), label(2, 1, 1, 1);
  ExpectLayerError<Dtype>(param, {&data, &label}, {},
                          {"/nonexistent/dir/out.h5"});
}

TYPED_TEST(HDF5OutputLayerTest, NumMismatch) {
  typedef typename TypeParam::Dtype Dtype;
  TempDir dir;
  LayerParameter param;
  param.set_type("HDF5Output");
  param.mutable_hdf5_output_param()->set_file_name(dir.file("out.h5"));
  Blob<Dtype> data(2, 3, 1, 1), label(3, 1, 1, 1);
  ExpectLayerError<Dtype>(param, {&data, &label}, {}, {"2 3 1 1", "3 1 1 1"});
}

}  // namespace caffe

#endif  // USE_HDF5

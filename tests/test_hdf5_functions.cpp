// Caffe's free HDF5 functions (caffe/util/hdf5.hpp): each value written comes
// back, for float and double, and each misuse is a caffe::Error naming the
// dataset.
#ifdef USE_HDF5

#include <gtest/gtest.h>

#include <climits>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/util/hdf5.hpp"
#include "support/error_message.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

template <typename Dtype>
class HDF5FunctionsTest : public ::testing::Test {
 protected:
  HDF5FunctionsTest()
      : file_(H5Fcreate(dir_.file("test.h5").c_str(), H5F_ACC_TRUNC,
                        H5P_DEFAULT, H5P_DEFAULT),
              H5Fclose) {}

  // A 2 x 3 x 4 blob whose data is i + 0.25 and diff -i.
  static void Fill(Blob<Dtype>* blob) {
    blob->Reshape(vector<int>{2, 3, 4});
    for (int i = 0; i < blob->count(); ++i) {
      blob->mutable_cpu_data()[i] = Dtype(i + 0.25);
      blob->mutable_cpu_diff()[i] = Dtype(-i);
    }
  }

  TempDir dir_;
  hdf5::Handle file_;
};

TYPED_TEST_SUITE(HDF5FunctionsTest, TestDtypes);

TYPED_TEST(HDF5FunctionsTest, NdDatasetRoundTripsDataAndDiff) {
  ASSERT_TRUE(this->file_.ok());
  Blob<TypeParam> saved;
  this->Fill(&saved);
  hdf5_save_nd_dataset(this->file_.get(), "data", saved);
  hdf5_save_nd_dataset(this->file_.get(), "diff", saved, true);

  Blob<TypeParam> data;
  hdf5_load_nd_dataset(this->file_.get(), "data", 1, 4, &data, true);
  ASSERT_EQ(saved.shape(), data.shape());
  Blob<TypeParam> diff(saved.shape());  // already shaped: no reshape asked
  hdf5_load_nd_dataset(this->file_.get(), "diff", 3, 3, &diff);
  for (int i = 0; i < saved.count(); ++i) {
    EXPECT_EQ(saved.cpu_data()[i], data.cpu_data()[i]);
    EXPECT_EQ(saved.cpu_diff()[i], diff.cpu_data()[i]);
  }
}

TYPED_TEST(HDF5FunctionsTest, HelperReshapesOrChecksWithoutReading) {
  Blob<TypeParam> saved;
  this->Fill(&saved);
  hdf5_save_nd_dataset(this->file_.get(), "data", saved);
  Blob<TypeParam> blob;
  hdf5_load_nd_dataset_helper(this->file_.get(), "data", 1, INT_MAX, &blob,
                              true);
  EXPECT_EQ(saved.shape(), blob.shape());
  hdf5_load_nd_dataset_helper(this->file_.get(), "data", 1, INT_MAX, &blob,
                              false);
  Blob<TypeParam> other(vector<int>{4, 3, 2});
  ExpectErrorMentioning(
      [&] {
        hdf5_load_nd_dataset_helper(this->file_.get(), "data", 1, INT_MAX,
                                    &other, false);
      },
      {"\"data\"", "2 3 4 (24)", "4 3 2 (24)"});
}

TYPED_TEST(HDF5FunctionsTest, IntegerDatasetsConvert) {
  const int values[] = {1, 2, 3};
  const hsize_t dims[] = {3};
  ASSERT_GE(H5LTmake_dataset_int(this->file_.get(), "ints", 1, dims, values),
            0);
  Blob<TypeParam> blob;
  hdf5_load_nd_dataset(this->file_.get(), "ints", 1, 1, &blob, true);
  ASSERT_EQ(blob.shape(), vector<int>{3});
  EXPECT_EQ(TypeParam(3), blob.cpu_data()[2]);
}

TYPED_TEST(HDF5FunctionsTest, LoadErrorsNameTheDataset) {
  Blob<TypeParam> saved;
  this->Fill(&saved);
  hdf5_save_nd_dataset(this->file_.get(), "data", saved);
  hdf5_save_string(this->file_.get(), "text", "words");
  Blob<TypeParam> blob;
  const hid_t file = this->file_.get();
  ExpectErrorMentioning(
      [&] { hdf5_load_nd_dataset(file, "absent", 1, 4, &blob, true); },
      {"\"absent\"", "does not exist"});
  ExpectErrorMentioning(
      [&] { hdf5_load_nd_dataset(file, "data", 4, 5, &blob, true); },
      {"\"data\"", "3 dimension(s)", "between 4 and 5"});
  ExpectErrorMentioning(
      [&] { hdf5_load_nd_dataset(file, "text", 0, 4, &blob, true); },
      {"\"text\"", "string"});
  // Saving over an existing name is refused, not overwritten.
  ExpectErrorMentioning([&] { hdf5_save_nd_dataset(file, "data", saved); },
                        {"\"data\""});
}

TYPED_TEST(HDF5FunctionsTest, IntAndStringRoundTrip) {
  const hid_t file = this->file_.get();
  hdf5_save_int(file, "iter", -42);
  hdf5_save_string(file, "name", "lenet_iter_100.caffemodel");
  hdf5_save_string(file, "empty", "");
  EXPECT_EQ(-42, hdf5_load_int(file, "iter"));
  EXPECT_EQ("lenet_iter_100.caffemodel", hdf5_load_string(file, "name"));
  EXPECT_EQ("", hdf5_load_string(file, "empty"));
  // Caffe's layout: the int is a dataset of one element.
  int rank = -1;
  ASSERT_GE(H5LTget_dataset_ndims(file, "iter", &rank), 0);
  EXPECT_EQ(1, rank);

  ExpectErrorMentioning([&] { hdf5_load_int(file, "name"); },
                        {"\"name\"", "not a single integer"});
  ExpectErrorMentioning([&] { hdf5_load_string(file, "iter"); },
                        {"\"iter\"", "not a string"});
  ExpectErrorMentioning([&] { hdf5_load_int(file, "nothing"); },
                        {"\"nothing\"", "does not exist"});
  ExpectErrorMentioning([&] { hdf5_load_string(file, "nothing"); },
                        {"\"nothing\"", "does not exist"});
  ExpectErrorMentioning([&] { hdf5_save_int(file, "iter", 1); }, {"\"iter\""});
}

TYPED_TEST(HDF5FunctionsTest, LinksAreCountedAndNamedInOrder) {
  const hid_t file = this->file_.get();
  EXPECT_EQ(0, hdf5_get_num_links(file));
  Blob<TypeParam> blob;
  this->Fill(&blob);
  hdf5_save_nd_dataset(file, "b", blob);
  hdf5_save_int(file, "a", 1);
  hdf5::Handle group(
      H5Gcreate2(file, "c", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose);
  ASSERT_TRUE(group.ok());
  hdf5_save_nd_dataset(group.get(), "0", blob);
  ASSERT_EQ(3, hdf5_get_num_links(file));
  EXPECT_EQ("a", hdf5_get_name_by_idx(file, 0));
  EXPECT_EQ("b", hdf5_get_name_by_idx(file, 1));
  EXPECT_EQ("c", hdf5_get_name_by_idx(file, 2));
  EXPECT_EQ(1, hdf5_get_num_links(group.get()));
  EXPECT_EQ("0", hdf5_get_name_by_idx(group.get(), 0));
  ExpectErrorMentioning([&] { hdf5_get_name_by_idx(file, 3); },
                        {"number 3", "has 3"});
  ExpectErrorMentioning([&] { hdf5_get_name_by_idx(file, -1); }, {"number -1"});
}

}  // namespace caffe

#endif  // USE_HDF5

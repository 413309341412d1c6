// HDF5Data is a data source with no bottoms and no backward, so there is no
// gradient check; the tests compare the tops with the values written.
#ifdef USE_HDF5

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/layers/hdf5_data_layer.hpp"
#include "caffe/util/hdf5.hpp"
#include "layers/layer_error_util.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

namespace {

// Writes one double dataset per (name, dims, values) to a new file.
struct Dataset {
  string name;
  vector<hsize_t> dims;
  vector<double> values;
};

void WriteH5(const string& path, const vector<Dataset>& datasets) {
  hdf5::Handle file(
      H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT),
      H5Fclose);
  ASSERT_TRUE(file.ok());
  for (const Dataset& d : datasets) {
    ASSERT_GE(H5LTmake_dataset_double(file.get(), d.name.c_str(),
                                      d.dims.size(), d.dims.data(),
                                      d.values.data()),
              0);
  }
}

// rows x 2 x 3 data with value 100 * first + 10 * row + element, and
// rows labels first + row.
vector<Dataset> Rows(int first, int rows) {
  Dataset data{"data", {hsize_t(rows), 2, 3}, {}};
  Dataset label{"label", {hsize_t(rows)}, {}};
  for (int r = 0; r < rows; ++r) {
    for (int e = 0; e < 6; ++e) data.values.push_back(1000 + 10 * (first + r) + e);
    label.values.push_back(first + r);
  }
  return {data, label};
}

void WriteList(const string& path, const vector<string>& files) {
  std::ofstream list(path.c_str());
  for (const string& f : files) list << f << "\n";
}

}  // namespace

template <typename TypeParam>
class HDF5DataLayerTest : public MultiDeviceTest<TypeParam> {
  typedef typename TypeParam::Dtype Dtype;

 protected:
  HDF5DataLayerTest() : top_data_(new Blob<Dtype>()), top_label_(new Blob<Dtype>()) {
    top_ = {top_data_.get(), top_label_.get()};
    param_.set_type("HDF5Data");
    param_.add_top("data");
    param_.add_top("label");
    param_.mutable_hdf5_data_param()->set_source(dir_.file("list.txt"));
    param_.mutable_hdf5_data_param()->set_batch_size(2);
  }

  // Two files: rows 0..2 and rows 3..6.
  void WriteTwoFiles() {
    WriteH5(dir_.file("a.h5"), Rows(0, 3));
    WriteH5(dir_.file("b.h5"), Rows(3, 4));
    WriteList(dir_.file("list.txt"), {dir_.file("a.h5"), dir_.file("b.h5")});
  }

  TempDir dir_;
  LayerParameter param_;
  std::unique_ptr<Blob<Dtype> > top_data_, top_label_;
  vector<Blob<Dtype>*> top_;
};

TYPED_TEST_SUITE(HDF5DataLayerTest, TestDtypesAndDevices);

TYPED_TEST(HDF5DataLayerTest, ReadsBatchesAcrossFilesAndWraps) {
  typedef typename TypeParam::Dtype Dtype;
  this->WriteTwoFiles();
  HDF5DataLayer<Dtype> layer(this->param_);
  layer.SetUp({}, this->top_);
  EXPECT_EQ(this->top_data_->shape(), (vector<int>{2, 2, 3}));
  EXPECT_EQ(this->top_label_->shape(), (vector<int>{2}));
  // 7 rows in all; 5 batches of 2 go round once and into the second pass.
  for (int batch = 0; batch < 5; ++batch) {
    layer.Forward({}, this->top_);
    for (int i = 0; i < 2; ++i) {
      const int row = (2 * batch + i) % 7;
      EXPECT_EQ(this->top_label_->cpu_data()[i], row);
      for (int e = 0; e < 6; ++e) {
        EXPECT_EQ(this->top_data_->cpu_data()[i * 6 + e], 1000 + 10 * row + e);
      }
    }
  }
}

TYPED_TEST(HDF5DataLayerTest, ShuffleVisitsEveryRowOncePerPass) {
  typedef typename TypeParam::Dtype Dtype;
  this->WriteTwoFiles();
  this->param_.mutable_hdf5_data_param()->set_shuffle(true);
  this->param_.mutable_hdf5_data_param()->set_batch_size(1);
  HDF5DataLayer<Dtype> layer(this->param_);
  layer.SetUp({}, this->top_);
  vector<int> labels;
  for (int i = 0; i < 7; ++i) {
    layer.Forward({}, this->top_);
    const int label = static_cast<int>(this->top_label_->cpu_data()[0]);
    labels.push_back(label);
    // Data and label rows stay together.
    EXPECT_EQ(this->top_data_->cpu_data()[5], 1000 + 10 * label + 5);
  }
  std::sort(labels.begin(), labels.end());
  EXPECT_EQ(labels, (vector<int>{0, 1, 2, 3, 4, 5, 6}));
}

TYPED_TEST(HDF5DataLayerTest, MissingSourceList) {
  typedef typename TypeParam::Dtype Dtype;
  ExpectLayerError<Dtype>(this->param_, {}, this->top_,
                          {this->dir_.file("list.txt")});
}

TYPED_TEST(HDF5DataLayerTest, EmptySourceList) {
  typedef typename TypeParam::Dtype Dtype;
  WriteList(this->dir_.file("list.txt"), {});
  ExpectLayerError<Dtype>(this->param_, {}, this->top_,
                          {this->dir_.file("list.txt"), "no files"});
}

TYPED_TEST(HDF5DataLayerTest, MissingH5File) {
  typedef typename TypeParam::Dtype Dtype;
  WriteList(this->dir_.file("list.txt"), {this->dir_.file("gone.h5")});
  ExpectLayerError<Dtype>(this->param_, {}, this->top_,
                          {this->dir_.file("gone.h5")});
}

TYPED_TEST(HDF5DataLayerTest, MissingDataset) {
  typedef typename TypeParam::Dtype Dtype;
  this->WriteTwoFiles();
  this->param_.set_top(1, "labels");
  ExpectLayerError<Dtype>(this->param_, {}, this->top_,
                          {this->dir_.file("a.h5"), "\"labels\""});
}

TYPED_TEST(HDF5DataLayerTest, RowCountMismatch) {
  typedef typename TypeParam::Dtype Dtype;
  vector<Dataset> datasets = Rows(0, 3);
  datasets[1] = {"label", {2}, {0, 1}};
  WriteH5(this->dir_.file("a.h5"), datasets);
  WriteList(this->dir_.file("list.txt"), {this->dir_.file("a.h5")});
  ExpectLayerError<Dtype>(this->param_, {}, this->top_,
                          {this->dir_.file("a.h5"), "\"label\"", "2 rows"});
}

TYPED_TEST(HDF5DataLayerTest, LaterFileShapeMismatch) {
  typedef typename TypeParam::Dtype Dtype;
  WriteH5(this->dir_.file("a.h5"), Rows(0, 2));
  WriteH5(this->dir_.file("b.h5"),
          {{"data", {2, 6}, vector<double>(12, 0)}, {"label", {2}, {0, 1}}});
  WriteList(this->dir_.file("list.txt"),
            {this->dir_.file("a.h5"), this->dir_.file("b.h5")});
  HDF5DataLayer<Dtype> layer(this->param_);
  layer.SetUp({}, this->top_);
  // The first batch ends file a, so reading moves on to b.
  try {
    layer.Forward({}, this->top_);
    ADD_FAILURE() << "expected caffe::Error";
  } catch (const Error& e) {
    const string message = e.what();
    EXPECT_NE(message.find(this->dir_.file("b.h5")), string::npos) << message;
    EXPECT_NE(message.find("\"data\""), string::npos) << message;
  }
}

// Restores a single solver when a test that set several ends.
class SolverCountScope {
 public:
  SolverCountScope(int count, int rank) {
    Caffe::set_solver_count(count);
    Caffe::set_solver_rank(rank);
  }
  ~SolverCountScope() {
    Caffe::set_solver_count(1);
    Caffe::set_solver_rank(0);
  }
};

TYPED_TEST(HDF5DataLayerTest, SolversTakeInterleavedRows) {
  typedef typename TypeParam::Dtype Dtype;
  this->WriteTwoFiles();  // rows 0..6 over two files
  const int kSolvers = 3;
  for (int rank = 0; rank < kSolvers; ++rank) {
    SolverCountScope scope(kSolvers, rank);
    HDF5DataLayer<Dtype> layer(this->param_);
    layer.SetUp({}, this->top_);
    // A single solver reads 0..6, 0..6, ...; place k goes to solver
    // k % kSolvers, so this one's j-th row is (rank + j * kSolvers) % 7.
    for (int batch = 0; batch < 4; ++batch) {
      layer.Forward({}, this->top_);
      for (int i = 0; i < 2; ++i) {
        const int row = (rank + (2 * batch + i) * kSolvers) % 7;
        EXPECT_EQ(this->top_label_->cpu_data()[i], row)
            << "rank " << rank << ", batch " << batch << ", item " << i;
        EXPECT_EQ(this->top_data_->cpu_data()[i * 6 + 4], 1000 + 10 * row + 4);
      }
    }
  }
}

TYPED_TEST(HDF5DataLayerTest, TestPhaseReadsEveryRowWhateverTheRank) {
  typedef typename TypeParam::Dtype Dtype;
  this->WriteTwoFiles();
  this->param_.set_phase(caffe::TEST);
  SolverCountScope scope(2, 1);
  HDF5DataLayer<Dtype> layer(this->param_);
  layer.SetUp({}, this->top_);
  for (int batch = 0; batch < 4; ++batch) {
    layer.Forward({}, this->top_);
    for (int i = 0; i < 2; ++i) {
      EXPECT_EQ(this->top_label_->cpu_data()[i], (2 * batch + i) % 7);
    }
  }
}

TYPED_TEST(HDF5DataLayerTest, TopsBeyondTheNamedOnesAreAnError) {
  typedef typename TypeParam::Dtype Dtype;
  this->WriteTwoFiles();
  Blob<Dtype> extra;
  vector<Blob<Dtype>*> tops = this->top_;
  tops.push_back(&extra);
  ExpectLayerError<Dtype>(this->param_, {}, tops,
                          {"3 top blob(s)", "names 2"});
  ExpectLayerError<Dtype>(this->param_, {}, {this->top_data_.get()},
                          {"1 top blob(s)", "names 2"});
}

TYPED_TEST(HDF5DataLayerTest, MoreTopsThanDatasetsIsAnError) {
  typedef typename TypeParam::Dtype Dtype;
  this->WriteTwoFiles();
  this->param_.add_top("weight");
  Blob<Dtype> weight;
  vector<Blob<Dtype>*> tops = this->top_;
  tops.push_back(&weight);
  ExpectLayerError<Dtype>(this->param_, {}, tops,
                          {this->dir_.file("a.h5"), "\"weight\""});
}

TYPED_TEST(HDF5DataLayerTest, ATopWithFewerRowsIsAnError) {
  typedef typename TypeParam::Dtype Dtype;
  vector<Dataset> datasets = Rows(0, 3);
  datasets[0].dims[0] = 1;  // data has 1 row of 2 x 3 x 3
  datasets[0].dims[1] = 3;
  WriteH5(this->dir_.file("a.h5"), datasets);
  WriteList(this->dir_.file("list.txt"), {this->dir_.file("a.h5")});
  ExpectLayerError<Dtype>(this->param_, {}, this->top_,
                          {this->dir_.file("a.h5"), "\"label\"", "3 rows",
                           "\"data\" has 1"});
}

}  // namespace caffe

#endif  // USE_HDF5

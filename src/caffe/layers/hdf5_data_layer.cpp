#include "caffe/layers/hdf5_data_layer.hpp"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <fstream>
#include <numeric>
#include <string>
#include <vector>

#include "caffe/util/hdf5.hpp"
#include "caffe/util/rng.hpp"

namespace caffe {

template <typename Dtype>
void HDF5DataLayer<Dtype>::LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                      const vector<Blob<Dtype>*>& top) {
  const HDF5DataParameter& param = this->layer_param_.hdf5_data_param();
  CAFFE_REQUIRE(param.batch_size() > 0)
      << "hdf5_data_param.batch_size must be positive";
  const string& source = param.source();
  std::ifstream list(source.c_str());
  CAFFE_REQUIRE(list.is_open())
      << "cannot open hdf5_data_param.source \"" << source << "\"";
  hdf_filenames_.clear();
  string line;
  while (std::getline(list, line)) {
    const size_t begin = line.find_first_not_of(" \t\r");
    if (begin == string::npos) continue;
    const size_t end = line.find_last_not_of(" \t\r");
    hdf_filenames_.push_back(line.substr(begin, end - begin + 1));
  }
  num_files_ = hdf_filenames_.size();
  CAFFE_REQUIRE(num_files_ > 0)
      << "hdf5_data_param.source \"" << source << "\" lists no files";
  file_permutation_.resize(num_files_);
  std::iota(file_permutation_.begin(), file_permutation_.end(), 0u);
  if (param.shuffle()) shuffle(file_permutation_.begin(), file_permutation_.end());
  current_file_ = 0;
  current_row_ = 0;
  offset_ = 0;
  hdf_blobs_.clear();
  // The datasets are named by the top names; a caller that passes another
  // number of tops than the parameter names would be read past.
  CAFFE_REQUIRE(static_cast<int>(top.size()) == this->layer_param_.top_size())
      << "got " << top.size() << " top blob(s) but the layer names "
      << this->layer_param_.top_size()
      << " (each top is filled from the dataset of its name)";
  LoadHDF5FileData(hdf_filenames_[file_permutation_[0]].c_str());

  for (size_t i = 0; i < top.size(); ++i) {
    vector<int> shape = hdf_blobs_[i]->shape();
    shape[0] = param.batch_size();
    top[i]->Reshape(shape);
  }
}

template <typename Dtype>
void HDF5DataLayer<Dtype>::LoadHDF5FileData(const char* filename) {
#ifdef USE_HDF5
  const auto& names = this->layer_param_.top();
  hdf5::QuietErrors quiet;
  const string file_label = StrCat("\"", filename, "\"");
  CAFFE_REQUIRE(H5Fis_hdf5(filename) > 0)
      << file_label << " (listed in \""
      << this->layer_param_.hdf5_data_param().source()
      << "\") is missing or not an HDF5 file";
  hdf5::Handle file(H5Fopen(filename, H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  CAFFE_REQUIRE(file.ok()) << "cannot open " << file_label;
  // Later files must keep the tops' shapes, which were set from the first.
  const bool first_load = hdf_blobs_.empty();
  hdf_blobs_.resize(names.size());
  for (int i = 0; i < names.size(); ++i) {
    const string& name = names[i];
    CAFFE_REQUIRE(hdf5::HasLink(file.get(), name))
        << file_label << " has no dataset \"" << name
        << "\" (datasets are named after the layer's tops)";
    if (first_load) hdf_blobs_[i].reset(new Blob<Dtype>());
    const vector<int> old_shape = hdf_blobs_[i]->shape();
    try {
      hdf5_load_nd_dataset(file.get(), name.c_str(), 1, INT_MAX,
                           hdf_blobs_[i].get(), true);
    } catch (Error& error) {
      error.add_context(file_label);
      throw;
    }
    const vector<int>& shape = hdf_blobs_[i]->shape();
    CAFFE_REQUIRE(shape[0] > 0)
        << file_label << ": dataset \"" << name << "\" has no rows";
    CAFFE_REQUIRE(first_load ||
                  (shape.size() == old_shape.size() &&
                   std::equal(shape.begin() + 1, shape.end(),
                              old_shape.begin() + 1)))
        << file_label << ": dataset \"" << name << "\" has shape "
        << hdf_blobs_[i]->shape_string() << " but earlier files gave "
        << Blob<Dtype>(old_shape).shape_string()
        << " (only the rows may differ)";
    CAFFE_REQUIRE(shape[0] == hdf_blobs_[0]->shape(0))
        << file_label << ": dataset \"" << name << "\" has " << shape[0]
        << " rows but \"" << names[0] << "\" has " << hdf_blobs_[0]->shape(0);
  }
  const int rows = hdf_blobs_[0]->shape(0);
  data_permutation_.resize(rows);
  std::iota(data_permutation_.begin(), data_permutation_.end(), 0u);
  if (this->layer_param_.hdf5_data_param().shuffle()) {
    shuffle(data_permutation_.begin(), data_permutation_.end());
  }
#else
  CAFFE_THROW() << "cannot read \"" << filename
                << "\": this build has no HDF5 support (USE_HDF5=OFF)";
#endif
}

template <typename Dtype>
bool HDF5DataLayer<Dtype>::Skip() {
  // Solvers training together share the rows round-robin, by rank; a test
  // net runs on one solver only and reads every row.
  const int solvers = Caffe::solver_count();
  CHECK_GT(solvers, 0) << "Caffe::solver_count() must be positive";
  const bool mine = this->layer_param_.phase() == TEST ||
                    offset_ % solvers == uint64_t(Caffe::solver_rank());
  ++offset_;
  return !mine;
}

template <typename Dtype>
void HDF5DataLayer<Dtype>::Next() {
  ++current_row_;
  if (current_row_ < hdf_blobs_[0]->shape(0)) return;
  const bool shuffling = this->layer_param_.hdf5_data_param().shuffle();
  if (num_files_ > 1) {
    ++current_file_;
    if (current_file_ == num_files_) {
      current_file_ = 0;
      if (shuffling) {
        shuffle(file_permutation_.begin(), file_permutation_.end());
      }
    }
    LoadHDF5FileData(hdf_filenames_[file_permutation_[current_file_]].c_str());
  } else if (shuffling) {
    shuffle(data_permutation_.begin(), data_permutation_.end());
  }
  current_row_ = 0;
}

template <typename Dtype>
void HDF5DataLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                       const vector<Blob<Dtype>*>& top) {
  const int batch_size = this->layer_param_.hdf5_data_param().batch_size();
  for (int i = 0; i < batch_size; ++i) {
    while (Skip()) Next();
    for (size_t j = 0; j < top.size(); ++j) {
      const int row_size = top[j]->count(1);
      const Dtype* row = hdf_blobs_[j]->cpu_data() +
                         data_permutation_[current_row_] * row_size;
      std::copy(row, row + row_size, top[j]->mutable_cpu_data() + i * row_size);
    }
    Next();
  }
}

INSTANTIATE_CLASS(HDF5DataLayer);
REGISTER_LAYER_CLASS(HDF5Data);

}  // namespace caffe

#include "caffe/layers/data_layer.hpp"

#include "caffe/util/math_functions.hpp"

namespace caffe {

template <typename Dtype>
DataLayer<Dtype>::DataLayer(const LayerParameter& param)
    : BasePrefetchingDataLayer<Dtype>(param) {}

template <typename Dtype>
DataLayer<Dtype>::~DataLayer() {
  // The prefetch thread reads cursor_, which is destroyed before the base.
  this->StopInternalThread();
}

template <typename Dtype>
string DataLayer<Dtype>::EntryName() {
  return StrCat("entry ", cursor_->key(), " of ",
                this->layer_param_.data_param().source());
}

template <typename Dtype>
void DataLayer<Dtype>::ReadDatum(Datum* datum) {
  CAFFE_REQUIRE(datum->ParseFromString(cursor_->value()))
      << EntryName() << " is not a valid Datum";
}

template <typename Dtype>
void DataLayer<Dtype>::DataLayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                      const vector<Blob<Dtype>*>& top) {
  const DataParameter& param = this->layer_param_.data_param();
  CAFFE_REQUIRE(!param.source().empty()) << "data_param.source is not set";
  const int batch_size = static_cast<int>(param.batch_size());
  CAFFE_REQUIRE(batch_size > 0)
      << "data_param.batch_size must be positive, got " << param.batch_size();
  db_.reset(db::GetDB(param.backend()));
  db_->Open(param.source(), db::READ);
  cursor_.reset(db_->NewCursor());
  CAFFE_REQUIRE(cursor_->valid())
      << "database " << param.source() << " is empty";
  if (param.rand_skip()) {
    unsigned int skip = caffe_rng_rand() % param.rand_skip();
    LOG(INFO) << "Skipping first " << skip << " data points.";
    while (skip-- > 0) Next();
  }

  Datum datum;
  ReadDatum(&datum);
  vector<int> top_shape;
  try {
    top_shape = this->data_transformer_->InferBlobShape(datum);
  } catch (Error& error) {
    error.add_context(EntryName());
    throw;
  }
  this->transformed_data_.Reshape(top_shape);
  top_shape[0] = batch_size;
  top[0]->Reshape(top_shape);
  for (auto& batch : this->prefetch_) batch->data_.Reshape(top_shape);
  LOG_IF(INFO, Caffe::root_solver())
      << "output data size: " << top[0]->shape_string();
  if (this->output_labels_) {
    const vector<int> label_shape(1, batch_size);
    top[1]->Reshape(label_shape);
    for (auto& batch : this->prefetch_) batch->label_.Reshape(label_shape);
  }
}

template <typename Dtype>
bool DataLayer<Dtype>::Skip() {
  const uint64_t solvers = static_cast<uint64_t>(Caffe::solver_count());
  const uint64_t rank = static_cast<uint64_t>(Caffe::solver_rank());
  // Only the root solver tests, so it reads every entry in TEST.
  const bool keep =
      (offset_ % solvers) == rank || this->layer_param_.phase() == TEST;
  return !keep;
}

template <typename Dtype>
void DataLayer<Dtype>::Next() {
  cursor_->Next();
  if (!cursor_->valid()) {
    LOG_IF(INFO, Caffe::root_solver())
        << "Restarting data prefetching from start.";
    cursor_->SeekToFirst();
  }
  ++offset_;
}

template <typename Dtype>
void DataLayer<Dtype>::load_batch(Batch<Dtype>* batch) {
  const int batch_size =
      static_cast<int>(this->layer_param_.data_param().batch_size());
  Datum datum;
  for (int item_id = 0; item_id < batch_size; ++item_id) {
    while (Skip()) Next();
    ReadDatum(&datum);
    try {
      // Images may change size between batches (not within one).
      if (item_id == 0) {
        vector<int> top_shape = this->data_transformer_->InferBlobShape(datum);
        this->transformed_data_.Reshape(top_shape);
        top_shape[0] = batch_size;
        batch->data_.Reshape(top_shape);
      }
      this->transformed_data_.set_cpu_data(batch->data_.mutable_cpu_data() +
                                           batch->data_.offset(item_id));
      this->data_transformer_->Transform(datum, &this->transformed_data_);
    } catch (Error& error) {
      error.add_context(EntryName());
      throw;
    }
    if (this->output_labels_) {
      batch->label_.mutable_cpu_data()[item_id] = datum.label();
    }
    Next();
  }
}

INSTANTIATE_CLASS(DataLayer);
REGISTER_LAYER_CLASS(Data);

}  // namespace caffe

#ifndef CAFFE_BASE_DATA_LAYER_HPP_
#define CAFFE_BASE_DATA_LAYER_HPP_

#include <exception>
#include <vector>

#include "caffe/blob.hpp"
#include "caffe/data_transformer.hpp"
#include "caffe/internal_thread.hpp"
#include "caffe/layer.hpp"
#include "caffe/proto/caffe.pb.h"
#include "caffe/util/blocking_queue.hpp"

namespace caffe {

// The base of layers that produce data: no bottoms, tops filled in Forward,
// nothing to propagate back. Owns a DataTransformer built from
// transform_param; output_labels_ is true when a second (label) top is given.
template <typename Dtype>
class BaseDataLayer : public Layer<Dtype> {
 public:
  explicit BaseDataLayer(const LayerParameter& param);
  // Builds the transformer, then calls DataLayerSetUp. Only
  // BasePrefetchingDataLayer overrides this.
  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override;
  // Subclasses read their parameters and shape the tops here.
  virtual void DataLayerSetUp(const vector<Blob<Dtype>*>& bottom,
                              const vector<Blob<Dtype>*>& top) {}
  // Tops are shaped by the data itself, in Forward.
  void Reshape(const vector<Blob<Dtype>*>& bottom,
               const vector<Blob<Dtype>*>& top) override {}

  inline int ExactNumBottomBlobs() const override { return 0; }

 protected:
  void Backward_cpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override {}
  void Backward_gpu(const vector<Blob<Dtype>*>& top,
                    const vector<bool>& propagate_down,
                    const vector<Blob<Dtype>*>& bottom) override {}

  TransformationParameter transform_param_;
  shared_ptr<DataTransformer<Dtype> > data_transformer_;
  bool output_labels_ = false;
};

// One prefetched batch: images and their labels.
template <typename Dtype>
class Batch {
 public:
  Blob<Dtype> data_, label_;
};

// A data layer that loads batches ahead on a thread of its own.
// data_param.prefetch batches (default 4) circulate between two queues: the
// thread takes a free batch, fills it with load_batch and queues it as full;
// Forward copies the next full batch into the tops and hands it back. An
// error while loading (a caffe::Error from load_batch) is thrown by the
// Forward that would have received the batch, and by every later one.
//
// Subclasses implement load_batch (which runs on the prefetch thread) and
// must call StopInternalThread in their destructor.
template <typename Dtype>
class BasePrefetchingDataLayer : public BaseDataLayer<Dtype>,
                                 public InternalThread {
 public:
  explicit BasePrefetchingDataLayer(const LayerParameter& param);
  ~BasePrefetchingDataLayer() override;
  // Sets up as BaseDataLayer, allocates the batches and starts the thread.
  void LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                  const vector<Blob<Dtype>*>& top) override;

 protected:
  void Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                   const vector<Blob<Dtype>*>& top) override;
  void InternalThreadEntry() override;
  // Fills batch (reshaping its blobs as needed) from the data source.
  virtual void load_batch(Batch<Dtype>* batch) = 0;

  vector<shared_ptr<Batch<Dtype> > > prefetch_;
  BlockingQueue<Batch<Dtype>*> prefetch_free_;
  // Holds nullptr after a loading error, which stays queued.
  BlockingQueue<Batch<Dtype>*> prefetch_full_;
  // One image of a batch, pointed into the batch by load_batch.
  Blob<Dtype> transformed_data_;

 private:
  std::exception_ptr prefetch_error_;
};

}  // namespace caffe

#endif  // CAFFE_BASE_DATA_LAYER_HPP_

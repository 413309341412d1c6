#include "caffe/layers/dummy_data_layer.hpp"

#include <vector>

namespace caffe {

namespace {

// Checks that a per-top field was given once or once per top.
void RequireOnceOrPerTop(const char* field, int given, int num_top) {
  CAFFE_REQUIRE(given == 1 || given == num_top)
      << "dummy_data_param " << field << " must be given once or once per top ("
      << num_top << " tops), but was given " << given << " times";
}

// The value for top i of a field given once or once per top.
int OnceOrPerTop(const google::protobuf::RepeatedField<uint32_t>& field,
                 int i) {
  return static_cast<int>(field.size() == 1 ? field.Get(0) : field.Get(i));
}

}  // namespace

template <typename Dtype>
void DummyDataLayer<Dtype>::LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                       const vector<Blob<Dtype>*>& top) {
  const DummyDataParameter& param = this->layer_param_.dummy_data_param();
  const int num_top = static_cast<int>(top.size());
  const int num_fillers = param.data_filler_size();
  CAFFE_REQUIRE(num_fillers <= 1 || num_fillers == num_top)
      << "dummy_data_param has " << num_fillers << " data_filler values for "
      << num_top << " tops; give none, one, or one per top";
  const bool legacy_dims = param.num_size() || param.channels_size() ||
                           param.height_size() || param.width_size();
  if (legacy_dims) {
    CAFFE_REQUIRE(param.shape_size() == 0)
        << "dummy_data_param takes either shape or num/channels/height/width,"
        << " not both";
    RequireOnceOrPerTop("num", param.num_size(), num_top);
    RequireOnceOrPerTop("channels", param.channels_size(), num_top);
    RequireOnceOrPerTop("height", param.height_size(), num_top);
    RequireOnceOrPerTop("width", param.width_size(), num_top);
  } else {
    RequireOnceOrPerTop("shape", param.shape_size(), num_top);
  }

  fillers_.clear();
  refill_.clear();
  if (num_fillers == 0) {
    FillerParameter zeros;
    zeros.set_type("constant");
    zeros.set_value(0);
    fillers_.emplace_back(GetFiller<Dtype>(zeros));
  } else {
    for (int i = 0; i < num_fillers; ++i) {
      fillers_.emplace_back(GetFiller<Dtype>(param.data_filler(i)));
    }
  }
  for (int i = 0; i < num_top; ++i) {
    if (legacy_dims) {
      top[i]->Reshape(OnceOrPerTop(param.num(), i),
                      OnceOrPerTop(param.channels(), i),
                      OnceOrPerTop(param.height(), i),
                      OnceOrPerTop(param.width(), i));
    } else {
      top[i]->Reshape(param.shape(param.shape_size() == 1 ? 0 : i));
    }
  }

  // Constant tops are filled once, here; Forward refills the random ones.
  // Random tops are not filled here, so that the random stream is drawn
  // from exactly as in Caffe.
  for (int i = 0; i < static_cast<int>(fillers_.size()); ++i) {
    const bool constant =
        num_fillers == 0 || param.data_filler(i).type() == "constant";
    refill_.push_back(constant);
  }
  Forward_cpu(bottom, top);
  refill_.flip();
}

template <typename Dtype>
void DummyDataLayer<Dtype>::Forward_cpu(const vector<Blob<Dtype>*>& bottom,
                                        const vector<Blob<Dtype>*>& top) {
  for (size_t i = 0; i < top.size(); ++i) {
    const size_t filler_id = fillers_.size() > 1 ? i : 0;
    if (refill_[filler_id]) fillers_[filler_id]->Fill(top[i]);
  }
}

INSTANTIATE_CLASS(DummyDataLayer);
REGISTER_LAYER_CLASS(DummyData);

}  // namespace caffe

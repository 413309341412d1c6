#include "net_test_layers.hpp"

#include "caffe/layer_factory.hpp"

namespace caffe {

REGISTER_LAYER_CLASS(TestScale);
REGISTER_LAYER_CLASS(TestAddOne);
REGISTER_LAYER_CLASS(TestSumLoss);
REGISTER_LAYER_CLASS(TestFailing);

}  // namespace caffe

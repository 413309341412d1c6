// One table of bad inputs for every registered layer type: each row builds a
// small net (an Input layer with the given tops feeding the layer under test,
// always named "probe") and expects a caffe::Error that names the layer, the
// offending bottoms and their shapes. A type without a wrong-count row (and
// not listed as accepting any bottoms) fails CoversEveryRegisteredType.
// A second table reshapes the inputs of a net that set up fine; the
// NetBadInputTest cases cover the errors that Net raises itself.

#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "caffe/error.hpp"
#include "caffe/layer_factory.hpp"
#include "caffe/net.hpp"
#include "caffe/util/io.hpp"
#include "support/error_message.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {

namespace {

// kValue rows feed values a layer must reject (labels, indices out of range).
// kParam rows give parameters that no input can satisfy (zero strides, ...).
enum Kind { kCount, kShape, kValue, kParam };

struct BadInput {
  const char* type;
  Kind kind;
  const char* label;  // distinguishes rows of one type and kind
  // "name=d0,d1,... name=..." tops of the Input layer; "name=d0,...:v" makes
  // every top a DummyData constant (v, else 0) instead.
  const char* inputs;
  string body;               // bottoms, tops and params of the "probe" layer
  vector<string> fragments;  // all must appear in the message
};

// Types that take any bottoms, so have no wrong-count case: Python refuses
// here whatever it is given (its module does not exist).
const char* const kAcceptsAnyBottoms[] = {"Python"};

// "a=2,3 b=4" -> an Input layer with tops a (2x3) and b (4); "a=2,3:5 b=4"
// -> a DummyData layer whose top a is all 5 and b all 0.
string InputLayer(const string& inputs) {
  if (inputs.empty()) return "";
  const bool constant = inputs.find(':') != string::npos;
  string tops;
  string shapes;
  string fillers;
  std::istringstream specs(inputs);
  string spec;
  while (specs >> spec) {
    const size_t eq = spec.find('=');
    const size_t colon = spec.find(':');
    tops += " top: '" + spec.substr(0, eq) + "'";
    shapes += " shape {";
    std::istringstream dims(spec.substr(eq + 1, colon - eq - 1));
    string dim;
    while (std::getline(dims, dim, ',')) shapes += " dim: " + dim;
    shapes += " }";
    const string value = colon == string::npos ? "0" : spec.substr(colon + 1);
    fillers += " data_filler { type: 'constant' value: " + value + " }";
  }
  if (constant) {
    return "layer { name: 'input' type: 'DummyData'" + tops +
           " dummy_data_param {" + shapes + fillers + " } }\n";
  }
  return "layer { name: 'input' type: 'Input'" + tops + " input_param {" +
         shapes + " } }\n";
}

string NetText(const BadInput& row) {
  return InputLayer(row.inputs) + "layer { name: 'probe' type: '" + row.type +
         "' " + row.body + " }\n";
}

// A learnable blob of zeros given in the prototxt, for layers whose loaded
// weights disagree with the input.
string ZeroBlob(const vector<int>& shape) {
  string text = "blobs { shape {";
  int count = 1;
  for (int dim : shape) {
    text += " dim: " + std::to_string(dim);
    count *= dim;
  }
  text += " }";
  for (int i = 0; i < count; ++i) text += " data: 0";
  return text + " }";
}

const char* const kNeurons[] = {"AbsVal",  "BNLL",  "Clip",  "Dropout",  "ELU",
                                "Exp",     "Log",   "Power", "PReLU",    "ReLU",
                                "Sigmoid", "Swish", "TanH",  "Threshold"};

// Two bottoms into a one-bottom layer.
BadInput TwoBottoms(const char* type, const char* params = "") {
  return {
      type,
      kCount,
      "two",
      "a=2,3 b=2,4",
      string("bottom: 'a' bottom: 'b' top: 't' ") + params,
      {"takes 1 bottom blob(s)", "given 2", "\"a\" 2 3 (6)", "\"b\" 2 4 (8)"}};
}

// A bottom given to a layer that takes none.
BadInput OneBottomForSource(const char* type, const char* params) {
  return {type,
          kCount,
          "bottom",
          "a=2,3",
          string("bottom: 'a' top: 't' top: 'u' ") + params,
          {"takes 0 bottom blob(s)", "given 1", "\"a\" 2 3 (6)"}};
}

vector<BadInput> Rows() {
  vector<BadInput> rows;
  for (const char* type : kNeurons) rows.push_back(TwoBottoms(type));
  rows.push_back({"PReLU",
                  kShape,
                  "one_axis",
                  "a=6",
                  "bottom: 'a' top: 't'",
                  {"\"a\" 6 (6)"}});

  // Sources take no bottoms; the count is checked before any file is read.
  rows.push_back(OneBottomForSource(
      "Data", "data_param { source: '/nonexistent' batch_size: 1 }"));
  rows.push_back(OneBottomForSource(
      "HDF5Data", "hdf5_data_param { source: '/nonexistent' batch_size: 1 }"));
  rows.push_back(OneBottomForSource(
      "ImageData",
      "image_data_param { source: '/nonexistent' batch_size: 1 }"));
  rows.push_back(OneBottomForSource(
      "WindowData",
      "window_data_param { source: '/nonexistent' batch_size: 1 }"));
  rows.push_back(OneBottomForSource(
      "MemoryData",
      "memory_data_param { batch_size: 1 channels: 1 height: 1 width: 1 }"));
  rows.push_back({"DummyData",
                  kCount,
                  "bottom",
                  "a=2,3",
                  "bottom: 'a' top: 't' dummy_data_param { shape { dim: 1 } }",
                  {"takes 0 bottom blob(s)", "given 1", "\"a\" 2 3 (6)"}});
  rows.push_back({"Input",
                  kCount,
                  "bottom",
                  "a=2,3",
                  "bottom: 'a' top: 't' input_param { shape { dim: 1 } }",
                  {"takes 0 bottom blob(s)", "given 1", "\"a\" 2 3 (6)"}});
  rows.push_back({"Parameter",
                  kCount,
                  "bottom",
                  "a=2,3",
                  "bottom: 'a' top: 't' parameter_param { shape { dim: 1 } }",
                  {"takes 0 bottom blob(s)", "given 1", "\"a\" 2 3 (6)"}});

  // One-bottom layers with shape constraints.
  rows.push_back(TwoBottoms("ArgMax"));
  rows.push_back({"ArgMax",
                  kShape,
                  "axis",
                  "a=2,3",
                  "bottom: 'a' top: 't' argmax_param { axis: 4 }",
                  {"axis", "\"a\" 2 3 (6)"}});
  rows.push_back({"ArgMax",
                  kShape,
                  "top_k",
                  "a=2,3",
                  "bottom: 'a' top: 't' argmax_param { top_k: 5 }",
                  {"top_k", "\"a\" 2 3 (6)"}});
  rows.push_back(TwoBottoms("BatchNorm"));
  rows.push_back(
      {"BatchNorm",
       kShape,
       "loaded_channels",
       "a=2,3",
       "bottom: 'a' top: 't' " + ZeroBlob({4}) + ZeroBlob({4}) + ZeroBlob({1}),
       {"4 (4)", "\"a\" 2 3 (6)"}});
  rows.push_back(
      TwoBottoms("Embed", "embed_param { num_output: 2 input_dim: 3 }"));
  rows.push_back(TwoBottoms("Flatten"));
  rows.push_back({"Flatten",
                  kShape,
                  "axis",
                  "a=2,3",
                  "bottom: 'a' top: 't' flatten_param { axis: 3 }",
                  {"axis", "\"a\" 2 3 (6)"}});
  rows.push_back(TwoBottoms("Im2col", "convolution_param { kernel_size: 1 }"));
  rows.push_back({"Im2col",
                  kShape,
                  "kernel_too_big",
                  "a=1,1,2,2",
                  "bottom: 'a' top: 't' convolution_param { kernel_size: 3 }",
                  {"kernel", "\"a\" 1 1 2 2 (4)"}});
  rows.push_back(
      TwoBottoms("InnerProduct", "inner_product_param { num_output: 2 }"));
  rows.push_back({"InnerProduct",
                  kShape,
                  "loaded_weights",
                  "a=2,3",
                  "bottom: 'a' top: 't' inner_product_param { num_output: 2 "
                  "bias_term: false } " +
                      ZeroBlob({2, 5}),
                  {"2 5 (10)", "\"a\" 2 3 (6)"}});
  rows.push_back(TwoBottoms("LRN"));
  rows.push_back({"LRN",
                  kShape,
                  "two_axes",
                  "a=2,3",
                  "bottom: 'a' top: 't'",
                  {"\"a\" 2 3 (6)"}});
  rows.push_back(TwoBottoms("MVN"));
  rows.push_back(TwoBottoms("Pooling", "pooling_param { kernel_size: 1 }"));
  rows.push_back({"Pooling",
                  kShape,
                  "kernel_too_big",
                  "a=1,1,2,2",
                  "bottom: 'a' top: 't' pooling_param { kernel_size: 3 }",
                  {"kernel", "\"a\" 1 1 2 2 (4)"}});
  rows.push_back(TwoBottoms("Reduction"));
  rows.push_back({"Reduction",
                  kShape,
                  "axis",
                  "a=2,3",
                  "bottom: 'a' top: 't' reduction_param { axis: 3 }",
                  {"axis", "\"a\" 2 3 (6)"}});
  rows.push_back(TwoBottoms("Reshape", "reshape_param { shape { dim: 6 } }"));
  rows.push_back({"Reshape",
                  kShape,
                  "count",
                  "a=2,3",
                  "bottom: 'a' top: 't' reshape_param { shape { dim: 4 } }",
                  {"\"a\" 2 3 (6)"}});
  rows.push_back({"Reshape",
                  kShape,
                  "axis",
                  "a=2,3",
                  "bottom: 'a' top: 't' "
                  "reshape_param { shape { dim: 6 } axis: 5 }",
                  {"axis", "\"a\" 2 3 (6)"}});
  rows.push_back(TwoBottoms("SPP", "spp_param { pyramid_height: 1 }"));
  rows.push_back({"SPP",
                  kShape,
                  "two_axes",
                  "a=2,3",
                  "bottom: 'a' top: 't' spp_param { pyramid_height: 1 }",
                  {"\"a\" 2 3 (6)"}});
  rows.push_back(TwoBottoms("Softmax"));
  rows.push_back({"Softmax",
                  kShape,
                  "axis",
                  "a=2,3",
                  "bottom: 'a' top: 't' softmax_param { axis: 2 }",
                  {"axis", "\"a\" 2 3 (6)"}});
  rows.push_back(TwoBottoms("Split"));
  rows.push_back(TwoBottoms("Tile", "tile_param { tiles: 2 }"));
  rows.push_back({"Tile",
                  kShape,
                  "axis",
                  "a=2,3",
                  "bottom: 'a' top: 't' tile_param { axis: 2 tiles: 2 }",
                  {"axis", "\"a\" 2 3 (6)"}});
  rows.push_back({"Slice",
                  kCount,
                  "two",
                  "a=2,4 b=2,4",
                  "bottom: 'a' bottom: 'b' top: 't' top: 'u'",
                  {"takes 1 bottom blob(s)", "given 2", "\"b\" 2 4 (8)"}});
  rows.push_back({"Slice",
                  kShape,
                  "point_out_of_range",
                  "a=2,4",
                  "bottom: 'a' top: 't' top: 'u' "
                  "slice_param { axis: 1 slice_point: 5 }",
                  {"slice_point", "\"a\" 2 4 (8)"}});
  rows.push_back({"Slice",
                  kShape,
                  "uneven",
                  "a=2,5",
                  "bottom: 'a' top: 't' top: 'u' slice_param { axis: 1 }",
                  {"\"a\" 2 5 (10)"}});

  // Layers over several bottoms.
  rows.push_back({"Concat",
                  kCount,
                  "none",
                  "",
                  "top: 't'",
                  {"takes at least 1 bottom blob(s)", "given 0"}});
  rows.push_back({"Concat",
                  kShape,
                  "off_axis",
                  "a=2,3,4 b=2,3,5",
                  "bottom: 'a' bottom: 'b' top: 't'",
                  {"\"a\" 2 3 4 (24)", "\"b\" 2 3 5 (30)"}});
  rows.push_back(
      {"Eltwise",
       kCount,
       "one",
       "a=2,3",
       "bottom: 'a' top: 't'",
       {"takes at least 2 bottom blob(s)", "given 1", "\"a\" 2 3 (6)"}});
  rows.push_back({"Eltwise",
                  kShape,
                  "different",
                  "a=2,3 b=2,4",
                  "bottom: 'a' bottom: 'b' top: 't'",
                  {"\"a\" 2 3 (6)", "\"b\" 2 4 (8)"}});
  for (const char* type : {"Bias", "Scale"}) {
    rows.push_back(
        {type,
         kCount,
         "three",
         "a=2,3 b=3 c=3",
         "bottom: 'a' bottom: 'b' bottom: 'c' top: 't'",
         {"takes at most 2 bottom blob(s)", "given 3", "\"c\" 3 (3)"}});
    rows.push_back({type,
                    kShape,
                    "second_bottom",
                    "a=2,3,4 b=5",
                    "bottom: 'a' bottom: 'b' top: 't'",
                    {"\"a\" 2 3 4 (24)", "\"b\" 5 (5)"}});
  }
  rows.push_back({"BatchReindex",
                  kCount,
                  "one",
                  "a=4,3",
                  "bottom: 'a' top: 't'",
                  {"takes 2 bottom blob(s)", "given 1", "\"a\" 4 3 (12)"}});
  rows.push_back({"BatchReindex",
                  kShape,
                  "index_axes",
                  "a=4,3 i=2,2",
                  "bottom: 'a' bottom: 'i' top: 't'",
                  {"\"i\" 2 2 (4)"}});
  rows.push_back({"Crop",
                  kCount,
                  "one",
                  "a=2,3,4,4",
                  "bottom: 'a' top: 't'",
                  {"takes 2 bottom blob(s)", "given 1", "\"a\" 2 3 4 4 (96)"}});
  rows.push_back({"Crop",
                  kShape,
                  "bigger_than_source",
                  "a=2,3,4,4 b=2,3,6,6",
                  "bottom: 'a' bottom: 'b' top: 't'",
                  {"\"a\" 2 3 4 4 (96)", "\"b\" 2 3 6 6 (216)"}});
  rows.push_back(
      {"Filter",
       kCount,
       "one",
       "a=2,3",
       "bottom: 'a' top: 't'",
       {"takes at least 2 bottom blob(s)", "given 1", "\"a\" 2 3 (6)"}});
  rows.push_back({"Filter",
                  kShape,
                  "selector",
                  "a=2,3 s=3",
                  "bottom: 'a' bottom: 's' top: 't'",
                  {"\"a\" 2 3 (6)", "\"s\" 3 (3)"}});
  rows.push_back(
      {"HDF5Output",
       kCount,
       "one",
       "a=2,3",
       "bottom: 'a' hdf5_output_param { file_name: '/nonexistent/x.h5' }",
       {"takes 2 bottom blob(s)", "given 1", "\"a\" 2 3 (6)"}});
  for (const char* type : {"Convolution", "Deconvolution"}) {
    rows.push_back({type,
                    kCount,
                    "two_bottoms_one_top",
                    "a=1,2,3,3 b=1,2,3,3",
                    "bottom: 'a' bottom: 'b' top: 't' "
                    "convolution_param { num_output: 2 kernel_size: 1 }",
                    {"one top blob", "\"b\" 1 2 3 3 (18)"}});
    rows.push_back(
        {type,
         kShape,
         "group",
         "a=1,3,3,3",
         "bottom: 'a' top: 't' "
         "convolution_param { num_output: 2 kernel_size: 1 group: 2 }",
         {"group", "\"a\" 1 3 3 3 (27)"}});
    rows.push_back({type,
                    kShape,
                    "bottoms_differ",
                    "a=1,2,3,3 b=1,2,4,4",
                    "bottom: 'a' bottom: 'b' top: 't' top: 'u' "
                    "convolution_param { num_output: 2 kernel_size: 1 }",
                    {"\"a\" 1 2 3 3 (18)", "\"b\" 1 2 4 4 (32)"}});
  }
  rows.push_back({"Convolution",
                  kShape,
                  "kernel_too_big",
                  "a=1,1,2,2",
                  "bottom: 'a' top: 't' "
                  "convolution_param { num_output: 1 kernel_size: 3 }",
                  {"kernel", "\"a\" 1 1 2 2 (4)"}});
  rows.push_back({"Silence",
                  kCount,
                  "none",
                  "",
                  "",
                  {"takes at least 1 bottom blob(s)", "given 0"}});

  // Losses and Accuracy: predictions and labels must agree.
  rows.push_back({"Accuracy",
                  kCount,
                  "one",
                  "a=2,3",
                  "bottom: 'a' top: 't'",
                  {"takes 2 bottom blob(s)", "given 1", "\"a\" 2 3 (6)"}});
  rows.push_back({"Accuracy",
                  kShape,
                  "label_count",
                  "a=2,3 l=3",
                  "bottom: 'a' bottom: 'l' top: 't'",
                  {"label", "\"a\" 2 3 (6)", "\"l\" 3 (3)"}});
  for (const char* type :
       {"EuclideanLoss", "HingeLoss", "MultinomialLogisticLoss",
        "SigmoidCrossEntropyLoss", "SoftmaxWithLoss"}) {
    rows.push_back({type,
                    kCount,
                    "one",
                    "a=2,3",
                    "bottom: 'a' top: 't'",
                    {"takes 2 bottom blob(s)", "given 1", "\"a\" 2 3 (6)"}});
  }
  rows.push_back({"EuclideanLoss",
                  kShape,
                  "count",
                  "a=2,3 b=2,4",
                  "bottom: 'a' bottom: 'b' top: 't'",
                  {"\"a\" 2 3 (6)", "\"b\" 2 4 (8)"}});
  rows.push_back({"SigmoidCrossEntropyLoss",
                  kShape,
                  "count",
                  "a=2,3 b=2,4",
                  "bottom: 'a' bottom: 'b' top: 't'",
                  {"\"a\" 2 3 (6)", "\"b\" 2 4 (8)"}});
  rows.push_back({"InfogainLoss",
                  kShape,
                  "label_count",
                  "a=2,3 l=3 h=3,3",
                  "bottom: 'a' bottom: 'l' bottom: 'h' top: 't'",
                  {"\"a\" 2 3 (6)", "\"l\" 3 (3)"}});
  for (const char* type : {"HingeLoss", "MultinomialLogisticLoss"}) {
    rows.push_back({type,
                    kShape,
                    "label_count",
                    "a=2,3 l=3",
                    "bottom: 'a' bottom: 'l' top: 't'",
                    {"\"a\" 2 3 (6)", "\"l\" 3 (3)"}});
  }
  rows.push_back({"SoftmaxWithLoss",
                  kShape,
                  "label_count",
                  "a=2,3,4 l=2,5",
                  "bottom: 'a' bottom: 'l' top: 't'",
                  {"\"a\" 2 3 4 (24)", "\"l\" 2 5 (10)"}});
  rows.push_back(
      {"InfogainLoss",
       kCount,
       "one",
       "a=2,3",
       "bottom: 'a' top: 't'",
       {"takes at least 2 bottom blob(s)", "given 1", "\"a\" 2 3 (6)"}});
  rows.push_back({"InfogainLoss",
                  kShape,
                  "matrix",
                  "a=2,3 l=2 h=4,4",
                  "bottom: 'a' bottom: 'l' bottom: 'h' top: 't'",
                  {"\"a\" 2 3 (6)", "\"h\" 4 4 (16)"}});
  rows.push_back({"ContrastiveLoss",
                  kCount,
                  "two",
                  "a=2,3 b=2,3",
                  "bottom: 'a' bottom: 'b' top: 't'",
                  {"takes 3 bottom blob(s)", "given 2", "\"b\" 2 3 (6)"}});
  rows.push_back({"ContrastiveLoss",
                  kShape,
                  "features",
                  "a=2,3 b=2,4 s=2",
                  "bottom: 'a' bottom: 'b' bottom: 's' top: 't'",
                  {"\"a\" 2 3 (6)", "\"b\" 2 4 (8)"}});
  rows.push_back({"ContrastiveLoss",
                  kShape,
                  "similarity",
                  "a=2,3 b=2,3 s=3",
                  "bottom: 'a' bottom: 'b' bottom: 's' top: 't'",
                  {"\"a\" 2 3 (6)", "\"s\" 3 (3)"}});

  // Recurrent layers: x is T x N x ..., cont is T x N.
  for (const char* type : {"RNN", "LSTM"}) {
    rows.push_back({type,
                    kCount,
                    "one",
                    "x=3,2,4",
                    "bottom: 'x' top: 't' "
                    "recurrent_param { num_output: 2 }",
                    {"takes 2 bottoms", "given 1", "\"x\" 3 2 4 (24)"}});
    rows.push_back({type,
                    kShape,
                    "cont",
                    "x=3,2,4 c=3,3",
                    "bottom: 'x' bottom: 'c' top: 't' "
                    "recurrent_param { num_output: 2 }",
                    {"\"x\" 3 2 4 (24)", "\"c\" 3 3 (9)"}});
  }
  rows.push_back({"LSTMUnit",
                  kCount,
                  "two",
                  "c=1,2,3 x=1,2,12",
                  "bottom: 'c' bottom: 'x' top: 't' top: 'u'",
                  {"takes 3 bottom blob(s)", "given 2", "\"x\" 1 2 12 (24)"}});
  rows.push_back({"LSTMUnit",
                  kShape,
                  "gates",
                  "c=1,2,3 x=1,2,11 k=1,2",
                  "bottom: 'c' bottom: 'x' bottom: 'k' top: 't' top: 'u'",
                  {"\"c\" 1 2 3 (6)", "\"x\" 1 2 11 (22)"}});

  // Loaded weights that disagree with the input.
  rows.push_back({"Embed",
                  kShape,
                  "loaded_weights",
                  "a=2",
                  "bottom: 'a' top: 't' embed_param { num_output: 2 "
                  "input_dim: 3 bias_term: false } " +
                      ZeroBlob({4, 2}),
                  {"4 2 (8)", "\"a\" 2 (2)"}});
  rows.push_back({"Convolution",
                  kShape,
                  "loaded_weights",
                  "a=1,3,3,3",
                  "bottom: 'a' top: 't' convolution_param { num_output: 2 "
                  "kernel_size: 1 bias_term: false } " +
                      ZeroBlob({2, 4, 1, 1}),
                  {"2 4 1 1 (8)", "\"a\" 1 3 3 3 (27)"}});
  rows.push_back({"PReLU",
                  kShape,
                  "loaded_slopes",
                  "a=2,3",
                  "bottom: 'a' top: 't' " + ZeroBlob({5}),
                  {"5 (5)", "\"a\" 2 3 (6)"}});
  rows.push_back({"Scale",
                  kShape,
                  "loaded_scale",
                  "a=2,3",
                  "bottom: 'a' top: 't' " + ZeroBlob({5}),
                  {"5 (5)", "\"a\" 2 3 (6)"}});
  rows.push_back({"Bias",
                  kShape,
                  "loaded_bias",
                  "a=2,3",
                  "bottom: 'a' top: 't' " + ZeroBlob({5}),
                  {"5 (5)", "\"a\" 2 3 (6)"}});

  // Axes and parameters that do not fit the bottom.
  rows.push_back({"Concat",
                  kShape,
                  "axis",
                  "a=2,3 b=2,3",
                  "bottom: 'a' bottom: 'b' top: 't' concat_param { axis: 3 }",
                  {"axis", "\"a\" 2 3 (6)"}});
  rows.push_back({"Crop",
                  kShape,
                  "axis",
                  "a=2,3 b=2,3",
                  "bottom: 'a' bottom: 'b' top: 't' crop_param { axis: 3 }",
                  {"axis", "\"a\" 2 3 (6)"}});
  rows.push_back({"Scale",
                  kShape,
                  "axis",
                  "a=2,3 b=3",
                  "bottom: 'a' bottom: 'b' top: 't' scale_param { axis: 3 }",
                  {"axis", "\"a\" 2 3 (6)"}});
  rows.push_back({"Bias",
                  kShape,
                  "too_many_axes",
                  "a=2,3 b=3,1,1",
                  "bottom: 'a' bottom: 'b' top: 't'",
                  {"\"a\" 2 3 (6)", "\"b\" 3 1 1 (3)"}});
  rows.push_back({"InnerProduct",
                  kShape,
                  "axis",
                  "a=2,3",
                  "bottom: 'a' top: 't' "
                  "inner_product_param { num_output: 2 axis: 2 }",
                  {"axis", "\"a\" 2 3 (6)"}});
  rows.push_back({"Eltwise",
                  kShape,
                  "third",
                  "a=2,3 b=2,3 c=3,2",
                  "bottom: 'a' bottom: 'b' bottom: 'c' top: 't'",
                  {"bottom[2]", "\"c\" 3 2 (6)"}});
  rows.push_back({"Slice",
                  kShape,
                  "point_count",
                  "a=2,4",
                  "bottom: 'a' top: 't' top: 'u' "
                  "slice_param { axis: 1 slice_point: 1 slice_point: 2 }",
                  {"slice_point", "\"a\" 2 4 (8)"}});
  rows.push_back({"Flatten",
                  kShape,
                  "end_before_start",
                  "a=2,3,4",
                  "bottom: 'a' top: 't' flatten_param { axis: 2 end_axis: 1 }",
                  {"\"a\" 2 3 4 (24)"}});
  rows.push_back({"Reshape",
                  kShape,
                  "copy_missing_axis",
                  "a=2,3",
                  "bottom: 'a' top: 't' "
                  "reshape_param { shape { dim: 0 dim: 0 dim: 0 } }",
                  {"\"a\" 2 3 (6)"}});
  rows.push_back({"Pooling",
                  kShape,
                  "two_axes",
                  "a=2,3",
                  "bottom: 'a' top: 't' pooling_param { kernel_size: 1 }",
                  {"\"a\" 2 3 (6)"}});
  // Two axes are a valid 0-D convolution (channels last); one axis leaves
  // no room for the channel axis 1.
  rows.push_back({"Convolution",
                  kShape,
                  "one_axis",
                  "a=6",
                  "bottom: 'a' top: 't' "
                  "convolution_param { num_output: 1 kernel_size: 1 }",
                  {"\"a\" 6 (6)"}});
  rows.push_back({"SPP",
                  kShape,
                  "pyramid_too_high",
                  "a=1,1,2,2",
                  "bottom: 'a' top: 't' spp_param { pyramid_height: 4 }",
                  {"\"a\" 1 1 2 2 (4)"}});
  rows.push_back({"Im2col",
                  kShape,
                  "dilated_kernel_too_big",
                  "a=1,1,2,2",
                  "bottom: 'a' top: 't' "
                  "convolution_param { kernel_size: 2 dilation: 2 }",
                  {"kernel", "\"a\" 1 1 2 2 (4)"}});
  rows.push_back({"Filter",
                  kShape,
                  "selector_axes",
                  "a=2,3 s=2,2",
                  "bottom: 'a' bottom: 's' top: 't'",
                  {"\"s\" 2 2 (4)"}});
  rows.push_back(
      {"Accuracy",
       kShape,
       "top_k",
       "a=2,3 l=2",
       "bottom: 'a' bottom: 'l' top: 't' accuracy_param { top_k: 5 }",
       {"top_k", "\"a\" 2 3 (6)"}});
  rows.push_back({"LSTMUnit",
                  kShape,
                  "cont",
                  "c=1,2,3 x=1,2,12 k=1,3",
                  "bottom: 'c' bottom: 'x' bottom: 'k' top: 't' top: 'u'",
                  {"\"k\" 1 3 (3)"}});
  rows.push_back({"RNN",
                  kShape,
                  "x_static",
                  "x=3,2,4 c=3,2 s=3,4",
                  "bottom: 'x' bottom: 'c' bottom: 's' top: 't' "
                  "recurrent_param { num_output: 2 }",
                  {"\"s\" 3 4 (12)"}});
  rows.push_back({"HDF5Output",
                  kShape,
                  "num",
                  "a=2,3 b=3,3",
                  "bottom: 'a' bottom: 'b' "
                  "hdf5_output_param { file_name: '$TMP/out.h5' }",
                  {"\"a\" 2 3 (6)", "\"b\" 3 3 (9)"}});
  rows.push_back({"Python",
                  kShape,
                  "refuses",
                  "a=2,3",
                  "bottom: 'a' top: 't' "
                  "python_param { module: 'm' layer: 'L' }",
                  {"Python", "module m"}});

  // Values out of range: labels and indices (DummyData constants).
  rows.push_back({"Embed",
                  kValue,
                  "index",
                  "a=2:5",
                  "bottom: 'a' top: 't' embed_param { num_output: 2 "
                  "input_dim: 3 }",
                  {"5"}});
  rows.push_back({"BatchReindex",
                  kValue,
                  "index",
                  "a=4,3 i=2:7",
                  "bottom: 'a' bottom: 'i' top: 't'",
                  {"7"}});
  for (const char* type : {"Accuracy", "SoftmaxWithLoss",
                           "MultinomialLogisticLoss", "HingeLoss"}) {
    rows.push_back({type,
                    kValue,
                    "label",
                    "a=2,3 l=2:7",
                    "bottom: 'a' bottom: 'l' top: 't'",
                    {"7"}});
  }
  rows.push_back({"InfogainLoss",
                  kValue,
                  "label",
                  "a=2,3 l=2:7 h=3,3",
                  "bottom: 'a' bottom: 'l' bottom: 'h' top: 't'",
                  {"7"}});
  // Parameters that fit no input; each must be refused, not divide by 0.
  rows.push_back({"Crop",
                  kShape,
                  "offset_too_big",
                  "a=2,3,4,4 b=2,3,2,2",
                  "bottom: 'a' bottom: 'b' top: 't' "
                  "crop_param { axis: 2 offset: 3 }",
                  {"\"a\" 2 3 4 4 (96)", "\"b\" 2 3 2 2 (24)"}});
  rows.push_back({"Crop",
                  kParam,
                  "offset_count",
                  "a=2,3,4,4 b=2,3,2,2",
                  "bottom: 'a' bottom: 'b' top: 't' "
                  "crop_param { axis: 2 offset: 1 offset: 1 offset: 1 }",
                  {"offset", "\"a\" 2 3 4 4 (96)"}});
  rows.push_back({"Tile",
                  kParam,
                  "zero_tiles",
                  "a=2,3",
                  "bottom: 'a' top: 't' tile_param { tiles: 0 }",
                  {"tiles", "\"a\" 2 3 (6)"}});
  rows.push_back({"Reshape",
                  kShape,
                  "not_divisible",
                  "a=2,3",
                  "bottom: 'a' top: 't' "
                  "reshape_param { shape { dim: -1 dim: 4 } }",
                  {"\"a\" 2 3 (6)"}});
  rows.push_back({"Reshape",
                  kParam,
                  "two_inferred",
                  "a=2,3",
                  "bottom: 'a' top: 't' "
                  "reshape_param { shape { dim: -1 dim: -1 } }",
                  {"-1"}});
  rows.push_back({"Reshape",
                  kShape,
                  "num_axes",
                  "a=2,3",
                  "bottom: 'a' top: 't' "
                  "reshape_param { shape { dim: 6 } axis: 0 num_axes: 4 }",
                  {"\"a\" 2 3 (6)"}});
  rows.push_back({"Slice",
                  kParam,
                  "decreasing_points",
                  "a=2,4",
                  "bottom: 'a' top: 't' top: 'u' top: 'v' "
                  "slice_param { axis: 1 slice_point: 3 slice_point: 1 }",
                  {"slice_point", "\"a\" 2 4 (8)"}});
  rows.push_back({"Concat",
                  kShape,
                  "num_axes",
                  "a=2,3 b=2,3,1",
                  "bottom: 'a' bottom: 'b' top: 't'",
                  {"\"a\" 2 3 (6)", "\"b\" 2 3 1 (6)"}});
  rows.push_back({"Eltwise",
                  kParam,
                  "coeff_count",
                  "a=2,3 b=2,3",
                  "bottom: 'a' bottom: 'b' top: 't' eltwise_param { coeff: 1 }",
                  {"coeff"}});
  rows.push_back({"Filter",
                  kShape,
                  "data_num",
                  "a=2,3 b=3,3 s=2",
                  "bottom: 'a' bottom: 'b' bottom: 's' top: 't' top: 'u'",
                  {"\"b\" 3 3 (9)", "\"s\" 2 (2)"}});
  rows.push_back({"Filter",
                  kCount,
                  "tops",
                  "a=2,3 s=2",
                  "bottom: 'a' bottom: 's' top: 't' top: 'u'",
                  {"\"a\" 2 3 (6)"}});
  rows.push_back({"Scale",
                  kShape,
                  "num_axes",
                  "a=2,3",
                  "bottom: 'a' top: 't' scale_param { axis: 1 num_axes: 2 }",
                  {"\"a\" 2 3 (6)"}});
  rows.push_back({"LSTMUnit",
                  kShape,
                  "two_axes",
                  "c=2,3 x=2,12 k=2",
                  "bottom: 'c' bottom: 'x' bottom: 'k' top: 't' top: 'u'",
                  {"\"c\" 2 3 (6)"}});
  rows.push_back(
      {"InnerProduct",
       kShape,
       "loaded_bias",
       "a=2,3",
       "bottom: 'a' top: 't' inner_product_param { num_output: 2 } " +
           ZeroBlob({2, 3}) + ZeroBlob({5}),
       {"5 (5)", "\"a\" 2 3 (6)"}});
  rows.push_back(
      {"InnerProduct",
       kParam,
       "blob_count",
       "a=2,3",
       "bottom: 'a' top: 't' inner_product_param { num_output: 2 } " +
           ZeroBlob({2, 3}),
       {"\"a\" 2 3 (6)"}});
  rows.push_back({"Deconvolution",
                  kShape,
                  "loaded_weights",
                  "a=1,3,3,3",
                  "bottom: 'a' top: 't' convolution_param { num_output: 2 "
                  "kernel_size: 1 bias_term: false } " +
                      ZeroBlob({2, 2, 1, 1}),
                  {"2 2 1 1 (4)", "\"a\" 1 3 3 3 (27)"}});
  rows.push_back({"Embed",
                  kValue,
                  "negative_index",
                  "a=2:-1",
                  "bottom: 'a' top: 't' embed_param { num_output: 2 "
                  "input_dim: 3 }",
                  {"-1"}});
  for (const char* type : {"Convolution", "Im2col"}) {
    rows.push_back({type,
                    kParam,
                    "zero_stride",
                    "a=1,1,3,3",
                    "bottom: 'a' top: 't' convolution_param { num_output: 1 "
                    "kernel_size: 1 stride: 0 }",
                    {"stride"}});
    rows.push_back({type,
                    kParam,
                    "zero_kernel",
                    "a=1,1,3,3",
                    "bottom: 'a' top: 't' convolution_param { num_output: 1 "
                    "kernel_size: 0 }",
                    {"kernel"}});
    rows.push_back({type,
                    kParam,
                    "kernel_dims",
                    "a=1,1,3,3",
                    "bottom: 'a' top: 't' convolution_param { num_output: 1 "
                    "kernel_size: 1 kernel_size: 1 kernel_size: 1 }",
                    {"kernel"}});
  }
  rows.push_back({"Convolution",
                  kParam,
                  "zero_outputs",
                  "a=1,1,3,3",
                  "bottom: 'a' top: 't' "
                  "convolution_param { num_output: 0 kernel_size: 1 }",
                  {"num_output"}});
  rows.push_back({"Convolution",
                  kParam,
                  "group_outputs",
                  "a=1,2,3,3",
                  "bottom: 'a' top: 't' "
                  "convolution_param { num_output: 3 kernel_size: 1 group: 2 }",
                  {"group"}});
  rows.push_back({"Pooling",
                  kParam,
                  "zero_stride",
                  "a=1,1,3,3",
                  "bottom: 'a' top: 't' "
                  "pooling_param { kernel_size: 1 stride: 0 }",
                  {"stride"}});
  rows.push_back({"Pooling",
                  kParam,
                  "pad_not_below_kernel",
                  "a=1,1,3,3",
                  "bottom: 'a' top: 't' "
                  "pooling_param { kernel_size: 2 pad: 2 }",
                  {"pad"}});
  rows.push_back({"SPP",
                  kParam,
                  "zero_height",
                  "a=1,1,3,3",
                  "bottom: 'a' top: 't' spp_param { pyramid_height: 0 }",
                  {"pyramid_height"}});
  rows.push_back({"LRN",
                  kParam,
                  "even_size",
                  "a=1,3,3,3",
                  "bottom: 'a' top: 't' lrn_param { local_size: 4 }",
                  {"local_size"}});
  rows.push_back({"Dropout",
                  kParam,
                  "ratio_one",
                  "a=2,3",
                  "bottom: 'a' top: 't' dropout_param { dropout_ratio: 1 }",
                  {"dropout_ratio"}});
  rows.push_back({"Log",
                  kParam,
                  "negative_base",
                  "a=2,3",
                  "bottom: 'a' top: 't' log_param { base: -2 }",
                  {"base"}});
  rows.push_back({"Exp",
                  kParam,
                  "negative_base",
                  "a=2,3",
                  "bottom: 'a' top: 't' exp_param { base: -2 }",
                  {"base"}});
  rows.push_back({"Clip",
                  kParam,
                  "min_above_max",
                  "a=2,3",
                  "bottom: 'a' top: 't' clip_param { min: 2 max: 1 }",
                  {"min"}});
  rows.push_back({"ArgMax",
                  kParam,
                  "zero_top_k",
                  "a=2,3",
                  "bottom: 'a' top: 't' argmax_param { top_k: 0 }",
                  {"top_k"}});
  rows.push_back(
      {"Accuracy",
       kParam,
       "zero_top_k",
       "a=2,3 l=2",
       "bottom: 'a' bottom: 'l' top: 't' accuracy_param { top_k: 0 }",
       {"top_k"}});
  rows.push_back({"DummyData",
                  kParam,
                  "shape_count",
                  "",
                  "top: 't' top: 'u' top: 'v' dummy_data_param { "
                  "shape { dim: 1 } shape { dim: 2 } }",
                  {"shape"}});
  rows.push_back({"MemoryData",
                  kParam,
                  "zero_batch",
                  "",
                  "top: 't' top: 'u' memory_data_param { batch_size: 0 "
                  "channels: 1 height: 1 width: 1 }",
                  {"batch_size"}});

  // Missing files.
  rows.push_back({"Data",
                  kParam,
                  "missing_source",
                  "",
                  "top: 't' top: 'u' data_param { source: '/nonexistent' "
                  "batch_size: 1 backend: LMDB }",
                  {"/nonexistent"}});
  rows.push_back({"HDF5Data",
                  kParam,
                  "missing_source",
                  "",
                  "top: 't' hdf5_data_param { source: '/nonexistent' "
                  "batch_size: 1 }",
                  {"/nonexistent"}});
  rows.push_back({"ImageData",
                  kParam,
                  "missing_source",
                  "",
                  "top: 't' top: 'u' image_data_param { source: '/nonexistent' "
                  "batch_size: 1 }",
                  {"/nonexistent"}});
  rows.push_back({"WindowData",
                  kParam,
                  "missing_source",
                  "",
                  "top: 't' top: 'u' transform_param { crop_size: 2 } "
                  "window_data_param { source: '/nonexistent' batch_size: 1 }",
                  {"/nonexistent"}});
  rows.push_back({"InfogainLoss",
                  kParam,
                  "missing_source",
                  "a=2,3 l=2",
                  "bottom: 'a' bottom: 'l' top: 't' "
                  "infogain_loss_param { source: '/nonexistent' }",
                  {"/nonexistent"}});
  rows.push_back({"HDF5Output",
                  kParam,
                  "unwritable",
                  "a=2,3 b=2",
                  "bottom: 'a' bottom: 'b' "
                  "hdf5_output_param { file_name: '/nonexistent/out.h5' }",
                  {"/nonexistent/out.h5"}});
  return rows;
}

// Expects message to come from the layer "probe" of the given type and to
// contain every fragment; net describes the case.
void ExpectProbeError(const string& message, const string& type,
                      const vector<string>& fragments, const string& net) {
  ASSERT_FALSE(message.empty()) << "no caffe::Error for:\n" << net;
  const string label = StrCat("layer \"probe\" (", type, ")");
  EXPECT_EQ(message.compare(0, label.size(), label), 0) << message;
  for (const string& fragment : fragments) {
    EXPECT_NE(message.find(fragment), string::npos)
        << "\"" << fragment << "\" not in: " << message;
  }
}

void PrintTo(const BadInput& row, std::ostream* os) {
  *os << row.type << " " << row.label;
}

string RowName(const ::testing::TestParamInfo<BadInput>& info) {
  const char* const kinds[] = {"_Count_", "_Shape_", "_Value_", "_Param_"};
  return string(info.param.type) + kinds[info.param.kind] + info.param.label;
}

class LayerBadInputTest : public ::testing::TestWithParam<BadInput> {};

TEST_P(LayerBadInputTest, ThrowsNamingLayerBlobsAndShapes) {
  const BadInput& row = GetParam();
  TempDir dir;
  string text = NetText(row);
  const size_t tmp = text.find("$TMP");
  if (tmp != string::npos) text.replace(tmp, 4, dir.path());
  NetParameter param;
  ReadProtoFromTextString(text, &param, "bad input net");
  const string message = ErrorMessage([&] {
    Net<float> net(param);
    net.Forward();
  });
  ExpectProbeError(message, row.type, row.fragments, text);
}

INSTANTIATE_TEST_SUITE_P(AllTypes, LayerBadInputTest,
                         ::testing::ValuesIn(Rows()), RowName);

// A net that sets up, then an input reshaped to a shape the layer cannot take:
// Reshape (run by Forward) must refuse it as SetUp would have.
struct Reshaped {
  const char* type;
  const char* inputs;    // valid shapes, as in BadInput
  string body;           // the "probe" layer
  const char* reshaped;  // "name=d0,d1,..." inputs given a new shape
  vector<string> fragments;
};

vector<Reshaped> ReshapedRows() {
  vector<Reshaped> rows;
  rows.push_back({"Eltwise",
                  "a=2,3 b=2,3",
                  "bottom: 'a' bottom: 'b' top: 't'",
                  "b=2,4",
                  {"\"b\" 2 4 (8)"}});
  rows.push_back({"Concat",
                  "a=2,3,4 b=2,3,4",
                  "bottom: 'a' bottom: 'b' top: 't'",
                  "b=2,3,5",
                  {"\"b\" 2 3 5 (30)"}});
  for (const char* type : {"Scale", "Bias"}) {
    rows.push_back({type,
                    "a=2,3,4 b=3",
                    "bottom: 'a' bottom: 'b' top: 't'",
                    "b=5",
                    {"\"b\" 5 (5)"}});
    rows.push_back(
        {type, "a=2,3", "bottom: 'a' top: 't'", "a=2,4", {"\"a\" 2 4 (8)"}});
  }
  rows.push_back({"Crop",
                  "a=2,3,4,4 b=2,3,2,2",
                  "bottom: 'a' bottom: 'b' top: 't'",
                  "b=2,3,6,6",
                  {"\"b\" 2 3 6 6 (216)"}});
  for (const char* type : {"Accuracy", "SoftmaxWithLoss", "HingeLoss",
                           "MultinomialLogisticLoss"}) {
    rows.push_back({type,
                    "a=2,3 l=2",
                    "bottom: 'a' bottom: 'l' top: 't'",
                    "l=3",
                    {"\"l\" 3 (3)"}});
  }
  for (const char* type : {"EuclideanLoss", "SigmoidCrossEntropyLoss"}) {
    rows.push_back({type,
                    "a=2,3 b=2,3",
                    "bottom: 'a' bottom: 'b' top: 't'",
                    "b=2,4",
                    {"\"b\" 2 4 (8)"}});
  }
  rows.push_back({"InfogainLoss",
                  "a=2,3 l=2 h=3,3",
                  "bottom: 'a' bottom: 'l' bottom: 'h' top: 't'",
                  "h=4,4",
                  {"\"h\" 4 4 (16)"}});
  rows.push_back({"ContrastiveLoss",
                  "a=2,3 b=2,3 s=2",
                  "bottom: 'a' bottom: 'b' bottom: 's' top: 't'",
                  "s=3",
                  {"\"s\" 3 (3)"}});
  rows.push_back({"Filter",
                  "a=2,3 s=2",
                  "bottom: 'a' bottom: 's' top: 't'",
                  "s=3",
                  {"\"s\" 3 (3)"}});
  rows.push_back({"BatchReindex",
                  "a=4,3 i=2",
                  "bottom: 'a' bottom: 'i' top: 't'",
                  "i=2,2",
                  {"\"i\" 2 2 (4)"}});
  for (const char* type : {"RNN", "LSTM"}) {
    rows.push_back({type,
                    "x=3,2,4 c=3,2",
                    "bottom: 'x' bottom: 'c' top: 't' "
                    "recurrent_param { num_output: 2 }",
                    "c=3,3",
                    {"\"c\" 3 3 (9)"}});
  }
  rows.push_back({"LSTMUnit",
                  "c=1,2,3 x=1,2,12 k=1,2",
                  "bottom: 'c' bottom: 'x' bottom: 'k' top: 't' top: 'u'",
                  "x=1,2,11",
                  {"\"x\" 1 2 11 (22)"}});
  rows.push_back({"InnerProduct",
                  "a=2,3",
                  "bottom: 'a' top: 't' inner_product_param { num_output: 2 }",
                  "a=2,4",
                  {"\"a\" 2 4 (8)"}});
  for (const char* type : {"Convolution", "Deconvolution"}) {
    rows.push_back({type,
                    "a=1,2,3,3",
                    "bottom: 'a' top: 't' "
                    "convolution_param { num_output: 2 kernel_size: 1 }",
                    "a=1,3,3,3",
                    {"\"a\" 1 3 3 3 (27)"}});
  }
  rows.push_back({"Convolution",
                  "a=1,1,3,3",
                  "bottom: 'a' top: 't' "
                  "convolution_param { num_output: 1 kernel_size: 3 }",
                  "a=1,1,2,2",
                  {"\"a\" 1 1 2 2 (4)"}});
  rows.push_back({"Im2col",
                  "a=1,1,3,3",
                  "bottom: 'a' top: 't' convolution_param { kernel_size: 3 }",
                  "a=1,1,2,2",
                  {"\"a\" 1 1 2 2 (4)"}});
  rows.push_back({"Pooling",
                  "a=1,1,3,3",
                  "bottom: 'a' top: 't' pooling_param { kernel_size: 3 }",
                  "a=1,1,2,2",
                  {"\"a\" 1 1 2 2 (4)"}});
  for (const char* type : {"PReLU", "BatchNorm"}) {
    rows.push_back(
        {type, "a=2,3", "bottom: 'a' top: 't'", "a=2,4", {"\"a\" 2 4 (8)"}});
  }
  rows.push_back({"Slice",
                  "a=2,4",
                  "bottom: 'a' top: 't' top: 'u' "
                  "slice_param { axis: 1 slice_point: 3 }",
                  "a=2,2",
                  {"\"a\" 2 2 (4)"}});
  rows.push_back({"Reshape",
                  "a=2,3",
                  "bottom: 'a' top: 't' reshape_param { shape { dim: 6 } }",
                  "a=2,4",
                  {"\"a\" 2 4 (8)"}});
  rows.push_back(
      {"LRN", "a=1,1,3,3", "bottom: 'a' top: 't'", "a=2,3", {"\"a\" 2 3 (6)"}});
  rows.push_back({"SPP",
                  "a=1,1,3,3",
                  "bottom: 'a' top: 't' spp_param { pyramid_height: 1 }",
                  "a=2,3",
                  {"\"a\" 2 3 (6)"}});
  rows.push_back(
      {"Softmax", "a=2,3", "bottom: 'a' top: 't'", "a=6", {"\"a\" 6 (6)"}});
  rows.push_back({"ArgMax",
                  "a=2,3",
                  "bottom: 'a' top: 't' argmax_param { top_k: 3 }",
                  "a=2,2",
                  {"\"a\" 2 2 (4)"}});
  rows.push_back({"HDF5Output",
                  "a=2,3 b=2",
                  "bottom: 'a' bottom: 'b' "
                  "hdf5_output_param { file_name: '$TMP/out.h5' }",
                  "b=3",
                  {"\"b\" 3 (3)"}});
  return rows;
}

class LayerReshapedBadInputTest : public ::testing::TestWithParam<Reshaped> {};

void PrintTo(const Reshaped& row, std::ostream* os) {
  *os << row.type << " " << row.reshaped;
}

TEST_P(LayerReshapedBadInputTest, ReshapeThrowsNamingLayerBlobsAndShapes) {
  const Reshaped& row = GetParam();
  TempDir dir;
  string text = InputLayer(row.inputs) + "layer { name: 'probe' type: '" +
                row.type + "' " + row.body + " }\n";
  const size_t tmp = text.find("$TMP");
  if (tmp != string::npos) text.replace(tmp, 4, dir.path());
  NetParameter param;
  ReadProtoFromTextString(text, &param, "reshaped input net");
  Net<float> net(param);
  std::istringstream specs(row.reshaped);
  string spec;
  while (specs >> spec) {
    const size_t eq = spec.find('=');
    vector<int> shape;
    std::istringstream dims(spec.substr(eq + 1));
    string dim;
    while (std::getline(dims, dim, ',')) shape.push_back(std::stoi(dim));
    net.blob_by_name(spec.substr(0, eq))->Reshape(shape);
  }
  ExpectProbeError(ErrorMessage([&] { net.Forward(); }), row.type,
                   row.fragments, StrCat(text, "with ", row.reshaped));
}

string ReshapedRowName(const ::testing::TestParamInfo<Reshaped>& info) {
  string name = StrCat(info.param.type, "_", info.param.reshaped);
  for (char& c : name) {
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return StrCat(name, "_", info.index);
}

INSTANTIATE_TEST_SUITE_P(AllTypes, LayerReshapedBadInputTest,
                         ::testing::ValuesIn(ReshapedRows()), ReshapedRowName);

// Errors that Net raises itself, or after the net is built, name the blobs.
string NetError(const string& text, const vector<int>& new_input_shape = {}) {
  NetParameter param;
  ReadProtoFromTextString(text, &param, "bad input net");
  return ErrorMessage([&] {
    Net<float> net(param);
    if (!new_input_shape.empty()) {
      net.input_blobs()[0]->Reshape(new_input_shape);
    }
    net.Forward();
  });
}

#define EXPECT_HAS(message, fragment) \
  EXPECT_NE(string(message).find(fragment), string::npos) << (message)

TEST(NetBadInputTest, UnknownBottomNamesTheBlob) {
  const string message = NetError(InputLayer("a=2,3") +
                                  "layer { name: 'probe' type: 'ReLU' "
                                  "bottom: 'missing' top: 't' }");
  EXPECT_HAS(message, "layer \"probe\" (ReLU)");
  EXPECT_HAS(message, "\"missing\"");
}

TEST(NetBadInputTest, ReusedTopNamesTheBlobAndItsProducer) {
  const string message =
      NetError(InputLayer("a=2,3") +
               "layer { name: 'first' type: 'ReLU' bottom: 'a' top: 't' }"
               "layer { name: 'probe' type: 'Sigmoid' bottom: 'a' top: 't' }");
  EXPECT_HAS(message, "layer \"probe\" (Sigmoid)");
  EXPECT_HAS(message, "\"t\"");
  EXPECT_HAS(message, "\"first\"");
}

TEST(NetBadInputTest, TopNamedTwiceByOneLayer) {
  const string message =
      NetError(InputLayer("a=2,3") +
               "layer { name: 'probe' type: 'Split' bottom: 'a' top: 't' "
               "top: 't' }");
  EXPECT_HAS(message,
             "layer \"probe\" (Split): top blob \"t\" is named "
             "twice among the layer's tops");
}

TEST(NetBadInputTest, ShapeMismatchBetweenLayersNamesTheProducedBlob) {
  const string message =
      NetError(InputLayer("a=2,3,4,4") +
               "layer { name: 'conv' type: 'Convolution' bottom: 'a' top: 'c' "
               "  convolution_param { num_output: 2 kernel_size: 1 } }"
               "layer { name: 'probe' type: 'Eltwise' bottom: 'a' bottom: 'c' "
               "  top: 't' }");
  EXPECT_HAS(message, "layer \"probe\" (Eltwise)");
  EXPECT_HAS(message, "\"a\" 2 3 4 4 (96)");
  EXPECT_HAS(message, "\"c\" 2 2 4 4 (64)");
}

TEST(NetBadInputTest, InPlaceLayerThatChangesTheShape) {
  const string message =
      NetError(InputLayer("a=2,3 b=2,3") +
               "layer { name: 'probe' type: 'Concat' bottom: 'a' bottom: 'b' "
               "  top: 'a' }");
  EXPECT_HAS(message,
             "layer \"probe\" (Concat): top \"a\" is computed in "
             "place over its bottom, but the layer changes its shape "
             "from 2 3 (6) to 2 6 (12)");
}

// An axis of size 0 is no error: the products over it are empty, and BLAS
// must not be handed leading dimensions of 0 (oneDNN aborted on them).
TEST(NetBadInputTest, ZeroSizedInnerAxisForwards) {
  NetParameter param;
  ReadProtoFromTextString(
      InputLayer("a=2,0,4,4") +
          "layer { name: 'ip' type: 'InnerProduct' bottom: 'a' top: 'i' "
          "  inner_product_param { num_output: 2 } }"
          "layer { name: 'conv' type: 'Convolution' bottom: 'a' top: 'c' "
          "  convolution_param { num_output: 2 kernel_size: 1 } }",
      &param);
  Net<float> net(param);
  net.Forward();
  net.Backward();
  EXPECT_EQ(net.blob_by_name("i")->shape_string(), "2 2 (4)");
  EXPECT_EQ(net.blob_by_name("c")->shape_string(), "2 2 4 4 (64)");
}

// An empty batch gives no loss terms; it divided an integer by 0 (SIGFPE).
TEST(NetBadInputTest, EmptyBatchReachesLossLayers) {
  string text = InputLayer("a=0,3 l=0");
  for (const char* type : {"Accuracy", "SoftmaxWithLoss", "HingeLoss",
                           "MultinomialLogisticLoss"}) {
    text += StrCat("layer { name: '", type, "' type: '", type,
                   "' bottom: 'a' bottom: 'l' top: '", type, "' }");
  }
  NetParameter param;
  ReadProtoFromTextString(text, &param);
  Net<float> net(param);
  net.Forward();
  net.Backward();
  EXPECT_EQ(net.blob_by_name("Accuracy")->cpu_data()[0], 0);
}

TEST(NetBadInputTest, BackwardErrorsNameTheLayer) {
  NetParameter param;
  ReadProtoFromTextString(
      InputLayer("a=2,3 l=2") +
          "layer { name: 'ip' type: 'InnerProduct' bottom: 'a' top: 'b' "
          "  inner_product_param { num_output: 3 } }"
          "layer { name: 'probe' type: 'HingeLoss' bottom: 'b' bottom: 'l' "
          "  top: 'loss' propagate_down: true propagate_down: true }",
      &param);
  Net<float> net(param);
  net.Forward();
  const string message = ErrorMessage([&] { net.Backward(); });
  EXPECT_HAS(message,
             "layer \"probe\" (HingeLoss): cannot backpropagate to the labels");
  EXPECT_HAS(message, "\"l\" 2 (2)");
}

TEST(NetBadInputTest, InputReshapedAfterInitNamesTheBottomShapes) {
  const string message = NetError(
      InputLayer("a=2,3") +
          "layer { name: 'probe' type: 'InnerProduct' bottom: 'a' top: 't' "
          "  inner_product_param { num_output: 2 } }",
      {2, 4});
  EXPECT_HAS(message, "layer \"probe\" (InnerProduct)");
  EXPECT_HAS(message, "\"a\" 2 4 (8)");
}

TEST(NetBadInputTest, ForwardErrorsNameTheBottomShapes) {
  const string message =
      NetError(InputLayer("b=2,3 a=2:7") +
               "layer { name: 'probe' type: 'Accuracy' bottom: 'b' bottom: 'a' "
               "  top: 't' }");
  EXPECT_HAS(message, "layer \"probe\" (Accuracy): label 7");
  EXPECT_HAS(message, "\"a\" 2 (2)");
}

TEST(LayerBadInputCoverageTest, CoversEveryRegisteredType) {
  std::set<string> counted;
  for (const BadInput& row : Rows()) {
    if (row.kind == kCount) counted.insert(row.type);
  }
  for (const char* type : kAcceptsAnyBottoms) counted.insert(type);
  for (const string& type : LayerRegistry<float>::LayerTypeList()) {
    // The tests register their own layers (TestScale, TestRegistry*, ...).
    if (type.compare(0, 4, "Test") == 0) continue;
    EXPECT_TRUE(counted.count(type))
        << "no wrong-bottom-count row in test_layer_bad_input.cpp for " << type
        << " (add one, or list it in kAcceptsAnyBottoms)";
  }
}

}  // namespace

}  // namespace caffe

// Net for Python: the native half of pycaffe's Net. The Pythonic surface
// (blobs and params as ordered dicts, forward(**inputs), forward_all) is
// python/caffe/pycaffe.py, built on the underscore names defined here.
#include <pybind11/functional.h>
#include <pybind11/numpy.h>

#include <memory>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "caffe/error.hpp"
#include "caffe/layers/memory_data_layer.hpp"
#include "caffe/net.hpp"
#include "caffe/util/io.hpp"
#include "files.hpp"

namespace py = pybind11;

namespace caffe {
namespace python {
namespace {

typedef Net<float> PyNet;

Phase ToPhase(int phase) {
  if (phase != TRAIN && phase != TEST) {
    throw py::value_error("phase must be caffe.TRAIN (0) or caffe.TEST (1), "
                          "got " + std::to_string(phase));
  }
  return static_cast<Phase>(phase);
}

shared_ptr<PyNet> MakeNet(const std::string& network_file, int phase,
                          int level, const std::vector<std::string>& stages,
                          const py::object& weights) {
  RequireReadableFile(network_file);
  std::string weights_file;
  if (!weights.is_none()) {
    weights_file = py::cast<std::string>(weights);
    RequireReadableFile(weights_file);
  }
  const Phase net_phase = ToPhase(phase);
  py::gil_scoped_release released;
  auto net = std::make_shared<PyNet>(network_file, net_phase, level, &stages);
  if (!weights_file.empty()) net->CopyTrainedLayersFrom(weights_file);
  return net;
}

// A hook the net runs around each layer, calling a Python function with the
// layer's index.
class LayerHook : public PyNet::Callback {
 public:
  explicit LayerHook(py::function function) : function_(std::move(function)) {}
  ~LayerHook() {
    py::gil_scoped_acquire gil;
    function_ = py::function();
  }

 protected:
  void run(int layer) override {
    py::gil_scoped_acquire gil;
    function_(layer);
  }

 private:
  py::function function_;
};

// Hands the memory of data and labels (C-contiguous float32, 4-D, labels
// n x 1 x 1 x 1) to the net's first layer, a MemoryData layer; the arrays
// are kept alive by the net's Python object (keep_alive below).
void SetInputArrays(PyNet& net, py::array data, py::array labels) {
  auto* layer =
      net.layers().empty()
          ? nullptr
          : dynamic_cast<MemoryDataLayer<float>*>(net.layers()[0].get());
  if (layer == nullptr) {
    throw py::value_error("set_input_arrays needs a net whose first layer is "
                          "a MemoryData layer");
  }
  const auto checked = [](const py::array& array, const char* name) {
    if (!array.dtype().is(py::dtype::of<float>())) {
      throw py::type_error(std::string(name) + " must be float32, got " +
                           py::str(array.dtype()).cast<std::string>());
    }
    if (!(array.flags() & py::array::c_style)) {
      throw py::value_error(std::string(name) + " must be C-contiguous");
    }
    if (array.ndim() != 4) {
      throw py::value_error(std::string(name) + " must be 4-D, got " +
                            std::to_string(array.ndim()) + "-D");
    }
  };
  checked(data, "data");
  checked(labels, "labels");
  if (labels.shape(0) != data.shape(0) || labels.shape(1) != 1 ||
      labels.shape(2) != 1 || labels.shape(3) != 1) {
    throw py::value_error("labels must be " + std::to_string(data.shape(0)) +
                          " x 1 x 1 x 1, one per example of data");
  }
  if (data.shape(1) != layer->channels() || data.shape(2) != layer->height() ||
      data.shape(3) != layer->width()) {
    throw py::value_error("data's examples must be " +
                          std::to_string(layer->channels()) + " x " +
                          std::to_string(layer->height()) + " x " +
                          std::to_string(layer->width()) +
                          ", as the MemoryData layer declares");
  }
  if (data.shape(0) % layer->batch_size() != 0) {
    throw py::value_error("the number of examples (" +
                          std::to_string(data.shape(0)) +
                          ") must be a multiple of the batch size (" +
                          std::to_string(layer->batch_size()) + ")");
  }
  layer->Reset(static_cast<float*>(data.mutable_data()),
               static_cast<float*>(labels.mutable_data()),
               static_cast<int>(data.shape(0)));
}

int CheckedLayerIndex(const PyNet& net, int layer) {
  const int count = static_cast<int>(net.layers().size());
  if (layer < 0 || layer >= count) {
    throw py::index_error("layer index " + std::to_string(layer) +
                          " out of range: the net has " +
                          std::to_string(count) + " layers");
  }
  return layer;
}

void Save(const PyNet& net, const std::string& filename) {
  NetParameter param;
  net.ToProto(&param, false);
  WriteProtoToBinaryFile(param, filename);
}

template <void (PyNet::*add)(PyNet::Callback*)>
LayerHook* AddHook(PyNet& net, py::function function) {
  auto* hook = new LayerHook(std::move(function));
  (net.*add)(hook);
  return hook;
}

}  // namespace

void BindNet(py::module_& m) {
  // Owned by the net's Python object (keep_alive), which outlives the calls.
  py::class_<LayerHook>(m, "_LayerHook");

  py::class_<PyNet, shared_ptr<PyNet> >(m, "Net", py::dynamic_attr())
      .def(py::init(&MakeNet), py::arg("network_file"), py::arg("phase"),
           py::arg("level") = 0,
           py::arg("stages") = std::vector<std::string>(),
           py::arg("weights") = py::none())
      // Caffe's older form: Net(network_file, weights_file, phase).
      .def(py::init([](const std::string& network_file,
                       const std::string& weights_file, int phase) {
             return MakeNet(network_file, phase, 0, {}, py::str(weights_file));
           }),
           py::arg("network_file"), py::arg("pretrained_file"),
           py::arg("phase"))
      .def("_forward",
           [](PyNet& net, int start, int end) {
             py::gil_scoped_release released;
             return net.ForwardFromTo(start, end);
           })
      .def("_backward",
           [](PyNet& net, int start, int end) {
             py::gil_scoped_release released;
             net.BackwardFromTo(start, end);
           })
      .def("reshape", &PyNet::Reshape)
      .def("clear_param_diffs", &PyNet::ClearParamDiffs)
      .def("copy_from",
           [](PyNet& net, const std::string& weights) {
             RequireReadableFile(weights);
             net.CopyTrainedLayersFrom(weights);
           },
           py::arg("weights_file"))
      .def("share_with", &PyNet::ShareTrainedLayersWith, py::arg("other"))
      .def("save", &Save, py::arg("filename"))
      .def("save_hdf5",
           [](const PyNet& net, const std::string& filename) {
             net.ToHDF5(filename, false);
           },
           py::arg("filename"))
      .def("load_hdf5",
           [](PyNet& net, const std::string& filename) {
             RequireReadableFile(filename);
             net.CopyTrainedLayersFromHDF5(filename);
           },
           py::arg("filename"))
      .def("_set_input_arrays", &SetInputArrays, py::keep_alive<1, 2>(),
           py::keep_alive<1, 3>())
      .def("_before_forward", &AddHook<&PyNet::add_before_forward>,
           py::keep_alive<1, 0>())
      .def("_after_forward", &AddHook<&PyNet::add_after_forward>,
           py::keep_alive<1, 0>())
      .def("_before_backward", &AddHook<&PyNet::add_before_backward>,
           py::keep_alive<1, 0>())
      .def("_after_backward", &AddHook<&PyNet::add_after_backward>,
           py::keep_alive<1, 0>())
      .def_property_readonly("name", &PyNet::name)
      .def_property_readonly("phase",
                             [](const PyNet& net) {
                               return static_cast<int>(net.phase());
                             })
      .def_property_readonly("_blob_names", &PyNet::blob_names)
      .def_property_readonly("_blobs", &PyNet::blobs)
      .def_property_readonly("_layer_names", &PyNet::layer_names)
      .def_property_readonly("_layers", &PyNet::layers)
      .def_property_readonly("_blob_loss_weights", &PyNet::blob_loss_weights)
      .def("_bottom_ids",
           [](const PyNet& net, int layer) {
             return net.bottom_ids(CheckedLayerIndex(net, layer));
           })
      .def("_top_ids",
           [](const PyNet& net, int layer) {
             return net.top_ids(CheckedLayerIndex(net, layer));
           })
      .def_property_readonly("_inputs", &PyNet::input_blob_indices)
      .def_property_readonly("_outputs", &PyNet::output_blob_indices);
}

}  // namespace python
}  // namespace caffe

// Layer for Python, and the layer type "Python": a caffe.Layer subclass
// named by python_param { module layer param_str }, whose setup, reshape,
// forward and backward methods run as the layer's. Registering it replaces
// the library's placeholder, which refuses Python layers.
#include <pybind11/pybind11.h>

#include <memory>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "caffe/error.hpp"
#include "caffe/layer.hpp"
#include "caffe/layer_factory.hpp"

namespace py = pybind11;

namespace caffe {
namespace python {
namespace {

typedef Layer<float> PyLayerBase;
typedef std::vector<shared_ptr<Blob<float> > > BlobVector;
typedef std::vector<Blob<float>*> BlobPointers;

// "ValueError: the message", on one line: what() adds the traceback.
std::string Describe(const py::error_already_set& raised) {
  std::string text = py::str(raised.value()).cast<std::string>();
  for (char& c : text) {
    if (c == '\n') c = ' ';
  }
  return raised.type().attr("__name__").cast<std::string>() +
         (text.empty() ? "" : ": " + text);
}

// The C++ side of an instance of a Python subclass of caffe.Layer: each
// Layer method calls the Python method of the same job, with the GIL held.
class PythonLayer : public PyLayerBase {
 public:
  PythonLayer() : PyLayerBase(LayerParameter()) {}

  // The net's parameter for this layer, known only once the Python object
  // exists (Python constructs it without arguments).
  void Adopt(const LayerParameter& param) {
    this->layer_param_ = param;
    this->phase_ = param.phase();
  }

  void LayerSetUp(const BlobPointers& bottom,
                  const BlobPointers& top) override {
    py::gil_scoped_acquire gil;
    py::object self = Self();
    self.attr("param_str") = this->layer_param_.python_param().param_str();
    self.attr("phase") = static_cast<int>(this->phase_);
    Call("setup", bottom, top);
  }
  void Reshape(const BlobPointers& bottom, const BlobPointers& top) override {
    py::gil_scoped_acquire gil;
    Call("reshape", bottom, top);
  }
  // Caffe's Python layers share their parameters between the nets of
  // parallel solvers only when asked.
  bool ShareInParallel() const {
    return this->layer_param_.python_param().share_in_parallel();
  }
  const char* type() const override { return "Python"; }

 protected:
  void Forward_cpu(const BlobPointers& bottom,
                   const BlobPointers& top) override {
    py::gil_scoped_acquire gil;
    Call("forward", bottom, top);
  }
  void Backward_cpu(const BlobPointers& top,
                    const std::vector<bool>& propagate_down,
                    const BlobPointers& bottom) override {
    py::gil_scoped_acquire gil;
    Call("backward", top, propagate_down, bottom);
  }

 private:
  py::object Self() const {
    return py::cast(static_cast<const PyLayerBase*>(this),
                    py::return_value_policy::reference);
  }

  // Calls the subclass's method; a Python exception becomes a caffe::Error
  // naming the module and class (the net adds the layer's name).
  template <typename... Args>
  void Call(const char* method, const Args&... args) {
    py::function override =
        py::get_override(static_cast<const PyLayerBase*>(this), method);
    try {
      if (!override) {
        // setup and reshape may be left out; forward and backward may not.
        if (std::string(method) == "setup" || std::string(method) == "reshape")
          return;
        CAFFE_THROW() << "the Python layer class defines no " << method
                      << "(...) method";
      }
      override(args...);
    } catch (py::error_already_set& raised) {
      const PythonParameter& param = this->layer_param_.python_param();
      CAFFE_THROW() << "Python layer " << param.module() << "."
                    << param.layer() << "." << method << " raised "
                    << Describe(raised);
    } catch (Error& error) {
      const PythonParameter& param = this->layer_param_.python_param();
      error.add_context("Python layer " + param.module() + "." +
                        param.layer());
      throw;
    }
  }
};

// The registry's creator of "Python" layers: imports the module, makes an
// instance of the class and hands the net a layer that owns that instance
// (the Python object owns the C++ layer; the net's reference keeps both).
shared_ptr<PyLayerBase> CreatePythonLayer(const LayerParameter& param) {
  const PythonParameter& python = param.python_param();
  const std::string where = "Python layer \"" + param.name() + "\" (module " +
                            python.module() + ", class " + python.layer() + ")";
  CAFFE_REQUIRE(!python.module().empty() && !python.layer().empty())
      << where << ": python_param needs both module and layer";
  py::gil_scoped_acquire gil;
  py::object instance;
  try {
    py::object type =
        py::module_::import(python.module().c_str()).attr(python.layer().c_str());
    instance = type();
  } catch (py::error_already_set& raised) {
    CAFFE_THROW() << where << ": cannot create it: " << Describe(raised);
  }
  PythonLayer* layer = nullptr;
  try {
    layer = dynamic_cast<PythonLayer*>(instance.cast<PyLayerBase*>());
  } catch (py::cast_error&) {
  }
  CAFFE_REQUIRE(layer != nullptr)
      << where << ": the class is not a subclass of caffe.Layer";
  layer->Adopt(param);
  std::shared_ptr<py::object> owner(new py::object(std::move(instance)),
                                    [](py::object* object) {
                                      py::gil_scoped_acquire gil;
                                      delete object;
                                    });
  return shared_ptr<PyLayerBase>(owner, layer);
}

BlobVector::value_type AddBlob(BlobVector& blobs, const py::args& shape) {
  std::vector<int> dims;
  for (const py::handle& dim : shape) dims.push_back(py::cast<int>(dim));
  blobs.push_back(std::make_shared<Blob<float> >(dims));
  return blobs.back();
}

}  // namespace

void BindLayer(py::module_& m) {
  py::bind_vector<BlobVector>(m, "BlobVec")
      .def("add_blob", &AddBlob,
           "Appends a parameter blob of the given shape (Python layers).");

  py::class_<PyLayerBase, PythonLayer, shared_ptr<PyLayerBase> >(
      m, "Layer", py::dynamic_attr())
      .def(py::init<>())
      .def_property_readonly(
          "blobs", [](PyLayerBase& layer) -> BlobVector& { return layer.blobs(); },
          py::return_value_policy::reference_internal)
      .def_property_readonly("type", [](const PyLayerBase& layer) {
        return std::string(layer.type());
      })
      .def("setup",
           [](PyLayerBase& layer, const BlobPointers& bottom,
              const BlobPointers& top) { layer.LayerSetUp(bottom, top); })
      .def("reshape", [](PyLayerBase& layer, const BlobPointers& bottom,
                         const BlobPointers& top) {
        layer.Reshape(bottom, top);
      });

  LayerRegistry<float>::ReplaceVariant(
      "Python", {kEngineCaffe, 0, &CreatePythonLayer, nullptr,
                 /*plans_on_layout_change=*/false});
}

}  // namespace python
}  // namespace caffe

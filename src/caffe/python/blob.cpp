// Blob for Python: .data and .diff are numpy arrays over the blob's own
// memory (no copy), so that writing into them feeds the net. Each access
// makes a new view, as in Caffe: a reshape moves the memory, and an old view
// then no longer describes the blob.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <vector>

#include "bindings.hpp"
#include "caffe/blob.hpp"
#include "caffe/error.hpp"

namespace py = pybind11;

namespace caffe {
namespace python {
namespace {

typedef Blob<float> PyBlob;

// A C-contiguous float32 view of memory that the blob owns; the array keeps
// the Python blob object (and so the blob) alive.
py::array View(const PyBlob& blob, float* memory, py::handle owner) {
  std::vector<py::ssize_t> shape(blob.shape().begin(), blob.shape().end());
  return py::array(py::dtype::of<float>(), shape, memory, owner);
}

void ReshapeFromArgs(PyBlob& blob, const py::args& args) {
  std::vector<int> shape;
  for (const py::handle& dim : args) {
    const long value = py::cast<long>(dim);
    if (value < 0) {
      throw py::value_error("Blob.reshape: dimensions must be non-negative, "
                            "got " + std::to_string(value));
    }
    shape.push_back(static_cast<int>(value));
  }
  blob.Reshape(shape);
}

}  // namespace

void BindBlob(py::module_& m) {
  py::class_<PyBlob, shared_ptr<PyBlob> >(m, "Blob")
      .def(py::init([](const std::vector<int>& shape) {
             return std::make_shared<PyBlob>(shape);
           }),
           py::arg("shape"))
      .def_property_readonly("shape",
                             [](const PyBlob& blob) {
                               return py::tuple(py::cast(blob.shape()));
                             })
      .def_property_readonly("count",
                             [](const PyBlob& blob) { return blob.count(); })
      .def_property_readonly("num", &PyBlob::num)
      .def_property_readonly("channels", &PyBlob::channels)
      .def_property_readonly("height", &PyBlob::height)
      .def_property_readonly("width", &PyBlob::width)
      .def("reshape", &ReshapeFromArgs)
      .def_property_readonly("data",
                             [](py::object self) {
                               PyBlob& blob = self.cast<PyBlob&>();
                               return View(blob, blob.mutable_cpu_data(), self);
                             })
      .def_property_readonly("diff", [](py::object self) {
        PyBlob& blob = self.cast<PyBlob&>();
        return View(blob, blob.mutable_cpu_diff(), self);
      });
}

}  // namespace python
}  // namespace caffe

// caffe::Error reaches Python as caffe.Error (a RuntimeError), carrying the
// structured fields the message was composed from, so that a notebook can
// tell which layer or file was at fault without parsing the text.
#include <string>

#include "bindings.hpp"
#include "caffe/error.hpp"

namespace py = pybind11;

namespace caffe {
namespace python {
namespace {

// Owned by the module (its attributes hold a reference) for the life of the
// interpreter.
PyObject* error_type = nullptr;
PyObject* out_of_memory_type = nullptr;
PyObject* device_error_type = nullptr;

PyObject* NewExceptionType(py::module_& m, const char* name, PyObject* bases,
                           const char* doc) {
  const std::string qualified = std::string("caffe.") + name;
  PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases,
                                             nullptr);
  if (type == nullptr) throw py::error_already_set();
  m.attr(name) = py::handle(type);
  return type;
}

// Raises an instance of type whose args are (what(),) and whose attributes
// are the error's fields.
void Raise(PyObject* type, const Error& error) {
  py::object instance = py::reinterpret_steal<py::object>(
      PyObject_CallFunction(type, "s", error.what()));
  if (!instance) return;  // the call set its own Python error
  instance.attr("detail") = error.detail();
  instance.attr("file") = error.file();
  instance.attr("line") = error.line();
  instance.attr("column") = error.column();
  instance.attr("layer") = error.layer();
  instance.attr("layer_type") = error.layer_type();
  instance.attr("blob") = error.blob();
  if (const auto* memory = dynamic_cast<const OutOfMemoryError*>(&error)) {
    instance.attr("bytes") = memory->bytes();
    instance.attr("device") = memory->device();
  }
  PyErr_SetObject(type, instance.ptr());
}

}  // namespace

void BindErrors(py::module_& m) {
  error_type = NewExceptionType(
      m, "Error", PyExc_RuntimeError,
      "An input Caffe cannot use: a malformed file, an unknown layer type, "
      "incompatible shapes. Attributes: detail, file, line, column, layer, "
      "layer_type, blob (empty or 0 where unknown).");
  py::tuple memory_bases = py::make_tuple(py::handle(error_type),
                                          py::handle(PyExc_MemoryError));
  out_of_memory_type = NewExceptionType(
      m, "OutOfMemoryError", memory_bases.ptr(),
      "An allocation that failed; bytes and device (-1: host) say which.");
  device_error_type = NewExceptionType(
      m, "DeviceError", error_type,
      "A failed call into CUDA, cuBLAS, cuRAND or cuDNN.");
  py::register_exception_translator([](std::exception_ptr pending) {
    if (!pending) return;
    try {
      std::rethrow_exception(pending);
    } catch (const OutOfMemoryError& error) {
      Raise(out_of_memory_type, error);
    } catch (const DeviceError& error) {
      Raise(device_error_type, error);
    } catch (const Error& error) {
      Raise(error_type, error);
    }
  });
}

}  // namespace python
}  // namespace caffe

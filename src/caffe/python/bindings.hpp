#ifndef CAFFE_PYTHON_BINDINGS_HPP_
#define CAFFE_PYTHON_BINDINGS_HPP_

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl_bind.h>

#include <vector>

#include "caffe/blob.hpp"

// A layer's parameter blobs are one list object in Python (layer.blobs,
// net.params[name]) that refers to the C++ vector, so that a Python layer's
// self.blobs.add_blob(...) adds a parameter the solver then learns.
PYBIND11_MAKE_OPAQUE(std::vector<caffe::shared_ptr<caffe::Blob<float> > >);

// The parts of caffe._caffe, each defined in its own file and called once,
// in this order, from the module's initialisation (module.cpp). pycaffe is
// single precision, as Caffe's was: Blob, Layer, Net and the solvers are the
// float instantiations.
namespace caffe {
namespace python {

// caffe.Error and its subclasses, and the translation of C++ exceptions.
void BindErrors(pybind11::module_& m);
// Mode, device, seed, phases, logging, the solver-count globals.
void BindGlobals(pybind11::module_& m);
// Blob, with .data and .diff as numpy views of its memory.
void BindBlob(pybind11::module_& m);
// Layer, the base of Python layers, and the real "Python" layer type.
void BindLayer(pybind11::module_& m);
void BindNet(pybind11::module_& m);
void BindSolvers(pybind11::module_& m);

}  // namespace python
}  // namespace caffe

#endif  // CAFFE_PYTHON_BINDINGS_HPP_

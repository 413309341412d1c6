#include "bindings.hpp"

PYBIND11_MODULE(_caffe, m) {
  m.doc() = "The native part of pycaffe; import caffe rather than this.";
  caffe::python::BindErrors(m);
  caffe::python::BindGlobals(m);
  caffe::python::BindBlob(m);
  caffe::python::BindLayer(m);
  caffe::python::BindNet(m);
  caffe::python::BindSolvers(m);
}

// Caffe's process and thread settings under pycaffe's names.
#include <glog/logging.h>

#include <string>
#include <vector>

#include "bindings.hpp"
#include "caffe/common.hpp"
#include "caffe/layer_factory.hpp"
#include "caffe/error.hpp"
#include "caffe/proto/caffe.pb.h"
#include "caffe/util/benchmark.hpp"

namespace py = pybind11;

namespace caffe {
namespace python {
namespace {

void InitLog(int min_level) {
  static bool initialised = false;
  if (!initialised) {
    ::google::InitGoogleLogging("pycaffe");
    initialised = true;
  }
  FLAGS_logtostderr = true;
  FLAGS_minloglevel = min_level;
}

}  // namespace

void BindGlobals(py::module_& m) {
  m.attr("TRAIN") = static_cast<int>(TRAIN);
  m.attr("TEST") = static_cast<int>(TEST);

  m.def("set_mode_cpu", [] { Caffe::set_mode(Caffe::CPU); });
  m.def("set_mode_gpu", [] { Caffe::set_mode(Caffe::GPU); });
  m.def("set_device", &Caffe::SetDevice, py::arg("device_id"));
  m.def("set_random_seed", &Caffe::set_random_seed, py::arg("seed"));

  m.def("init_log", [] { InitLog(0); });
  m.def("init_log", &InitLog, py::arg("level"),
        "Logs to stderr from the given glog level on (0 INFO ... 3 FATAL).");
  m.def("log", [](const std::string& message) { LOG(INFO) << message; },
        py::arg("message"));

  m.def("layer_type_list", &LayerRegistry<float>::LayerTypeList);

  m.def("has_nccl", [] {
#ifdef USE_NCCL
    return true;
#else
    return false;
#endif
  });
  // Multi-GPU training from Python needs NCCL; the name exists in every
  // build so that scripts import, and using it says what is missing.
  struct NCCL {};
  py::class_<NCCL>(m, "NCCL")
      .def(py::init([](const py::object&, const py::object&) -> NCCL* {
             CAFFE_THROW() << "caffe.NCCL: this Crema was built without NCCL "
                              "(multi-GPU training needs a CUDA build with "
                              "USE_NCCL)";
           }),
           py::arg("solver"), py::arg("uid"))
      .def_static("new_uid", []() -> py::bytes {
        CAFFE_THROW() << "caffe.NCCL: this Crema was built without NCCL";
      });

  py::class_<Timer>(m, "Timer")
      .def(py::init<>())
      .def("start", &Timer::Start)
      .def("stop", &Timer::Stop)
      .def_property_readonly("ms", &Timer::MilliSeconds);

  m.def("solver_count", &Caffe::solver_count);
  m.def("set_solver_count", &Caffe::set_solver_count, py::arg("count"));
  m.def("solver_rank", &Caffe::solver_rank);
  m.def("set_solver_rank", &Caffe::set_solver_rank, py::arg("rank"));
  m.def("set_multiprocess", &Caffe::set_multiprocess, py::arg("multiprocess"));
}

}  // namespace python
}  // namespace caffe

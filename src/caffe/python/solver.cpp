// The solvers for Python: get_solver(path) makes the one the file's type
// names; SGDSolver(path) and the others make that one regardless.
#include <memory>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "caffe/error.hpp"
#include "caffe/sgd_solvers.hpp"
#include "caffe/solver.hpp"
#include "caffe/solver_factory.hpp"
#include "caffe/util/upgrade_proto.hpp"
#include "files.hpp"

namespace py = pybind11;

namespace caffe {
namespace python {
namespace {

typedef Solver<float> PySolver;

SolverParameter ReadSolverFile(const std::string& path) {
  RequireReadableFile(path);
  SolverParameter param;
  ReadSolverParamsFromTextFileOrDie(path, &param);
  return param;
}

template <typename SolverType>
shared_ptr<SolverType> MakeSolver(const std::string& path) {
  const SolverParameter param = ReadSolverFile(path);
  py::gil_scoped_release released;
  return std::make_shared<SolverType>(param);
}

// Python's on_start and on_gradients_ready, run by the solver each step.
class StepHooks : public PySolver::Callback {
 public:
  StepHooks(py::function on_start, py::function on_gradients_ready)
      : on_start_(std::move(on_start)),
        on_gradients_ready_(std::move(on_gradients_ready)) {}
  ~StepHooks() {
    py::gil_scoped_acquire gil;
    on_start_ = py::function();
    on_gradients_ready_ = py::function();
  }

 protected:
  void on_start() override {
    py::gil_scoped_acquire gil;
    on_start_();
  }
  void on_gradients_ready() override {
    py::gil_scoped_acquire gil;
    on_gradients_ready_();
  }

 private:
  py::function on_start_;
  py::function on_gradients_ready_;
};

template <typename SolverType, typename Base>
void BindSolverType(py::module_& m, const char* name) {
  py::class_<SolverType, Base, shared_ptr<SolverType> >(m, name)
      .def(py::init(&MakeSolver<SolverType>), py::arg("solver_file"));
}

}  // namespace

void BindSolvers(py::module_& m) {
  py::class_<StepHooks>(m, "_StepHooks");

  py::class_<PySolver, shared_ptr<PySolver> >(m, "Solver", py::dynamic_attr())
      .def_property_readonly("net", &PySolver::net)
      .def_property_readonly("test_nets", &PySolver::test_nets)
      .def_property_readonly("iter", &PySolver::iter)
      .def_property_readonly("type", [](const PySolver& solver) {
        return std::string(solver.type());
      })
      // Serialized: pycaffe turns it into a caffe_pb2.SolverParameter.
      .def_property_readonly("_param_bytes",
                             [](const PySolver& solver) {
                               return py::bytes(
                                   solver.param().SerializeAsString());
                             })
      .def("step",
           [](PySolver& solver, int iters) {
             py::gil_scoped_release released;
             solver.Step(iters);
           },
           py::arg("iters"))
      .def("solve",
           [](PySolver& solver, const py::object& resume) {
             const std::string resume_file =
                 resume.is_none() ? "" : py::cast<std::string>(resume);
             if (!resume_file.empty()) RequireReadableFile(resume_file);
             py::gil_scoped_release released;
             solver.Solve(resume_file.empty() ? nullptr : resume_file.c_str());
           },
           py::arg("resume") = py::none())
      .def("restore",
           [](PySolver& solver, const std::string& state_file) {
             RequireReadableFile(state_file);
             py::gil_scoped_release released;
             solver.Restore(state_file.c_str());
           },
           py::arg("state_file"))
      .def("snapshot",
           [](PySolver& solver) {
             py::gil_scoped_release released;
             solver.Snapshot();
           })
      .def("apply_update",
           [](PySolver& solver) {
             py::gil_scoped_release released;
             solver.ApplyUpdate();
           })
      .def("add_callback",
           [](PySolver& solver, py::function on_start,
              py::function on_gradients_ready) {
             auto* hooks = new StepHooks(std::move(on_start),
                                         std::move(on_gradients_ready));
             solver.add_callback(hooks);
             return hooks;
           },
           py::arg("on_start"), py::arg("on_gradients_ready"),
           py::keep_alive<1, 0>())
      .def("share_weights",
           [](PySolver& solver, Net<float>& net) {
             net.ShareTrainedLayersWith(solver.net().get());
           },
           py::arg("net"));

  BindSolverType<SGDSolver<float>, PySolver>(m, "SGDSolver");
  BindSolverType<NesterovSolver<float>, SGDSolver<float> >(m, "NesterovSolver");
  BindSolverType<AdaGradSolver<float>, SGDSolver<float> >(m, "AdaGradSolver");
  BindSolverType<RMSPropSolver<float>, SGDSolver<float> >(m, "RMSPropSolver");
  BindSolverType<AdaDeltaSolver<float>, SGDSolver<float> >(m, "AdaDeltaSolver");
  BindSolverType<AdamSolver<float>, SGDSolver<float> >(m, "AdamSolver");

  m.def("get_solver",
        [](const std::string& path) {
          const SolverParameter param = ReadSolverFile(path);
          py::gil_scoped_release released;
          return shared_ptr<PySolver>(
              SolverRegistry<float>::CreateSolver(param));
        },
        py::arg("solver_file"));
}

}  // namespace python
}  // namespace caffe

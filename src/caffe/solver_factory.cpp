#include "caffe/solver_factory.hpp"

#include "caffe/solver.hpp"

namespace caffe {

template <typename Dtype>
typename SolverRegistry<Dtype>::CreatorRegistry&
SolverRegistry<Dtype>::Registry() {
  // Constructed on first use, so registration order across files is safe.
  static CreatorRegistry* registry = new CreatorRegistry();
  return *registry;
}

template <typename Dtype>
void SolverRegistry<Dtype>::AddCreator(const string& type, Creator creator) {
  CreatorRegistry& registry = Registry();
  CHECK_EQ(registry.count(type), 0u)
      << "Solver type " << type << " already registered.";
  registry[type] = creator;
}

template <typename Dtype>
Solver<Dtype>* SolverRegistry<Dtype>::CreateSolver(
    const SolverParameter& param) {
  const string& type = param.type();
  CreatorRegistry& registry = Registry();
  auto it = registry.find(type);
  if (it == registry.end()) {
    string known;
    for (const string& name : SolverTypeList()) {
      known += known.empty() ? name : ", " + name;
    }
    CAFFE_THROW() << "Unknown solver type: \"" << type
                  << "\"; known types: " << known;
  }
  return it->second(param);
}

template <typename Dtype>
vector<string> SolverRegistry<Dtype>::SolverTypeList() {
  vector<string> types;
  for (const auto& entry : Registry()) types.push_back(entry.first);
  return types;
}

template class SolverRegistry<float>;
template class SolverRegistry<double>;

}  // namespace caffe

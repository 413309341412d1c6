#ifndef CAFFE_SOLVER_FACTORY_HPP_
#define CAFFE_SOLVER_FACTORY_HPP_

#include <map>
#include <string>
#include <vector>

#include "caffe/common.hpp"
#include "caffe/proto/caffe.pb.h"

namespace caffe {

template <typename Dtype>
class Solver;

// Maps a solver's type string ("SGD", "Adam") to its creator. Each solver
// registers itself in its own .cpp file with REGISTER_SOLVER_CLASS.
template <typename Dtype>
class SolverRegistry {
 public:
  typedef Solver<Dtype>* (*Creator)(const SolverParameter&);
  typedef std::map<string, Creator> CreatorRegistry;

  static CreatorRegistry& Registry();
  static void AddCreator(const string& type, Creator creator);
  // Creates the solver named by param.type(); an unknown type throws
  // caffe::Error listing the known ones.
  static Solver<Dtype>* CreateSolver(const SolverParameter& param);
  static vector<string> SolverTypeList();

 private:
  SolverRegistry() = delete;
};

template <typename Dtype>
class SolverRegisterer {
 public:
  SolverRegisterer(const string& type,
                   Solver<Dtype>* (*creator)(const SolverParameter&)) {
    SolverRegistry<Dtype>::AddCreator(type, creator);
  }
};

}  // namespace caffe

#define REGISTER_SOLVER_CREATOR(type, creator)                                \
  static ::caffe::SolverRegisterer<float> g_creator_f_##type(#type,           \
                                                             creator<float>); \
  static ::caffe::SolverRegisterer<double> g_creator_d_##type(#type,          \
                                                              creator<double>)

#define REGISTER_SOLVER_CLASS(type)                                        \
  template <typename Dtype>                                                \
  ::caffe::Solver<Dtype>* Creator_##type##Solver(                          \
      const ::caffe::SolverParameter& param) {                             \
    return new type##Solver<Dtype>(param);                                 \
  }                                                                        \
  REGISTER_SOLVER_CREATOR(type, Creator_##type##Solver)

#endif  // CAFFE_SOLVER_FACTORY_HPP_

#include "caffe/layers/python_layer.hpp"

#include <dlfcn.h>

#include <mutex>
#include <string>
#include <type_traits>
#include <vector>

#include "caffe/layer_factory.hpp"

namespace caffe {
namespace {

const char kEmbeddingLibrary[] = "libcaffe_python_embed.so";

// Where libcaffe itself was loaded from: the embedding library is built
// beside it.
std::string LibraryDirectory() {
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(&LibraryDirectory), &info) == 0 ||
      info.dli_fname == nullptr) {
    return "";
  }
  const std::string path = info.dli_fname;
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash + 1);
}

// Loads the embedding library and starts Python in it, once per process;
// returns "" on success, else why not.
std::string StartEmbeddedPython() {
  static std::mutex mutex;
  std::lock_guard<std::mutex> lock(mutex);
  static std::string failure;
  static bool started = false;
  if (started || !failure.empty()) return failure;
  const std::string beside = LibraryDirectory() + kEmbeddingLibrary;
  // RTLD_GLOBAL: the extension modules Python then imports find libpython's
  // symbols through it.
  void* library = dlopen(beside.c_str(), RTLD_NOW | RTLD_GLOBAL);
  if (library == nullptr) library = dlopen(kEmbeddingLibrary, RTLD_NOW | RTLD_GLOBAL);
  if (library == nullptr) {
    failure = "this Crema was built without Python support (" +
              std::string(kEmbeddingLibrary) + " not found: " + dlerror() + ")";
    return failure;
  }
  typedef const char* (*Start)();
  auto start = reinterpret_cast<Start>(
      dlsym(library, "crema_start_embedded_python"));
  if (start == nullptr) {
    failure = std::string(kEmbeddingLibrary) + " has no entry point";
    return failure;
  }
  failure = start();
  started = failure.empty();
  return failure;
}

template <typename Dtype>
shared_ptr<Layer<Dtype> > CreatePythonLayer(const LayerParameter& param) {
  // Set while the registry is asked again: if pycaffe did not replace this
  // creator, the second call must not recurse.
  static thread_local bool retrying = false;
  std::string unavailable;
  if (!std::is_same<Dtype, float>::value) {
    unavailable = "Python layers run in single-precision (float) nets only";
  } else if (retrying) {
    unavailable = "the caffe package Python imported did not register its "
                  "Python layer (is PYTHONPATH pointing at another build?)";
  } else {
    unavailable = StartEmbeddedPython();
    if (unavailable.empty()) {
      retrying = true;
      try {
        shared_ptr<Layer<Dtype> > layer = LayerRegistry<Dtype>::CreateLayer(param);
        retrying = false;
        return layer;
      } catch (...) {
        retrying = false;
        throw;
      }
    }
  }
  return shared_ptr<Layer<Dtype> >(new PythonLayer<Dtype>(param, unavailable));
}

}  // namespace

template <typename Dtype>
void PythonLayer<Dtype>::LayerSetUp(const vector<Blob<Dtype>*>& bottom,
                                    const vector<Blob<Dtype>*>& top) {
  const PythonParameter& param = this->layer_param_.python_param();
  CAFFE_THROW() << "layer " << this->layer_param_.name() << ": "
                << unavailable_ << " (module " << param.module() << ", layer "
                << param.layer() << ")";
}

INSTANTIATE_CLASS(PythonLayer);
REGISTER_LAYER_CREATOR(Python, CreatePythonLayer);

}  // namespace caffe

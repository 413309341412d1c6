// libcaffe_python_embed: starts a Python interpreter inside a program that
// is not Python (the caffe tool, a C++ program using Net), so that its nets
// can hold "Python" layers. libcaffe loads it on the first Python layer it
// meets (see src/caffe/layers/python_layer.cpp), which keeps libpython out
// of libcaffe and out of programs that never use Python layers.
//
// Starting means: initialise the interpreter, import caffe (whose native
// module registers the real Python layer with the registry this process
// shares), and release the GIL so that whichever thread runs the net can
// take it.
#include <Python.h>

#include <string>

namespace {

std::string Describe(const char* what) {
  std::string message = what;
  PyObject *type = nullptr, *value = nullptr, *traceback = nullptr;
  PyErr_Fetch(&type, &value, &traceback);
  PyErr_NormalizeException(&type, &value, &traceback);
  if (value != nullptr) {
    PyObject* text = PyObject_Str(value);
    const char* utf8 = text ? PyUnicode_AsUTF8(text) : nullptr;
    if (type != nullptr) {
      message += ": ";
      message += reinterpret_cast<PyTypeObject*>(type)->tp_name;
    }
    if (utf8 != nullptr) {
      message += ": ";
      message += utf8;
    }
    Py_XDECREF(text);
  }
  Py_XDECREF(type);
  Py_XDECREF(value);
  Py_XDECREF(traceback);
  PyErr_Clear();
  return message;
}

// Makes `import caffe` work without PYTHONPATH when this build's own
// python/ folder holds the package; PYTHONPATH, where set, comes first.
void AppendBuildPythonPath() {
#ifdef CAFFE_PYTHON_DIR
  PyObject* path = PySys_GetObject("path");  // borrowed
  PyObject* entry = PyUnicode_FromString(CAFFE_PYTHON_DIR);
  if (path != nullptr && entry != nullptr) PyList_Append(path, entry);
  Py_XDECREF(entry);
#endif
}

}  // namespace

// Returns "" once Python runs with caffe imported, else why it could not.
// Idempotent; the caller serialises calls.
extern "C" const char* crema_start_embedded_python() {
  static std::string failure;
  static bool started = false;
  if (started) return "";
  if (!failure.empty()) return failure.c_str();
  const bool owns_interpreter = !Py_IsInitialized();
  if (owns_interpreter) {
    Py_InitializeEx(0);  // 0: leave the program's signal handlers alone
  }
  PyGILState_STATE gil = PyGILState_Ensure();
  AppendBuildPythonPath();
  PyObject* caffe = PyImport_ImportModule("caffe");
  if (caffe == nullptr) {
    failure = Describe("cannot import the caffe Python package (add Crema's "
                       "python/ folder to PYTHONPATH)");
  } else {
    Py_DECREF(caffe);
    started = true;
  }
  PyGILState_Release(gil);
  // The interpreter's first thread still holds the GIL after
  // initialisation; give it up so that any thread can run Python layers.
  if (owns_interpreter) PyEval_SaveThread();
  return started ? "" : failure.c_str();
}

#include "caffe/util/tool_main.hpp"

#include <cstdio>
#include <exception>

namespace caffe {

string OneLine(string message) {
  for (char& c : message) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return message;
}

void PrintToolError(const string& name, const string& message) {
  fprintf(stderr, "%s: error: %s\n", name.c_str(), OneLine(message).c_str());
}

int RunPrintingErrors(const string& name, const std::function<int()>& body) {
  try {
    return body();
  } catch (const std::exception& error) {
    PrintToolError(name, error.what());
  }
  return 1;
}

int RunTool(int argc, char** argv, const string& name, const string& usage,
            int min_args, int max_args,
            const std::function<void(const vector<string>& args)>& body) {
  gflags::SetUsageMessage(usage);
  GlobalInit(&argc, &argv);
  const int num_args = argc - 1;
  if (num_args < min_args || num_args > max_args) {
    gflags::ShowUsageWithFlagsRestrict(argv[0], ("tools/" + name).c_str());
    return 1;
  }
  const vector<string> args(argv + 1, argv + argc);
  return RunPrintingErrors(name, [&] {
    body(args);
    return 0;
  });
}

}  // namespace caffe

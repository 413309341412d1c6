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
  try {
    body(vector<string>(argv + 1, argv + argc));
  } catch (const std::exception& error) {
    fprintf(stderr, "%s: error: %s\n", name.c_str(),
            OneLine(error.what()).c_str());
    return 1;
  }
  return 0;
}

}  // namespace caffe

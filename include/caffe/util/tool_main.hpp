#ifndef CAFFE_UTIL_TOOL_MAIN_HPP_
#define CAFFE_UTIL_TOOL_MAIN_HPP_

#include <functional>
#include <string>
#include <vector>

#include "caffe/common.hpp"

namespace caffe {

// message with its line breaks replaced by spaces: a tool's error is one
// line, which scripts grep for.
string OneLine(string message);

// Writes "NAME: error: MESSAGE" to stderr, message made one line.
void PrintToolError(const string& name, const string& message);

// Runs body and returns its exit status; a caffe::Error (or other
// std::exception) from it is printed by PrintToolError and gives status 1.
// The error path of every command-line tool's main().
int RunPrintingErrors(const string& name, const std::function<int()>& body);

// The main() of a command-line tool that takes positional arguments: sets
// the usage message, runs GlobalInit (flags, logging), prints the
// usage and returns 1 unless it got between min_args and max_args arguments,
// then runs body on them through RunPrintingErrors.
// name is the program's name (its flags are those of tools/NAME.cpp).
int RunTool(int argc, char** argv, const string& name, const string& usage,
            int min_args, int max_args,
            const std::function<void(const vector<string>& args)>& body);

}  // namespace caffe

#endif  // CAFFE_UTIL_TOOL_MAIN_HPP_

#include "caffe/util/io.hpp"
#include "caffe/util/upgrade_proto.hpp"

namespace caffe {

void UpgradeNetFile(const string& input_file, const string& output_file,
                    bool binary) {
  NetParameter param;
  if (binary) {
    ReadProtoFromBinaryFileOrDie(input_file, &param);
  } else {
    ReadProtoFromTextFileOrDie(input_file, &param);
  }
  // Any other message parses as an empty NetParameter; refuse to write that.
  CAFFE_REQUIRE(param.layer_size() > 0 || param.layers_size() > 0 ||
                param.input_size() > 0)
      << input_file << " holds no net definition (no layer, layers or input "
      << "entries)";
  const bool needed = NetNeedsUpgrade(param);
  CAFFE_REQUIRE(UpgradeNetAsNeeded(input_file, &param))
      << "could not fully upgrade " << input_file
      << "; the log names the layers that failed";
  if (binary) {
    WriteProtoToBinaryFile(param, output_file);
  } else {
    WriteProtoToTextFile(param, output_file);
  }
  LOG(INFO) << (needed ? "Wrote upgraded NetParameter to "
                       : "Already in the current format; wrote it to ")
            << output_file;
}

void UpgradeSolverFile(const string& input_file, const string& output_file) {
  SolverParameter param;
  ReadProtoFromTextFileOrDie(input_file, &param);
  const bool needed = SolverNeedsTypeUpgrade(param);
  CAFFE_REQUIRE(UpgradeSolverAsNeeded(input_file, &param))
      << "could not upgrade solver " << input_file;
  WriteProtoToTextFile(param, output_file);
  LOG(INFO) << (needed ? "Wrote upgraded SolverParameter to "
                       : "Already in the current format; wrote it to ")
            << output_file;
}

}  // namespace caffe

// Images per second that a Data layer delivers from a database of Datums
// (bench/data_throughput.sh):
//   data_layer_throughput DB BATCH_SIZE BATCHES [CROP] [COMPUTE_MS]
// The layer reads DB (LMDB) in TRAIN phase with CaffeNet's transformation:
// crop CROP (default 227), mirror, mean_value 104/117/123. The first
// data_param.prefetch + 1 batches (loaded before the clock starts) are not
// timed. With COMPUTE_MS > 0, each Forward is followed by that much busy
// work on this thread, like a training loop. The report gives the mean time
// of a Forward: the wait for the prefetch thread plus the copy of the batch,
// and the CPU time of all threads over the wall time ("cores used").
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <iomanip>
#include <iostream>
#include <string>

#include "caffe/blob.hpp"
#include "caffe/common.hpp"
#include "caffe/net.hpp"
#include "caffe/proto/caffe.pb.h"
#include "caffe/util/io.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Keeps this thread busy (not asleep) for ms milliseconds, as compute would.
void BusyWork(double ms) {
  const Clock::time_point start = Clock::now();
  volatile double sink = 0;
  while (SecondsSince(start) * 1000 < ms) {
    for (int i = 0; i < 1000; ++i) sink = sink + i * 1e-9;
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4 || argc > 6) {
    std::cerr << "usage: data_layer_throughput DB BATCH_SIZE BATCHES [CROP] "
                 "[COMPUTE_MS]\n";
    return 1;
  }
  const std::string source = argv[1];
  const int batch_size = std::atoi(argv[2]);
  const int batches = std::atoi(argv[3]);
  const int crop = argc > 4 ? std::atoi(argv[4]) : 227;
  const double compute_ms = argc > 5 ? std::atof(argv[5]) : 0;
  const int prefetch = 4;
  try {
    caffe::NetParameter param;
    caffe::ReadProtoFromTextString(
        caffe::StrCat("layer { name: 'data' type: 'Data' top: 'data' ",
                      "top: 'label' data_param { source: '", source,
                      "' backend: LMDB batch_size: ", batch_size, " prefetch: ",
                      prefetch, " } transform_param { crop_size: ", crop,
                      " mirror: true mean_value: 104 mean_value: 117 ",
                      "mean_value: 123 } }"),
        &param, "data_layer_throughput net");
    param.mutable_state()->set_phase(caffe::TRAIN);
    caffe::Net<float> net(param);
    // Let the prefetch thread fill its queue, then drain it untimed.
    for (int i = 0; i <= prefetch; ++i) net.Forward();

    double in_forward = 0;
    const std::clock_t cpu_start = std::clock();
    const Clock::time_point start = Clock::now();
    for (int i = 0; i < batches; ++i) {
      const Clock::time_point forward = Clock::now();
      net.Forward();
      in_forward += SecondsSince(forward);
      if (compute_ms > 0) BusyWork(compute_ms);
    }
    const double seconds = SecondsSince(start);
    // Of every thread of the process: how many cores it actually got.
    const double cpu_seconds =
        static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    const double images = static_cast<double>(batch_size) * batches;
    std::cout << std::fixed << std::setprecision(1)
              << "images/s: " << images / seconds << "  batches: " << batches
              << " x " << batch_size << "  seconds: " << std::setprecision(3)
              << seconds
              << "  mean Forward time (ms): " << 1000 * in_forward / batches
              << "  compute per batch (ms): " << compute_ms
              << "  cores used: " << std::setprecision(2)
              << cpu_seconds / seconds << "\n";
  } catch (const std::exception& error) {
    std::cerr << "data_layer_throughput: error: " << error.what() << "\n";
    return 1;
  }
  return 0;
}

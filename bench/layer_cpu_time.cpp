// Per-layer CPU time of a net's forward (and backward) pass on one thread,
// summed by layer kind (convolutions by kernel size, group and stride):
//
//   layer_cpu_time NET.prototxt [ITERATIONS=5] [BATCH] [backward]
//
// It measures the thread's CPU time (CLOCK_THREAD_CPUTIME_ID), not the wall
// time, so that figures taken on a machine busy with other work stay
// comparable: a thread waiting for a core does not count. One untimed pass
// first; the medians over ITERATIONS passes are printed. Only meaningful for
// one thread (OMP_NUM_THREADS=1), since other threads' time is not seen.
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "caffe/caffe.hpp"
#include "caffe/util/math_functions.hpp"

namespace {

double ThreadCpuMs() {
  timespec now;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1e3 + now.tv_nsec * 1e-6;
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// "Convolution 3x3 s1" or "Convolution 1x1 g2", else the layer type.
std::string Kind(const caffe::LayerParameter& layer) {
  std::string kind = layer.type();
  if (kind != "Convolution" && kind != "Deconvolution") return kind;
  const caffe::ConvolutionParameter& conv = layer.convolution_param();
  const int kernel = conv.kernel_size_size() ? conv.kernel_size(0)
                                             : static_cast<int>(conv.kernel_h());
  const int stride = conv.stride_size() ? conv.stride(0) : 1;
  kind += " " + std::to_string(kernel) + "x" + std::to_string(kernel);
  if (stride != 1) kind += " s" + std::to_string(stride);
  if (conv.group() != 1) kind += " g" + std::to_string(conv.group());
  return kind;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: %s NET.prototxt [ITERATIONS] [BATCH] [backward]\n",
                 argv[0]);
    return 1;
  }
  const std::string model = argv[1];
  const int iterations = argc > 2 ? std::atoi(argv[2]) : 5;
  const int batch = argc > 3 ? std::atoi(argv[3]) : 0;
  const bool backward = argc > 4 && std::strcmp(argv[4], "backward") == 0;
  FLAGS_minloglevel = 1;  // the net's set-up log is not wanted here
  caffe::GlobalInit(&argc, &argv);
  caffe::Caffe::set_mode(caffe::Caffe::CPU);
  caffe::SetThreadCount(1);

  caffe::NetParameter param;
  caffe::ReadNetParamsFromTextFileOrDie(model, &param);
  param.mutable_state()->set_phase(caffe::TRAIN);
  if (batch > 0) {
    if (param.input_dim_size() >= 4) {
      param.set_input_dim(0, batch);
    } else if (param.input_shape_size() > 0) {
      param.mutable_input_shape(0)->set_dim(0, batch);
    } else if (param.layer(0).type() == "Input") {
      param.mutable_layer(0)->mutable_input_param()->mutable_shape(0)->set_dim(
          0, batch);
    }
  }
  caffe::Net<float> net(param);
  for (const auto& blob : net.input_blobs()) {
    caffe::caffe_rng_uniform(blob->count(), -1.0f, 1.0f,
                             blob->mutable_cpu_data());
  }
  const auto& layers = net.layers();
  const int num_layers = static_cast<int>(layers.size());
  std::vector<std::string> kinds;
  for (int i = 0; i < num_layers; ++i) {
    kinds.push_back(Kind(layers[i]->layer_param()));
  }

  std::map<std::string, std::vector<double>> forward_ms, backward_ms;
  std::vector<double> total_forward, total_backward;
  for (int iteration = 0; iteration <= iterations; ++iteration) {
    std::map<std::string, double> forward, backward_pass;
    double total = 0;
    for (int i = 0; i < num_layers; ++i) {
      const double start = ThreadCpuMs();
      layers[i]->Forward(net.bottom_vecs()[i], net.top_vecs()[i]);
      const double ms = ThreadCpuMs() - start;
      forward[kinds[i]] += ms;
      total += ms;
    }
    double total_back = 0;
    if (backward) {
      for (int i = num_layers - 1; i >= 0; --i) {
        const double start = ThreadCpuMs();
        layers[i]->Backward(net.top_vecs()[i], net.bottom_need_backward()[i],
                            net.bottom_vecs()[i]);
        const double ms = ThreadCpuMs() - start;
        backward_pass[kinds[i]] += ms;
        total_back += ms;
      }
    }
    if (iteration == 0) continue;  // warm-up
    for (const auto& entry : forward) forward_ms[entry.first].push_back(entry.second);
    for (const auto& entry : backward_pass) {
      backward_ms[entry.first].push_back(entry.second);
    }
    total_forward.push_back(total);
    total_backward.push_back(total_back);
  }
  std::printf("%s: forward %.1f ms CPU", param.name().c_str(),
              Median(total_forward));
  if (backward) std::printf(", backward %.1f ms CPU", Median(total_backward));
  std::printf(" (medians of %d passes)\n", iterations);
  for (const auto& entry : forward_ms) {
    std::printf("  %-24s forward %8.2f ms", entry.first.c_str(),
                Median(entry.second));
    if (backward) std::printf("  backward %8.2f ms", Median(backward_ms[entry.first]));
    std::printf("\n");
  }
  return 0;
}

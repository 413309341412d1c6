// The training definitions under models/: every solver parses and names a
// train_val.prototxt of the repository; every train_val builds in TRAIN and
// TEST phase with its data layers replaced by DummyData of the same shapes
// (batch 1), runs a forward/backward pass in TRAIN and a forward pass in
// TEST, and has the learned layers (names and blob shapes) of its deploy
// definition, so that what it trains loads into the deploy net.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "caffe/caffe.hpp"
#include "support/test_caffe_main.hpp"

namespace caffe {
namespace {

// The files under models/ whose name ends in suffix, sorted.
std::vector<std::string> ZooFiles(const std::string& suffix) {
  std::vector<std::string> files;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(SourcePath("models"))) {
    const std::string name = entry.path().filename().string();
    if (name.size() >= suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      files.push_back(entry.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The folders of models/ that hold a train_val.prototxt.
const char* const kTrainValFolders[] = {
    "bvlc_alexnet",          "bvlc_googlenet", "bvlc_reference_caffenet",
    "finetune_flickr_style", "nin_imagenet",   "squeezenet_v1.0",
    "squeezenet_v1.1"};

std::string Folder(const std::string& path) {
  return std::filesystem::path(path).parent_path().filename().string();
}

// A train_val of models/ with each Data/ImageData layer replaced by a
// DummyData layer of one random crop and label 0, in the given phase.
NetParameter TrainValWithDummyData(const std::string& folder, Phase phase) {
  NetParameter param;
  ReadNetParamsFromTextFileOrDie(
      SourcePath("models/" + folder + "/train_val.prototxt"), &param);
  param.mutable_state()->set_phase(phase);
  for (LayerParameter& layer : *param.mutable_layer()) {
    if (layer.type() != "Data" && layer.type() != "ImageData") continue;
    const int crop = static_cast<int>(layer.transform_param().crop_size());
    EXPECT_GT(crop, 0) << layer.name();
    EXPECT_EQ(2, layer.top_size()) << layer.name();
    LayerParameter dummy;
    dummy.set_name(layer.name());
    dummy.set_type("DummyData");
    *dummy.mutable_top() = layer.top();
    *dummy.mutable_include() = layer.include();
    DummyDataParameter* data = dummy.mutable_dummy_data_param();
    BlobShape* image = data->add_shape();
    for (int dim : {1, 3, crop, crop}) image->add_dim(dim);
    data->add_shape()->add_dim(1);
    FillerParameter* pixels = data->add_data_filler();
    pixels->set_type("gaussian");
    pixels->set_std(1);
    data->add_data_filler()->set_type("constant");
    layer = dummy;
  }
  return param;
}

TEST(ModelZooTrainingTest, EverySolverNamesATrainValOfTheRepository) {
  const std::vector<std::string> solvers = ZooFiles("solver.prototxt");
  EXPECT_GE(solvers.size(), 8u);
  for (const std::string& file : solvers) {
    SCOPED_TRACE(file);
    SolverParameter solver;
    ReadSolverParamsFromTextFileOrDie(file, &solver);
    ASSERT_TRUE(solver.has_net());
    EXPECT_EQ("models/" + Folder(file) + "/train_val.prototxt", solver.net());
    EXPECT_TRUE(std::filesystem::exists(SourcePath(solver.net())))
        << solver.net();
    EXPECT_GT(solver.base_lr(), 0);
    EXPECT_GT(solver.max_iter(), 0);
  }
}

TEST(ModelZooTrainingTest, TheTrainValListIsComplete) {
  std::vector<std::string> folders;
  for (const std::string& file : ZooFiles("train_val.prototxt"))
    folders.push_back(Folder(file));
  EXPECT_EQ(std::vector<std::string>(std::begin(kTrainValFolders),
                                     std::end(kTrainValFolders)),
            folders);
}

class ModelZooTrainValTest : public ::testing::TestWithParam<const char*> {};

TEST_P(ModelZooTrainValTest, TrainsTestsAndHasTheDeployLayers) {
  const std::string folder = GetParam();
  Caffe::set_random_seed(1701);
  Net<float> train(TrainValWithDummyData(folder, TRAIN));
  const float loss = train.ForwardBackward();
  EXPECT_TRUE(std::isfinite(loss));
  EXPECT_GT(loss, 0);

  // The fillers were exercised above; zero weights keep this net cheap.
  NetParameter test_param = TrainValWithDummyData(folder, TEST);
  for (LayerParameter& layer : *test_param.mutable_layer()) {
    layer.mutable_convolution_param()->clear_weight_filler();
    layer.mutable_inner_product_param()->clear_weight_filler();
  }
  Net<float> test(test_param);
  test.Forward();
  for (size_t i = 0; i < test.output_blobs().size(); ++i) {
    const std::string& name = test.blob_names()[test.output_blob_indices()[i]];
    if (name.find("loss") != std::string::npos) continue;
    const float accuracy = test.output_blobs()[i]->cpu_data()[0];
    EXPECT_TRUE(accuracy == 0 || accuracy == 1) << name << " " << accuracy;
  }

  // Weights trained from the train_val load by name into the deploy net.
  NetParameter deploy_param;
  ReadNetParamsFromTextFileOrDie(
      SourcePath("models/" + folder + "/deploy.prototxt"), &deploy_param);
  deploy_param.mutable_state()->set_phase(TEST);
  deploy_param.mutable_layer(0)
      ->mutable_input_param()
      ->mutable_shape(0)
      ->set_dim(0, 1);
  Net<float> deploy(deploy_param);
  for (const auto& layer : deploy.layers()) {
    if (layer->blobs().empty()) continue;
    const std::string& name = layer->layer_param().name();
    ASSERT_TRUE(train.has_layer(name)) << name;
    const auto& trained = train.layer_by_name(name)->blobs();
    ASSERT_EQ(layer->blobs().size(), trained.size()) << name;
    for (size_t j = 0; j < trained.size(); ++j) {
      EXPECT_EQ(layer->blobs()[j]->shape(), trained[j]->shape())
          << name << " " << j;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Zoo, ModelZooTrainValTest,
                         ::testing::ValuesIn(kTrainValFolders),
                         [](const ::testing::TestParamInfo<const char*>& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '.', '_');
                           return name;
                         });

}  // namespace
}  // namespace caffe

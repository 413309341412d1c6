#!/usr/bin/env bash
# Regenerates the seed corpora under fuzz/corpus/<target>/ from the
# repository's own files, a few legacy nets written below, and what
# fuzz_make_seeds writes (weights and solver states of the targets' small
# net, a mean, datums). Keep it small: seeds should be quick to run.
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${BUILD_DIR:-build-fuzz}
bash scripts/build_sanitized.sh fuzz_make_seeds
source scripts/sanitizer_env.sh

corpus=fuzz/corpus
rm -rf "$corpus"
mkdir -p "$corpus"/{net_prototxt,net_upgrade,caffemodel,solverstate,mean_binaryproto,datum}
"$build_dir/fuzz/fuzz_make_seeds" "$corpus"

# Nets: the examples, and the zoo's deploy definitions small enough to build
# quickly (the ResNets, VGG and GoogLeNet allocate hundreds of MB).
nets=(examples/fashion_mnist/lenet_deploy.prototxt
      examples/fashion_mnist/lenet_train_test.prototxt
      models/fashion_mnist_lenet/deploy.prototxt
      models/squeezenet_v1.1/deploy.prototxt
      models/nin_imagenet/deploy.prototxt
      models/mobilenet_v1/deploy.prototxt)
for net in "${nets[@]}"; do
  name=$(echo "$net" | tr / _)
  cp "$net" "$corpus/net_prototxt/$name"
done
# Net-level inputs (mobilenet) and data layers (lenet_train_test) are
# legacy forms too.
cp "$corpus/net_prototxt/models_mobilenet_v1_deploy.prototxt" \
   "$corpus/net_prototxt/examples_fashion_mnist_lenet_train_test.prototxt" \
   "$corpus/net_upgrade/"

cat > "$corpus/net_upgrade/v1_lenet.prototxt" <<'NET'
name: "v1"
input: "data" input_dim: 2 input_dim: 1 input_dim: 8 input_dim: 8
layers { name: "conv" type: CONVOLUTION bottom: "data" top: "conv"
  blobs_lr: 1 blobs_lr: 2 weight_decay: 1 weight_decay: 0
  convolution_param { num_output: 3 kernel_size: 3
    weight_filler { type: "xavier" } } }
layers { name: "pool" type: POOLING bottom: "conv" top: "pool"
  pooling_param { pool: MAX kernel_size: 2 stride: 2 } }
layers { name: "relu" type: RELU bottom: "pool" top: "pool" }
layers { name: "ip" type: INNER_PRODUCT bottom: "pool" top: "ip"
  inner_product_param { num_output: 4 } }
layers { name: "drop" type: DROPOUT bottom: "ip" top: "ip"
  include { phase: TRAIN } }
layers { name: "prob" type: SOFTMAX bottom: "ip" top: "prob" }
NET
cat > "$corpus/net_upgrade/v1_data.prototxt" <<'NET'
name: "v1_data"
layers { name: "data" type: DATA top: "data" top: "label"
  data_param { source: "missing_lmdb" backend: LMDB batch_size: 4 }
  transform_param { scale: 0.00390625 mirror: true crop_size: 4 } }
layers { name: "ip" type: INNER_PRODUCT bottom: "data" top: "ip"
  inner_product_param { num_output: 2 } }
layers { name: "loss" type: SOFTMAX_LOSS bottom: "ip" bottom: "label" }
NET
cat > "$corpus/net_upgrade/v0_padding.prototxt" <<'NET'
name: "v0"
input: "data" input_dim: 1 input_dim: 3 input_dim: 9 input_dim: 9
layers { layer { name: "pad1" type: "padding" pad: 1 }
  bottom: "data" top: "pad1" }
layers { layer { name: "conv1" type: "conv" num_output: 4 kernelsize: 3
    stride: 1 group: 1 biasterm: true
    weight_filler { type: "gaussian" std: 0.01 } blobs_lr: 1 }
  bottom: "pad1" top: "conv1" }
layers { layer { name: "relu1" type: "relu" } bottom: "conv1" top: "conv1" }
layers { layer { name: "pool1" type: "pool" pool: MAX kernelsize: 3
    stride: 2 } bottom: "conv1" top: "pool1" }
layers { layer { name: "norm1" type: "lrn" local_size: 3 alpha: 0.0001
    beta: 0.75 } bottom: "pool1" top: "norm1" }
layers { layer { name: "fc" type: "innerproduct" num_output: 5 }
  bottom: "norm1" top: "fc" }
layers { layer { name: "prob" type: "softmax" } bottom: "fc" top: "prob" }
NET
cat > "$corpus/net_upgrade/batch_norm_params.prototxt" <<'NET'
name: "bn"
layer { name: "data" type: "Input" top: "data"
  input_param { shape { dim: 2 dim: 3 dim: 4 dim: 4 } } }
layer { name: "bn" type: "BatchNorm" bottom: "data" top: "bn"
  param { lr_mult: 0 } param { lr_mult: 0 } param { lr_mult: 0 } }
NET
# Every legacy net is a net too.
cp "$corpus"/net_upgrade/{v1_lenet,v0_padding,batch_norm_params}.prototxt \
   "$corpus/net_prototxt/"

cp models/fashion_mnist_lenet/mean.binaryproto \
   "$corpus/mean_binaryproto/fashion_mnist_lenet_mean.binaryproto"

du -sh "$corpus"

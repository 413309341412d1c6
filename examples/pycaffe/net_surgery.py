#!/usr/bin/env python3
"""Net surgery: turns the shipped Fashion-MNIST LeNet into a fully
convolutional net by editing its definition and copying (and reshaping) the
inner products' weights into convolutions, saves the new weights, reloads
them, and checks that both nets give the same probabilities on a 28x28 image
while the new one also takes bigger images (a map of class scores).

    PYTHONPATH=python python3 examples/pycaffe/net_surgery.py [--output DIR]
"""

import argparse
import os
import sys
import tempfile

import numpy as np
from google.protobuf import text_format

import caffe
from caffe.proto import caffe_pb2
from fashion_mnist_data import REPO, test_images

MODEL = os.path.join(REPO, 'models', 'fashion_mnist_lenet')
DEPLOY = os.path.join(MODEL, 'deploy.prototxt')
WEIGHTS = os.path.join(MODEL, 'fashion_mnist_lenet.caffemodel')
# Each inner product becomes a convolution over its whole input.
REPLACED = {'ip1': 'ip1-conv', 'ip2': 'ip2-conv'}


def fully_convolutional(deploy, net, input_size):
    """The deploy definition with every InnerProduct as a Convolution whose
    kernel covers the inner product's input, and a bigger input."""
    param = text_format.Parse(open(deploy).read(), caffe_pb2.NetParameter())
    param.layer[0].input_param.shape[0].dim[2] = input_size
    param.layer[0].input_param.shape[0].dim[3] = input_size
    for layer in param.layer:
        if layer.name not in REPLACED:
            continue
        bottom = net.blobs[layer.bottom[0]]
        outputs = layer.inner_product_param.num_output
        layer.name = REPLACED[layer.name]
        layer.type = 'Convolution'
        layer.ClearField('inner_product_param')
        conv = layer.convolution_param
        conv.num_output = outputs
        conv.kernel_size.append(bottom.height if bottom.data.ndim == 4 else 1)
    return param


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--output', default=None,
                        help='folder for the new prototxt and caffemodel')
    args = parser.parse_args(argv)
    output = args.output or tempfile.mkdtemp(prefix='net_surgery_')
    caffe.set_mode_cpu()
    net = caffe.Net(DEPLOY, caffe.TEST, weights=WEIGHTS)
    for name, params in net.params.items():
        print('%-8s weights %-18s biases %s' % (
            name, params[0].data.shape, params[1].data.shape))

    definition = fully_convolutional(DEPLOY, net, input_size=28)
    fcn_path = os.path.join(output, 'lenet_fully_conv.prototxt')
    with open(fcn_path, 'w') as f:
        f.write(str(definition))
    fcn = caffe.Net(fcn_path, caffe.TEST, weights=WEIGHTS)  # shared layers
    for old, new in REPLACED.items():
        # Same numbers, the convolution's shape: out x in x kh x kw.
        fcn.params[new][0].data.flat = net.params[old][0].data.flat
        fcn.params[new][1].data[...] = net.params[old][1].data
        print('%s %s -> %s %s' % (old, net.params[old][0].data.shape, new,
                                  fcn.params[new][0].data.shape))
    weights_path = os.path.join(output, 'lenet_fully_conv.caffemodel')
    fcn.save(weights_path)

    reloaded = caffe.Net(fcn_path, caffe.TEST, weights=weights_path)
    images, _ = test_images(8)
    worst = 0.0
    for image in images:
        # The net's input is pixel - m (see the model's readme).
        data = image.astype(np.float32)[np.newaxis, np.newaxis] - 72.940353
        original = net.forward(data=data)['prob'].ravel().copy()
        surgical = reloaded.forward(data=data)['prob'].ravel()
        worst = max(worst, float(np.abs(original - surgical).max()))
    print('largest difference of the probabilities: %.3g' % worst)

    # The same weights slide over a bigger image: 4 x 4 tiles of 28x28.
    big_path = os.path.join(output, 'lenet_fully_conv_112.prototxt')
    with open(big_path, 'w') as f:
        f.write(str(fully_convolutional(DEPLOY, net, input_size=112)))
    big = caffe.Net(big_path, caffe.TEST, weights=weights_path)
    print('a 112x112 input gives class maps of shape %s'
          % (big.blobs['prob'].data.shape,))
    print('wrote %s and %s' % (fcn_path, weights_path))
    return 0 if worst < 1e-5 else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))

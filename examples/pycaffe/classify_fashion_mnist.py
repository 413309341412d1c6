#!/usr/bin/env python3
"""Classifies Fashion-MNIST test images with caffe.Classifier and the
shipped model (models/fashion_mnist_lenet), and checks that the top-1 class
of each image is the one the C++ `classification` tool gives.

    PYTHONPATH=python python3 examples/pycaffe/classify_fashion_mnist.py [--count 1000]
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

import caffe
from fashion_mnist_data import BUILD, REPO, test_images

MODEL = os.path.join(REPO, 'models', 'fashion_mnist_lenet')


def mean_of(binaryproto):
    blob = caffe.proto.caffe_pb2.BlobProto()
    with open(binaryproto, 'rb') as f:
        blob.ParseFromString(f.read())
    return caffe.io.blobproto_to_array(blob)


def tool_top1(image_path, labels):
    """The first label the classification tool prints for the image."""
    result = subprocess.run(
        [os.path.join(BUILD, 'tools', 'classification'),
         os.path.join(MODEL, 'deploy.prototxt'),
         os.path.join(MODEL, 'fashion_mnist_lenet.caffemodel'),
         os.path.join(MODEL, 'mean.binaryproto'),
         os.path.join(MODEL, 'labels.txt'), image_path],
        check=True, capture_output=True, text=True,
        env=dict(os.environ, GLOG_minloglevel='2'))
    first = re.search(r'^[0-9.]+ - "(.*)"$', result.stdout, re.MULTILINE)
    return labels.index(first.group(1))


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--count', type=int, default=1000)
    args = parser.parse_args(argv)
    import skimage.io
    caffe.set_mode_cpu()
    with open(os.path.join(MODEL, 'labels.txt')) as f:
        labels = [line.strip() for line in f if line.strip()]
    # The deploy net expects pixel - m, m the mean file's average (see the
    # model's readme): raw_scale 255 undoes load_image's [0, 1].
    mean = mean_of(os.path.join(MODEL, 'mean.binaryproto'))
    classifier = caffe.Classifier(
        os.path.join(MODEL, 'deploy.prototxt'),
        os.path.join(MODEL, 'fashion_mnist_lenet.caffemodel'),
        mean=np.array([mean.mean()]), raw_scale=255)
    images, truth = test_images(args.count)
    agree = correct = 0
    with tempfile.TemporaryDirectory() as directory:
        inputs = []
        paths = []
        for index, image in enumerate(images):
            path = os.path.join(directory, '%05d.png' % index)
            skimage.io.imsave(path, image, check_contrast=False)
            paths.append(path)
            inputs.append(caffe.io.load_image(path, color=False))
        predictions = classifier.predict(inputs, oversample=False)
        for index, path in enumerate(paths):
            python_top1 = int(predictions[index].argmax())
            agree += python_top1 == tool_top1(path, labels)
            correct += python_top1 == truth[index]
    print('caffe.Classifier and the classification tool agree on %d of %d '
          'images; top-1 accuracy %.3f' % (agree, len(images),
                                          correct / float(len(images))))
    return 0 if agree == len(images) else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))

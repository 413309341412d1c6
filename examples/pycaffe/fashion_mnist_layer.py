"""A Python data layer serving Fashion-MNIST from the idx files, in the
order convert_mnist_data writes the LMDB and the Data layer reads it (so the
batches are the LMDB's, wrapping around at the end).

    layer { name: "data" type: "Python" top: "data" top: "label"
      python_param { module: "fashion_mnist_layer" layer: "FashionMNISTLayer"
                     param_str: "{'split': 'train', 'batch_size': 64}" } }
"""

import ast

import numpy as np

import caffe
from fashion_mnist_data import _idx

FILES = {'train': ('train-images-idx3-ubyte', 'train-labels-idx1-ubyte'),
         'test': ('t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte')}


class FashionMNISTLayer(caffe.Layer):
    def setup(self, bottom, top):
        params = ast.literal_eval(self.param_str)
        images, labels = FILES[params['split']]
        self.batch_size = int(params['batch_size'])
        # The Data layer's transform_param { scale: 0.00390625 }.
        self.images = _idx(images).astype(np.float32) * np.float32(0.00390625)
        self.labels = _idx(labels).astype(np.float32)
        self.cursor = 0
        if len(top) != 2:
            raise ValueError('FashionMNISTLayer has two tops: data and label')

    def reshape(self, bottom, top):
        top[0].reshape(self.batch_size, 1, 28, 28)
        top[1].reshape(self.batch_size)

    def forward(self, bottom, top):
        count = len(self.labels)
        rows = (self.cursor + np.arange(self.batch_size)) % count
        top[0].data[:, 0] = self.images[rows]
        top[1].data[...] = self.labels[rows]
        self.cursor = (self.cursor + self.batch_size) % count

    def backward(self, top, propagate_down, bottom):
        pass

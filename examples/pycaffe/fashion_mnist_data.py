"""Fashion-MNIST for the pycaffe examples: the test images from the Debian
package dataset-fashion-mnist, and the LMDBs the LeNet examples train on."""

import gzip
import os
import subprocess

import numpy as np

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
DATA = os.path.join(REPO, 'data', 'fashion_mnist')
PACKAGE = os.environ.get('FASHION_MNIST_DIR',
                         '/usr/share/datasets/fashion-mnist')
BUILD = os.environ.get('CAFFE_BUILD_DIR', os.path.join(REPO, 'build'))


def _idx(name):
    """An idx file's array, from data/fashion_mnist or the package."""
    unpacked = os.path.join(DATA, name)
    if os.path.exists(unpacked):
        with open(unpacked, 'rb') as f:
            raw = f.read()
    else:
        with gzip.open(os.path.join(PACKAGE, name + '.gz'), 'rb') as f:
            raw = f.read()
    dims = raw[3]
    shape = tuple(int.from_bytes(raw[4 + 4 * i:8 + 4 * i], 'big')
                  for i in range(dims))
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def test_images(count):
    """The first count test images (count x 28 x 28 uint8) and labels."""
    images = _idx('t10k-images-idx3-ubyte')[:count]
    labels = _idx('t10k-labels-idx1-ubyte')[:count]
    return images, labels


def ensure_lmdbs():
    """data/fashion_mnist/fashion_mnist_{train,test}_lmdb, made with the
    repository's scripts when missing; returns (train, test) paths."""
    train = os.path.join(DATA, 'fashion_mnist_train_lmdb')
    test = os.path.join(DATA, 'fashion_mnist_test_lmdb')
    if not (os.path.isdir(train) and os.path.isdir(test)):
        env = dict(os.environ, BUILD_DIR=BUILD)
        subprocess.run(['bash', os.path.join(DATA, 'get_fashion_mnist.sh')],
                       check=True, env=env)
        subprocess.run(['bash', os.path.join(DATA, 'create_fashion_mnist.sh')],
                       check=True, env=env)
    return train, test

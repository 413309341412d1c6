"""The Python examples (examples/pycaffe/) run and check what they claim,
on small sizes: Classifier against the classification tool, net surgery,
LeNet from NetSpec trained from Python against `caffe train`, and a Python
data layer feeding `caffe train` against the LMDB."""

import os
import subprocess
import sys

import pytest

from conftest import REPO, tool

EXAMPLES = os.path.join(REPO, 'examples', 'pycaffe')
DATASET = os.environ.get('FASHION_MNIST_DIR',
                         '/usr/share/datasets/fashion-mnist')


def run_example(name, *args):
    if not os.path.exists(os.path.join(DATASET, 't10k-images-idx3-ubyte.gz')):
        pytest.skip('Fashion-MNIST is not installed (dataset-fashion-mnist)')
    tool('caffe')
    env = dict(os.environ, GLOG_minloglevel='2')
    result = subprocess.run([sys.executable, os.path.join(EXAMPLES, name)] +
                            list(args), capture_output=True, text=True,
                            env=env, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    return result.stdout


def test_classifier_agrees_with_the_classification_tool():
    out = run_example('classify_fashion_mnist.py', '--count', '25')
    assert 'agree on 25 of 25' in out


def test_net_surgery(tmp_path):
    out = run_example('net_surgery.py', '--output', str(tmp_path))
    assert 'largest difference of the probabilities' in out
    assert (tmp_path / 'lenet_fully_conv.caffemodel').exists()


def test_lenet_from_netspec_trains_like_caffe_train(tmp_path):
    out = run_example('lenet_netspec.py', '--iterations', '60',
                      '--output', str(tmp_path))
    assert 'trained from Python: 60 iterations' in out


def test_python_data_layer_trains_like_the_lmdb():
    out = run_example('python_data_layer.py', '--iterations', '60')
    lines = [line for line in out.splitlines() if 'test accuracy' in line]
    assert len(lines) == 2
